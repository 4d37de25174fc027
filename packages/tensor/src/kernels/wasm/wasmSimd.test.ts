import { describe, expect, it } from 'vitest';
import { assembleWat } from './assembleWat.js';
import { SIMD_PROBE, wasmSimdSupported } from './wasmSimd.js';

describe('WebAssembly SIMD detection', () => {
  it('probes with a module that really uses a SIMD instruction', async () => {
    const bytes = await assembleWat('probe.wat', '(module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))');
    expect(Array.from(SIMD_PROBE)).toEqual(Array.from(bytes));
  });

  it('finds SIMD on the Node versions Descent supports (Node ≥ 20 has it on by default)', () => {
    expect(wasmSimdSupported()).toBe(true);
  });
});
