import { kernelsHeap, kernelsInstance } from './_kernelsInstance.js';

/**
 * The shortest array whose sigmoid wasmKernels sends to WebAssembly; shorter ones stay in JavaScript, where
 * the call and the copies in and out of WebAssembly memory (about 80 ns together) cost more than they save.
 * Measured per call (Node 20, x64): equal at 8–9 floats; at 16 WebAssembly is 1.6x faster, at 64 3x, at
 * 1024 4.3x (2.4 ns per float against 10.5 ns for Math.exp).
 */
export const WASM_SIGMOID_MIN_LENGTH = 16;

/**
 * σ(x) = 1 / (1 + e^−x) elementwise in float32 with the WebAssembly SIMD kernel of kernels.wat: e^−|x| by
 * Cody–Waite range reduction and a degree-7 polynomial, kept as a float32 pair, then one division and a
 * correction. Within 1.2 float32 ulps of the exact sigmoid (worst 1.18 ulp, checked once over every float32;
 * wasmSigmoid.test.ts asserts it on a sweep), 0 and 1 exactly at −∞ and +∞, NaN for NaN.
 * Deterministic: the same input bits give the same output bits, wherever they sit in the array.
 * `a` and `out` have the same length and do not overlap.
 */
export function wasmSigmoid(a: Float32Array, out: Float32Array): void {
  const n = a.length;
  const wasm = kernelsInstance();
  // The kernel works on whole vectors of 4: room for the padding lanes, which compute on stale values.
  const memory = kernelsHeap(wasm, Math.ceil(n / 4) * 4);
  memory.set(a, 0);
  wasm.exports.sigmoid(0, 0, n);
  out.set(memory.subarray(0, n));
}
