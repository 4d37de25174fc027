import { jsKernels } from '../js.js';
import type { Kernels } from '../kernels.js';
import { wasmMatmul } from './wasmMatmul.js';

/**
 * jsKernels with matmul replaced by the WebAssembly SIMD kernel (wasmMatmul). Matmul is where the time of
 * a medium network goes; the elementwise kernels are memory-bound and gain little from SIMD.
 * Selected automatically where WebAssembly SIMD is available (see active.ts).
 */
export const wasmKernels: Kernels = {
  ...jsKernels,
  name: 'wasm-simd',
  matmul: wasmMatmul,
};
