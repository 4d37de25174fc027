import type { FloatArray } from '../dtype.js';
import { coalesce } from '../kernels/_strided.js';
import { binaryRow, flatStride, jsKernels, reduceBlockOf, reduceBlockRows } from '../kernels/js.js';
import { jsMatmul } from '../kernels/jsMatmul.js';
import { wasmMatmul, wasmRelaxedMatmul, worthWasm } from '../kernels/wasm/wasmMatmul.js';
import type { BinaryOp, Kernels, ReduceOp } from '../kernels/kernels.js';
import type { KernelName } from './_kernelLog.js';

/**
 * One kernel call of a replay as a closure with its arguments bound: no spread or `apply`, and, where the
 * kernel is jsKernels' own, the work each call would redo from its strides and shapes (which fast path,
 * how the axes coalesce, the block of a reduction) done once here. The closure then runs the same loops
 * on the same values as the kernel would, so the bits are the kernel's.
 *
 * `args` stays live: a replay writes each run's step inputs into it (InputPatch), so the closure reads
 * its arrays from `args` on every call rather than capturing them.
 */
export function bindCall(kernels: Kernels, kernel: KernelName, args: unknown[]): () => void {
  if (kernel === 'matmul') return bindMatmul(kernels, args);
  if (kernel === 'binary' && kernels.binary === jsKernels.binary) return bindBinary(args);
  if (kernel === 'reduce' && kernels.reduce === jsKernels.reduce) {
    const block = reduceBlockOf(args[2] as readonly number[], args[3] as readonly number[]);
    if (block !== null) {
      const op = args[0] as ReduceOp;
      const { outer, reduced, inner } = block;
      if (op === 'sum' && outer === 1 && inner === 1)
        // A sum of everything (a loss): reduceBlockRows' float64 accumulator, without its scratch array.
        return () => {
          const a = args[1] as FloatArray;
          let total = 0;
          for (let r = 0; r < reduced; r++) total += a[r];
          (args[4] as FloatArray)[0] = total;
        };
      return () => reduceBlockRows(op, args[1] as FloatArray, outer, reduced, inner, args[4] as FloatArray);
    }
  }
  if (kernel === 'copyStrided' && kernels.copyStrided === jsKernels.copyStrided) {
    const [, offset, strides, , shape] = args as [FloatArray, number, number[], FloatArray, number[]];
    const flat = flatStride(strides, shape);
    if (flat !== -1)
      return () => {
        const source = args[0] as FloatArray;
        const out = args[3] as FloatArray;
        for (let j = 0, at = offset; j < out.length; j++, at += flat) out[j] = source[at];
      };
  }
  return bindAny(kernels, kernel, args);
}

/** jsKernels.binary with its fast path chosen once: one row, or rows of a two-axis walk; else the kernel itself. */
function bindBinary(args: unknown[]): () => void {
  const [op, , aStrides, , bStrides, , shape] = args as [BinaryOp, FloatArray, number[], FloatArray, number[], FloatArray, number[]];
  const flatA = flatStride(aStrides, shape);
  const flatB = flatStride(bStrides, shape);
  if (flatA !== -1 && flatB !== -1) {
    const n = (args[5] as FloatArray).length;
    return () => binaryRow(op, args[1] as FloatArray, 0, flatA, args[3] as FloatArray, 0, flatB, args[5] as FloatArray, 0, n);
  }
  const it = coalesce(shape, aStrides, bStrides);
  if (it.shape.length === 2) {
    const [rows, length] = it.shape;
    const [rowA, sa] = it.a;
    const [rowB, sb] = it.b;
    return () => {
      const a = args[1] as FloatArray;
      const b = args[3] as FloatArray;
      const out = args[5] as FloatArray;
      for (let row = 0; row < rows; row++) binaryRow(op, a, row * rowA, sa, b, row * rowB, sb, out, row * length, length);
    };
  }
  return () => jsKernels.binary(op, args[1] as FloatArray, aStrides, args[3] as FloatArray, bStrides, args[5] as FloatArray, shape);
}

/** Whether the matmul of a call runs jsMatmul: jsKernels', or wasmMatmul's products too small for WebAssembly (which it sends there). */
export function matmulRunsJsMatmul(kernels: Kernels, args: readonly unknown[]): boolean {
  const [, , , m, k, n] = args as [unknown, unknown, unknown, number, number, number];
  if (kernels.matmul === jsKernels.matmul) return true;
  return (kernels.matmul === wasmMatmul || kernels.matmul === wasmRelaxedMatmul) && !worthWasm(m, k, n);
}

/** matmul, through jsMatmul directly where the kernel would send it there. */
function bindMatmul(kernels: Kernels, args: unknown[]): () => void {
  const [, , , m, k, n, transposeA, transposeB] = args as [FloatArray, FloatArray, FloatArray, number, number, number, boolean, boolean];
  const matmul = matmulRunsJsMatmul(kernels, args) ? jsMatmul : kernels.matmul;
  return () => matmul(args[0] as FloatArray, args[1] as FloatArray, args[2] as FloatArray, m, k, n, transposeA, transposeB);
}

/** Any kernel, called directly with its arguments in place (the kernels take at most eight). */
function bindAny(kernels: Kernels, kernel: KernelName, args: unknown[]): () => void {
  const run = kernels[kernel] as (...a: unknown[]) => void;
  return () => run.call(kernels, args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7]);
}
