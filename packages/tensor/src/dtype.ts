/** The element types a Tensor can hold. float32 is the default; float64 is for gradient checks and references. */
export type DType = 'float32' | 'float64';

/** The typed array behind a tensor of either dtype. */
export type FloatArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** A zero-filled array of `size` elements of `dtype`. */
export function allocate(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** The dtype a typed array stores. */
export function dtypeOf(array: FloatArray): DType {
  return array instanceof Float64Array ? 'float64' : 'float32';
}

/** NumPy's rule for mixing: float32 with float64 gives float64, so no precision is silently lost. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/** Check a dtype a user wrote (it may come from JavaScript or a config file, so it is `unknown`). */
export function checkDtype(op: string, dtype: unknown): DType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new TypeError(`${op}: dtype ${JSON.stringify(dtype)} is not supported; expected 'float32' or 'float64'`);
}
