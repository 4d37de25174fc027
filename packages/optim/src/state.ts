import type { FloatArray, OptimizerState, StateValue } from './optimizer.js';

/**
 * Optimizer state as JSON, exactly: typed arrays keep their type and every bit (NaN, ±Infinity, -0
 * included) as little-endian base64, and numbers JSON cannot hold are spelled out. A run saved mid-way
 * and restored continues with the same bits as one that never stopped.
 */

export interface SerializedArray {
  $array: 'Float32Array' | 'Float64Array';
  length: number;
  /** The elements' IEEE-754 bytes, little-endian, base64. */
  base64: string;
}

/** NaN, ±Infinity and -0 as strings; other numbers as themselves. */
export type SerializedNumber = number | { $number: 'NaN' | 'Infinity' | '-Infinity' | '-0' };

export type SerializedValue = SerializedNumber | SerializedArray | SerializedArray[];

export interface SerializedState {
  format: 'descent-optimizer-state';
  version: 1;
  values: Record<string, SerializedValue>;
}

/** State → a JSON-safe value; throws naming the key when a value is not plain state data. */
export function serializeState(state: OptimizerState): SerializedState {
  const values: Record<string, SerializedValue> = {};
  for (const [key, value] of Object.entries(state)) values[key] = serializeValue(key, value);
  return { format: 'descent-optimizer-state', version: 1, values };
}

/** The inverse of `serializeState` (after any JSON round trip); throws on anything it did not write. */
export function restoreState(json: unknown): OptimizerState {
  if (!isRecord(json) || json.format !== 'descent-optimizer-state' || json.version !== 1 || !isRecord(json.values))
    throw new Error(`restoreState: expected { format: 'descent-optimizer-state', version: 1, values: {...} } as written by serializeState, got ${preview(json)}`);
  const state: OptimizerState = {};
  for (const [key, value] of Object.entries(json.values)) state[key] = restoreValue(key, value);
  return state;
}

/** Why `value` is not plain state data (a number, a Float32Array/Float64Array, or a list of those), or null. */
export function stateValueProblem(value: unknown): string | null {
  if (typeof value === 'number' || isFloatArray(value)) return null;
  if (Array.isArray(value)) {
    const bad = value.findIndex((item) => !isFloatArray(item));
    return bad === -1 ? null : `element ${bad} is ${describeKind(value[bad])}, expected a Float32Array or Float64Array`;
  }
  return `it is ${describeKind(value)}; state values must be numbers, Float32Array/Float64Array, or arrays of those`;
}

export function isFloatArray(value: unknown): value is FloatArray {
  return value instanceof Float32Array || value instanceof Float64Array;
}

/** "a Float32Array", "a number[]", "a Map", "undefined", ... for error messages. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return value.every((v) => typeof v === 'number') ? 'a number[]' : 'an array';
  if (typeof value === 'object') {
    const constructorName = (value as object).constructor?.name;
    return constructorName && constructorName !== 'Object' ? withArticle(constructorName) : 'a plain object';
  }
  return withArticle(typeof value);
}

function withArticle(noun: string): string {
  return /^[aeiouAEIOU]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function serializeValue(key: string, value: unknown): SerializedValue {
  const problem = stateValueProblem(value);
  if (problem !== null) throw new Error(`serializeState: state '${key}' cannot be saved: ${problem}`);
  if (typeof value === 'number') return serializeNumber(value);
  if (isFloatArray(value)) return serializeArray(value);
  return (value as FloatArray[]).map(serializeArray);
}

function serializeNumber(x: number): SerializedNumber {
  if (Number.isNaN(x)) return { $number: 'NaN' };
  if (x === Infinity) return { $number: 'Infinity' };
  if (x === -Infinity) return { $number: '-Infinity' };
  if (Object.is(x, -0)) return { $number: '-0' };
  return x;
}

function serializeArray(array: FloatArray): SerializedArray {
  const bytes = new Uint8Array(array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength));
  return {
    $array: array instanceof Float32Array ? 'Float32Array' : 'Float64Array',
    length: array.length,
    base64: Buffer.from(toLittleEndian(bytes, array.BYTES_PER_ELEMENT)).toString('base64'),
  };
}

// The raw bytes are copied (not the values read and written back), so even NaN payloads survive.
// Stored little-endian so a state saved on one machine restores on any other.
const platformIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses each element's bytes on a big-endian machine (its own inverse); a no-op elsewhere. */
function toLittleEndian(bytes: Uint8Array, width: number): Uint8Array {
  if (platformIsLittleEndian) return bytes;
  for (let start = 0; start < bytes.length; start += width) bytes.subarray(start, start + width).reverse();
  return bytes;
}

function restoreValue(key: string, value: unknown): StateValue {
  if (typeof value === 'number') return value;
  if (isRecord(value) && '$number' in value) {
    const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
    const name = String(value.$number);
    if (Object.hasOwn(special, name)) return special[name];
    throw new Error(`restoreState: state '${key}' has unknown number ${preview(value)}`);
  }
  if (Array.isArray(value)) return value.map((item, i) => restoreArray(`${key}[${i}]`, item));
  return restoreArray(key, value);
}

function restoreArray(key: string, value: unknown): FloatArray {
  if (!isRecord(value) || (value.$array !== 'Float32Array' && value.$array !== 'Float64Array') || typeof value.base64 !== 'string' || typeof value.length !== 'number')
    throw new Error(`restoreState: state '${key}' is ${preview(value)}, expected a number or { $array, length, base64 } as written by serializeState`);
  const bytes = Buffer.from(value.base64, 'base64');
  const width = value.$array === 'Float32Array' ? 4 : 8;
  if (bytes.length !== value.length * width)
    throw new Error(`restoreState: state '${key}' holds ${bytes.length} bytes, expected ${value.length * width} for ${value.length} elements of ${value.$array}`);
  // Copy into a fresh, aligned buffer: Buffer.from may hand back a slice of a shared pool.
  const aligned = toLittleEndian(new Uint8Array(bytes), width);
  return width === 4 ? new Float32Array(aligned.buffer) : new Float64Array(aligned.buffer);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
