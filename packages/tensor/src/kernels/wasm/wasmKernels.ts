import type { FloatArray } from '../../dtype.js';
import { jsKernels } from '../js.js';
import type { Kernels, UnaryOp } from '../kernels.js';
import { wasmMatmul, wasmRelaxedMatmul } from './wasmMatmul.js';
import { WASM_SIGMOID_MIN_LENGTH, wasmSigmoid } from './wasmSigmoid.js';

/**
 * jsKernels with two kernels replaced by WebAssembly SIMD ones (kernels.wat): matmul (wasmMatmul), where
 * the time of a medium network goes, and sigmoid (wasmSigmoid), whose Math.exp per element is half the
 * step of a small sigmoid network. The other elementwise kernels are memory-bound and gain little.
 * Selected automatically where WebAssembly SIMD is available (see active.ts).
 *
 * Last bits: float32 matmul results depend on the kernel choice and on the product's shape (see
 * wasmMatmul), and so do float32 sigmoids, on the array's length: from WASM_SIGMOID_MIN_LENGTH elements on
 * they come from the polynomial of kernels.wat (within 1.2 ulps), below it from Math.exp in float64
 * (within half an ulp). Each is deterministic, so a run is reproducible for a given kernel choice.
 */
export const wasmKernels: Kernels = {
  ...jsKernels,
  name: 'wasm-simd',
  matmul: wasmMatmul,
  unary,
};

/**
 * wasmKernels with matmul's multiply-adds as relaxed SIMD's f32x4.relaxed_madd (wasmRelaxedMatmul), fused
 * where the engine and CPU fuse it: faster, and different last bits. Only by request (DESCENT_KERNELS or
 * useKernels), never chosen automatically, since its bits then vary with the runtime (see active.ts).
 * Everything else, sigmoid included, is wasmKernels'.
 */
export const wasmRelaxedKernels: Kernels = {
  ...wasmKernels,
  name: 'wasm-relaxed-simd',
  matmul: wasmRelaxedMatmul,
};

/** Sigmoid of a float32 array of at least WASM_SIGMOID_MIN_LENGTH in WebAssembly; everything else as jsKernels. */
function unary(op: UnaryOp, a: FloatArray, out: FloatArray, param: number): void {
  if (op === 'sigmoid' && out instanceof Float32Array && a instanceof Float32Array) {
    if (out.length >= WASM_SIGMOID_MIN_LENGTH) wasmSigmoid(a, out);
    // jsKernels' sigmoid loop, repeated here: a batch-1 step runs two tiny sigmoids, and going on through
    // jsKernels.unary's switch cost it 3% (measured). wasmSigmoid.test.ts checks the bits are jsKernels'.
    else for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-a[i]));
    return;
  }
  jsKernels.unary(op, a, out, param);
}

/**
 * Whether `kernels.unary` gives jsKernels.unary's bits for this call: false for kernel sets other than these
 * two, and for the float32 sigmoids wasmSigmoid computes. A replay fuses only calls whose bits it knows.
 */
export function unaryGivesJsKernelsBits(kernels: Kernels, op: UnaryOp, a: FloatArray, out: FloatArray): boolean {
  if (kernels.unary !== unary) return false;
  return !(op === 'sigmoid' && out instanceof Float32Array && a instanceof Float32Array && out.length >= WASM_SIGMOID_MIN_LENGTH);
}
