import { webAssembly } from './_webAssembly.js';

/**
 * The smallest module that uses a SIMD instruction, `(func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)`
 * (the probe of the wasm-feature-detect package): an engine that validates it runs 128-bit WebAssembly SIMD.
 * wasmSimd.test.ts assembles that text with wabt and checks these bytes.
 */
export const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Whether this JavaScript engine runs WebAssembly with 128-bit SIMD (Node ≥ 16.4, current browsers). */
export function wasmSimdSupported(): boolean {
  const api = webAssembly();
  return api !== undefined && typeof api.validate === 'function' && api.validate(SIMD_PROBE);
}
