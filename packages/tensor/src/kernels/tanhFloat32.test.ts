import { describe, expect, it } from 'vitest';
import { jsKernels } from './js.js';
import { tanhOfFloat32 } from './tanhFloat32.js';

/** Whether two numbers have the same bits as float32 results (−0 and 0 differ, every NaN is NaN). */
const sameFloat32 = (a: number, b: number) => Object.is(Math.fround(a), Math.fround(b));

/**
 * A float64 argument where tanhOfFloat32 rounds to another float32 than Math.tanh: the atanh of a point halfway
 * between two float32 values, where tanh(x) is within a float64 rounding of the halfway point and the
 * approximation's error (up to 1.4e-13) decides the side. Found by search, so the test does not depend on one value.
 */
function float64ArgumentWhereTheyDiffer(): number {
  for (let i = 1; i < 1_000_000; i++) {
    const below = Math.fround(0.3 + i * 1e-6);
    const above = below + 2 ** (Math.floor(Math.log2(below)) - 23);
    const x = Math.atanh((below + above) / 2);
    if (!sameFloat32(tanhOfFloat32(x), Math.tanh(x))) return x;
  }
  throw new Error('no float64 argument found where tanhOfFloat32 and Math.tanh round apart');
}

describe('tanhOfFloat32', () => {
  it('rounds to Math.tanh’s float32 for every float32 from 2^-28 to 16 in magnitude, and every 61st elsewhere', () => {
    // Below 2^-28 both give x once rounded (tanh(x) = x − x³/3…, and x³ is far below x's last bit); from 9.1 on
    // both give ±1 (tanhOfFloat32 clamps there; Math.tanh is within a float64 ulp of tanh, above 1 − 2^-25); NaNs
    // stay NaN. So those are sampled, and the float32 exponents between, 99 to 130, are checked whole.
    const bits = new Uint32Array(1 << 23);
    const values = new Float32Array(bits.buffer);
    const mismatches: number[] = [];
    for (let sign = 0; sign < 2; sign++) {
      for (let exponent = 0; exponent < 256; exponent++) {
        const step = exponent >= 99 && exponent <= 130 ? 1 : 61;
        const base = (sign << 31) + (exponent << 23);
        let count = 0;
        for (let mantissa = 0; mantissa < 1 << 23; mantissa += step) bits[count++] = (base + mantissa) >>> 0;
        for (let i = 0; i < count; i++) {
          const x = values[i];
          if (!Object.is(Math.fround(tanhOfFloat32(x)), Math.fround(Math.tanh(x)))) mismatches.push(x);
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  }, 300_000);

  it('differs for some float64 arguments, which jsKernels therefore sends to Math.tanh', () => {
    const x = float64ArgumentWhereTheyDiffer();
    expect(Math.fround(x)).not.toBe(x);
    const out = new Float32Array(1);
    jsKernels.unary('tanh', Float64Array.of(x), out, 0);
    expect(out[0]).toBe(Math.fround(Math.tanh(x)));
    const float64Out = new Float64Array(1);
    jsKernels.unary('tanh', Float32Array.of(0.3), float64Out, 0);
    expect(float64Out[0]).toBe(Math.tanh(Math.fround(0.3)));
  });

  it('keeps the sign of zero, gives ±1 from ±9.1 on and NaN for NaN', () => {
    expect(Object.is(tanhOfFloat32(-0), -0)).toBe(true);
    expect(Object.is(tanhOfFloat32(0), 0)).toBe(true);
    for (const x of [9.1, 9.2, 20, 1e30, Infinity]) {
      expect(Math.fround(tanhOfFloat32(x))).toBe(1);
      expect(Math.fround(tanhOfFloat32(-x))).toBe(-1);
    }
    expect(tanhOfFloat32(NaN)).toBeNaN();
  });
});
