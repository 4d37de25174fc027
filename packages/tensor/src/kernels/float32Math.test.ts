import { describe, expect, it } from 'vitest';
import { sigmoidOfFloat32, tanhOfFloat32 } from './float32Math.js';
import { jsKernels } from './js.js';

const mathSigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The float32 values x (as numbers) where `Math.fround(fast(x))` and `Math.fround(reference(x))` differ in any bit
 * (−0 ≠ 0; NaN = NaN): every float32 whose biased exponent is in [low, high], and every 61st elsewhere.
 */
function float32Mismatches(fast: (x: number) => number, reference: (x: number) => number, [low, high]: [number, number]): number[] {
  const bits = new Uint32Array(1 << 23);
  const values = new Float32Array(bits.buffer);
  const mismatches: number[] = [];
  for (let sign = 0; sign < 2; sign++) {
    for (let exponent = 0; exponent < 256; exponent++) {
      const step = exponent >= low && exponent <= high ? 1 : 61;
      const base = (sign << 31) + (exponent << 23);
      let count = 0;
      for (let mantissa = 0; mantissa < 1 << 23; mantissa += step) bits[count++] = (base + mantissa) >>> 0;
      for (let i = 0; i < count; i++) {
        const x = values[i];
        if (!Object.is(Math.fround(fast(x)), Math.fround(reference(x)))) mismatches.push(x);
      }
    }
  }
  return mismatches;
}

/**
 * A float64 argument where `fast` rounds to another float32 than `reference`: the inverse, at float64 precision, of
 * a point halfway between two float32 values, where the function is within a float64 rounding of the halfway point
 * and the approximation's own error decides the side. Found by search, so the test depends on no single value.
 */
function float64ArgumentWhereTheyDiffer(fast: (x: number) => number, reference: (x: number) => number, inverse: (y: number) => number): number {
  for (let i = 1; i < 1_000_000; i++) {
    const below = Math.fround(0.55 + i * 3e-7);
    const halfway = below + 2 ** (Math.floor(Math.log2(below)) - 24);
    const x = inverse(halfway);
    if (!Object.is(Math.fround(fast(x)), Math.fround(reference(x)))) return x;
  }
  throw new Error('no float64 argument found where the two round apart');
}

describe('tanhOfFloat32', () => {
  it('rounds to Math.tanh’s float32 for every float32 from 2^-28 to 16 in magnitude, and every 61st elsewhere', () => {
    // Below 2^-28 both give x once rounded (tanh(x) = x − x³/3…, and x³ is far below x's last bit); from 9.1 on
    // both give ±1 (tanhOfFloat32 clamps there; Math.tanh is within a float64 ulp of tanh, above 1 − 2^-25); NaNs
    // stay NaN. So those are sampled, and the float32 exponents between, 99 to 130, are checked whole.
    expect(float32Mismatches(tanhOfFloat32, Math.tanh, [99, 130]).slice(0, 10)).toEqual([]);
  }, 300_000);

  it('differs for some float64 arguments, which jsKernels therefore sends to Math.tanh', () => {
    const x = float64ArgumentWhereTheyDiffer(tanhOfFloat32, Math.tanh, Math.atanh);
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

describe('sigmoidOfFloat32', () => {
  it('rounds to 1/(1 + Math.exp(−x))’s float32 for every float32 from 2^-26 to 128 in magnitude, and every 61st elsewhere', () => {
    // Below 2^-26 both give 0.5 once rounded (sigmoid(x) = 0.5 + x/4…); from 17.5 on both give 1, and below −104
    // both 0 (sigmoidOfFloat32 clamps there; the value is above 1 − 2^-25, or under 2^-150). So those are sampled,
    // and the float32 exponents between, 101 to 133, are checked whole.
    expect(float32Mismatches(sigmoidOfFloat32, mathSigmoid, [101, 133]).slice(0, 10)).toEqual([]);
  }, 300_000);

  it('differs for some float64 arguments, which jsKernels therefore sends to Math.exp', () => {
    const x = float64ArgumentWhereTheyDiffer(sigmoidOfFloat32, mathSigmoid, (y) => -Math.log(1 / y - 1));
    expect(Math.fround(x)).not.toBe(x);
    const out = new Float32Array(1);
    jsKernels.unary('sigmoid', Float64Array.of(x), out, 0);
    expect(out[0]).toBe(Math.fround(mathSigmoid(x)));
  });

  it('gives 1 from 17.5 on, 0 below −104, 0.5 at both zeros and NaN for NaN', () => {
    for (const x of [17.5, 18, 100, Infinity]) expect(Math.fround(sigmoidOfFloat32(x))).toBe(1);
    for (const x of [-104.5, -200, -Infinity]) expect(Math.fround(sigmoidOfFloat32(x))).toBe(0);
    expect(sigmoidOfFloat32(0)).toBe(0.5);
    expect(sigmoidOfFloat32(-0)).toBe(0.5);
    expect(sigmoidOfFloat32(NaN)).toBeNaN();
  });
});
