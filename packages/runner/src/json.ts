/**
 * JSON for run records: keys sorted at every level (so a record's bytes do not depend on the order a
 * sweep file listed its keys in), and NaN / ±Infinity kept explicitly as `{"$number":"NaN"}` instead of
 * the `null` that JSON.stringify silently writes: a diverged run's last loss is a result.
 */

const NON_FINITE_TAG = '$number';

/**
 * Far above any record's depth (about five) and far below where JSON.parse's reviver, which recurses once
 * per level, overflows the call stack (a few thousand): a damaged or hostile file is refused as malformed.
 */
const MAX_DEPTH = 100;

/** Stable, NaN-preserving JSON text of `value`. */
export function encodeJson(value: unknown, indent?: number): string {
  return JSON.stringify(normalize(value), null, indent);
}

/** Inverse of `encodeJson`. Throws a SyntaxError for text that is not JSON or is nested deeper than MAX_DEPTH. */
export function decodeJson<T = unknown>(text: string): T {
  const deep = nestedTooDeep(text);
  if (deep >= 0) throw new SyntaxError(`JSON nested deeper than ${MAX_DEPTH} levels at position ${deep}`);
  // A reviver makes JSON.parse call back for every value, several times slower on a record's long series (it
  // was most of `exp list` on a 2,000-run sweep): only text that holds the tag (as a key) needs one. Text that holds
  // it elsewhere, inside a string, still takes the reviver, which leaves strings alone: the result is the same.
  return (text.includes(NON_FINITE_KEY) ? JSON.parse(text, reviveNonFinite) : JSON.parse(text)) as T;
}

/**
 * decodeJson without its scan of the whole text for depth, for a caller that refuses every value it keeps that is
 * nested deeper than MAX_DEPTH (nestedTooDeepValue) and catches every error as it catches a SyntaxError. A run
 * listing of 100,000 runs is 40 MB, and the scan was a quarter of loading it. What makes the scan needed elsewhere:
 * JSON.parse is iterative, but its reviver (only for text holding a non-finite number) recurses once per level, and
 * so do the readers the decoded values go on to; past the call stack's reach the reviver throws a RangeError.
 */
export function decodeJsonUnscanned<T = unknown>(text: string): T {
  return (text.includes(NON_FINITE_KEY) ? JSON.parse(text, reviveNonFinite) : JSON.parse(text)) as T;
}

/** Whether a decoded value nests arrays or objects deeper than decodeJson allows (MAX_DEPTH levels; a number or a string is at level 0). */
export function nestedTooDeepValue(value: unknown, levels = MAX_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (levels === 0) return true;
  for (const child of Array.isArray(value) ? value : Object.values(value)) if (nestedTooDeepValue(child, levels - 1)) return true;
  return false;
}

const NON_FINITE_KEY = JSON.stringify(NON_FINITE_TAG);

function reviveNonFinite(_key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === NON_FINITE_TAG) return Number((v as Record<string, unknown>)[NON_FINITE_TAG]);
  }
  return v;
}

/** The offset of the first '[' or '{' outside a string that opens level MAX_DEPTH + 1, or -1. */
function nestedTooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = closingQuote(text, i);
      if (i < 0) return -1; // an unterminated string: JSON.parse refuses the text
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/**
 * The offset of the '"' that closes the string opened at `open`, or -1. Found with indexOf rather than a loop over
 * every character: a run listing is mostly strings (run ids, stamps), and at 100,000 runs the loop was half of
 * decoding its 40 MB. A '"' closes the string unless an odd number of backslashes stands right before it.
 */
function closingQuote(text: string, open: number): number {
  for (let at = text.indexOf('"', open + 1); at >= 0; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

function normalize(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
    return { [NON_FINITE_TAG]: String(value) };
  }
  if (Array.isArray(value)) return value.map(normalize);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, normalize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalize(v);
    }
    return out;
  }
  return value;
}

/** A JSON object (not null, not an array): what a record, a meta or a cache file must be at its top. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
