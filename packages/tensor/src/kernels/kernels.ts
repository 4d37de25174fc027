import type { FloatArray } from '../dtype.js';

/** Elementwise binary functions. `greater` and `equal` give 1 or 0 (masks for gradient rules). */
export type BinaryOp = 'add' | 'mul' | 'pow' | 'maximum' | 'minimum' | 'greater' | 'equal';

/**
 * Elementwise unary functions. `param` is leakyRelu's slope α (also leakyReluSlope's) and pow's exponent;
 * the others ignore it. `leakyReluSlope` (1 for x > 0, else α) and `sign` serve gradient rules;
 * `finiteOrZero` (x if finite, else 0) serves the max shift of logSumExp and logSoftmax.
 */
export type UnaryOp = 'neg' | 'exp' | 'log' | 'abs' | 'sign' | 'sigmoid' | 'tanh' | 'softplus' | 'leakyRelu' | 'leakyReluSlope' | 'pow' | 'finiteOrZero';

export type ReduceOp = 'sum' | 'max';

/**
 * The seam between the ops and the loops that do the arithmetic. Kernels see only typed arrays, sizes and
 * strides (never a Tensor), so a faster implementation (WebAssembly SIMD, say) can replace `jsKernels`
 * through `useKernels` without any op or user changing.
 *
 * Every `out` never aliases an input. The ops pass freshly allocated (zero-filled) outputs; `matmul`
 * must not rely on that: it overwrites out[0..m·n) completely, so fused steps can reuse their buffers.
 * Strides are in elements; a stride of 0 repeats an element (that is how broadcasting is read).
 *
 * Reproducibility: a kernel set must give the same bits for the same inputs every time (no threads, no
 * data-dependent summation order). Two kernel sets may differ in the last bits of float32 results where
 * they sum in a different order or approximate a function differently; each documents what it does (see
 * jsMatmul.ts, wasm/wasmMatmul.ts, and wasm/wasmKernels.ts for sigmoid, whose bits depend on the length).
 */
export interface Kernels {
  readonly name: string;

  /**
   * out[m×n] = op(A)·op(B) where op(A) is [m×k], op(B) is [k×n]. With transposeA, A is stored as [k×m] and
   * read transposed in place; likewise B as [n×k]. Backward passes use the flags to get A·Bᵀ and Aᵀ·B
   * without materialising a transpose. Reads only the first m·k and k·n elements of a and b.
   */
  matmul(a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): void;

  /** out[i] = op(a[i·aStrides], b[i·bStrides]) over the multi-index i of `shape` (out is contiguous in `shape`). */
  binary(op: BinaryOp, a: FloatArray, aStrides: readonly number[], b: FloatArray, bStrides: readonly number[], out: FloatArray, shape: readonly number[]): void;

  /** out[i] = op(a[i]; param), both contiguous and of equal length. */
  unary(op: UnaryOp, a: FloatArray, out: FloatArray, param: number): void;

  /** Reduce contiguous `a` of `shape` over sorted `axes` into out (the kept axes, row-major). max of nothing is -∞. */
  reduce(op: ReduceOp, a: FloatArray, shape: readonly number[], axes: readonly number[], out: FloatArray): void;

  /**
   * out[i] = source[offset + i·strides] over the multi-index i of `shape`: permutes, broadcasts and slices;
   * and casts, when source and out differ in dtype (the assignment rounds float64 to float32).
   */
  copyStrided(source: FloatArray, offset: number, strides: readonly number[], out: FloatArray, shape: readonly number[]): void;

  /**
   * out[offset + i·strides] += source[i] over the multi-index i of `shape`: the reverse of copyStrided. It
   * reads out as well as writing it (it accumulates), as scatterAdd does.
   */
  addStrided(source: FloatArray, out: FloatArray, offset: number, strides: readonly number[], shape: readonly number[]): void;

  /**
   * Source viewed as [outer, axisLength, inner]: out[o, i] = source[o, indices[o, i], i].
   * Indices are already checked to lie in [0, axisLength).
   */
  gather(source: FloatArray, outer: number, axisLength: number, inner: number, indices: Int32Array, out: FloatArray): void;

  /** The reverse of gather: out[o, indices[o, i], i] += source[o, i]. */
  scatterAdd(source: FloatArray, outer: number, axisLength: number, inner: number, indices: Int32Array, out: FloatArray): void;
}
