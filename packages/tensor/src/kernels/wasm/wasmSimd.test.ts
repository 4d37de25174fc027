import { describe, expect, it } from 'vitest';
import { assembleWat } from './assembleWat.js';
import { RELAXED_SIMD_PROBE, SIMD_PROBE, wasmSimdSupported } from './wasmSimd.js';

describe('WebAssembly SIMD detection', () => {
  it('probes with a module that really uses a SIMD instruction', async () => {
    const bytes = await assembleWat('probe.wat', '(module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))');
    expect(Array.from(SIMD_PROBE)).toEqual(Array.from(bytes));
  });

  it('probes relaxed SIMD with a module that really uses f32x4.relaxed_madd', async () => {
    const text = '(module (func (result v128) i32.const 0 i8x16.splat i32.const 0 i8x16.splat i32.const 0 i8x16.splat f32x4.relaxed_madd))';
    expect(Array.from(RELAXED_SIMD_PROBE)).toEqual(Array.from(await assembleWat('probe.wat', text)));
  });

  it('finds SIMD on the Node versions Descent supports (Node ≥ 20 has it on by default)', () => {
    expect(wasmSimdSupported()).toBe(true);
  });
});
