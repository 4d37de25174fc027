import { allocate, checkDtype, dtypeOf, type DType, type FloatArray } from './dtype.js';
import type { Rng } from './random.js';
import { checkShape, formatShape, sizeOf, type Shape } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';

export interface TensorOptions {
  /** Element type; float32 unless said otherwise (tensor() of a Float64Array defaults to float64). */
  dtype?: DType;
  /** Mark the tensor as a leaf whose gradient backward() computes (a parameter). */
  requiresGrad?: boolean;
}

/**
 * A tensor from nested arrays (`[[1, 2], [3, 4]]` has shape [2,2]), a number (shape []), or a flat array
 * with `shape`. The values are copied.
 */
export function tensor(values: NestedArray | readonly number[] | FloatArray, options: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  const isTyped = values instanceof Float32Array || values instanceof Float64Array;
  const dtype = options.dtype === undefined ? (isTyped ? dtypeOf(values) : 'float32') : checkDtype('tensor', options.dtype);
  let flat: ArrayLike<number>;
  let shape: number[];
  if (isTyped) {
    flat = values;
    shape = [values.length];
  } else {
    shape = inferShape(values as NestedArray);
    const out: number[] = [];
    flatten(values as NestedArray, shape, 0, [], out);
    flat = out;
  }
  if (options.shape !== undefined) {
    const wanted = checkShape('tensor', options.shape);
    if (sizeOf(wanted) !== flat.length)
      throw new RangeError(`tensor: ${flat.length} values do not fill shape ${formatShape(wanted)} (${sizeOf(wanted)} elements)`);
    shape = wanted;
  }
  const data = allocate(dtype, flat.length);
  data.set(flat);
  return new Tensor(data, shape, options.requiresGrad ?? false);
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flatten(values: NestedArray, shape: readonly number[], axis: number, at: number[], out: number[]): void {
  if (axis === shape.length) {
    if (typeof values !== 'number')
      throw new TypeError(`tensor: element at [${at.join(',')}] is ${Array.isArray(values) ? 'a list' : JSON.stringify(values)}; expected a number (rows must all have the shape ${formatShape(shape)})`);
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[axis])
    throw new RangeError(
      `tensor: ragged nested array: ${at.length === 0 ? 'the outer list' : `the entry at [${at.join(',')}]`} has ${Array.isArray(values) ? `length ${values.length}` : `value ${JSON.stringify(values)}`}, expected a list of length ${shape[axis]} (shape ${formatShape(shape)})`,
    );
  for (let i = 0; i < values.length; i++) flatten(values[i], shape, axis + 1, [...at, i], out);
}

/** A tensor that uses `array` as its data, without copying: writes to one show in the other. */
export function fromArray(array: FloatArray, shape: readonly number[], options: { requiresGrad?: boolean } = {}): Tensor {
  if (!(array instanceof Float32Array || array instanceof Float64Array))
    throw new TypeError(`fromArray: expected a Float32Array or Float64Array, got ${Object.prototype.toString.call(array)}`);
  const checked = checkShape('fromArray', shape);
  if (sizeOf(checked) !== array.length)
    throw new RangeError(`fromArray: array has ${array.length} elements but shape ${formatShape(checked)} needs ${sizeOf(checked)}`);
  return new Tensor(array, checked, options.requiresGrad ?? false);
}

function filled(op: string, shape: readonly number[], value: number, options: TensorOptions): Tensor {
  const checked = checkShape(op, shape);
  const data = allocate(checkDtype(op, options.dtype ?? 'float32'), sizeOf(checked));
  if (value !== 0) data.fill(value);
  return new Tensor(data, checked, options.requiresGrad ?? false);
}

/** Every element equal to `value`. */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  return filled('full', shape, value, options);
}

/** All zeros. */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled('zeros', shape, 0, options);
}

/** All ones. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled('ones', shape, 1, options);
}

/** Zeros with the shape and dtype of `like`. */
export function zerosLike(like: Tensor, options: { requiresGrad?: boolean } = {}): Tensor {
  return filled('zerosLike', like.shape, 0, { dtype: like.dtype, ...options });
}

/** Ones with the shape and dtype of `like`. */
export function onesLike(like: Tensor, options: { requiresGrad?: boolean } = {}): Tensor {
  return filled('onesLike', like.shape, 1, { dtype: like.dtype, ...options });
}

/** A single number as a tensor of shape []. */
export function scalar(value: number, options: TensorOptions = {}): Tensor {
  return filled('scalar', [], value, options);
}

/** Normal samples: mean + std·z with z ~ N(0, 1) drawn from the seeded `rng`. */
export function randn(shape: readonly number[], rng: Rng, options: TensorOptions & { mean?: number; std?: number } = {}): Tensor {
  const { mean = 0, std = 1 } = options;
  const out = filled('randn', shape, 0, options);
  const data = out.storage;
  for (let i = 0; i < data.length; i++) data[i] = mean + std * rng.normal();
  return out;
}

/** Uniform samples in [low, high) drawn from the seeded `rng`. */
export function uniform(shape: readonly number[], low: number, high: number, rng: Rng, options: TensorOptions = {}): Tensor {
  if (!(low <= high)) throw new RangeError(`uniform: low ${low} must not exceed high ${high}`);
  const out = filled('uniform', shape, 0, options);
  const data = out.storage;
  for (let i = 0; i < data.length; i++) data[i] = rng.uniformIn(low, high);
  return out;
}

/** A zero-filled tensor for an op to write its result into (internal: ops use it, users call zeros). */
export function emptyTensor(dtype: DType, shape: Shape): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape)), shape);
}
