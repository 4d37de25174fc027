import { webAssembly } from './_webAssembly.js';

/**
 * The smallest module that uses a SIMD instruction, `(func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)`
 * (the probe of the wasm-feature-detect package): an engine that validates it runs 128-bit WebAssembly SIMD.
 * wasmSimd.test.ts assembles that text with wabt and checks these bytes.
 */
export const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/**
 * A module using the one relaxed SIMD instruction the 'wasm-relaxed-simd' kernels use,
 * `(func (result v128) i32.const 0 i8x16.splat i32.const 0 i8x16.splat i32.const 0 i8x16.splat f32x4.relaxed_madd)`;
 * wasmSimd.test.ts assembles that text with wabt and checks these bytes.
 */
export const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0, 65, 0, 253, 15, 65, 0, 253, 15, 65, 0, 253, 15, 253, 133, 2, 11,
]);

function validates(probe: Uint8Array): boolean {
  const api = webAssembly();
  return api !== undefined && typeof api.validate === 'function' && api.validate(probe);
}

/** Whether this JavaScript engine runs WebAssembly with 128-bit SIMD (Node ≥ 16.4, current browsers). */
export function wasmSimdSupported(): boolean {
  return validates(SIMD_PROBE);
}

/**
 * Whether it also runs relaxed SIMD's f32x4.relaxed_madd: on by default from V8 11.4 (Node 22, Chrome 114);
 * Node 20 has it only behind `--experimental-wasm-relaxed-simd`.
 */
export function wasmRelaxedSimdSupported(): boolean {
  return validates(RELAXED_SIMD_PROBE);
}
