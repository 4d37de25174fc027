import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { scrambledSobol, SOBOL_DIMENSIONS, sobolPoint } from './sobol.js';

/** The cell of width 2^-bits that holds x. */
const cell = (x: number, bits: number) => Math.floor(x * 2 ** bits);

/** True when each of the 2^bits equal intervals holds exactly one of `xs` (xs.length = 2^bits). */
function oneInEachInterval(xs: readonly number[], bits: number): boolean {
  const cells = new Set(xs.map((x) => cell(x, bits)));
  return xs.length === 2 ** bits && cells.size === xs.length && [...cells].every((c) => c >= 0 && c < 2 ** bits);
}

/** True when every elementary box [a/2^i, (a+1)/2^i) × [b/2^(m−i), (b+1)/2^(m−i)) of volume 2^-m holds exactly one point: a (0, m, 2)-net. */
function isZeroNet(points: readonly (readonly [number, number])[], m: number): boolean {
  for (let i = 0; i <= m; i++) {
    const boxes = new Set(points.map(([x, y]) => `${cell(x, i)},${cell(y, m - i)}`));
    if (boxes.size !== 2 ** m) return false;
  }
  return points.length === 2 ** m;
}

describe('sobolPoint: the unscrambled sequence of Joe and Kuo', () => {
  it('starts as SciPy documents for qmc.Sobol(d=2, scramble=False).random_base2(m=3)', () => {
    // From SciPy's documentation of scipy.stats.qmc.Sobol (Gray-code order, as here).
    const scipy = [
      [0, 0],
      [0.5, 0.5],
      [0.75, 0.25],
      [0.25, 0.75],
      [0.375, 0.375],
      [0.875, 0.875],
      [0.625, 0.125],
      [0.125, 0.625],
    ];
    expect(Array.from({ length: 8 }, (_, n) => sobolPoint(n, 2))).toEqual(scipy);
  });

  it('matches points derived by hand from the direction numbers of dimensions 3, 4 and 7', () => {
    // Point n is the XOR of the direction numbers v_k over the bits of its Gray code g = n ⊕ ⌊n/2⌋.
    // Dimension 3 (s = 2, a = 1, m = 1, 3): v1 = .1, v2 = .11 (binary), and v3 = v1 ⊕ v1/2² ⊕ a₁·v2
    //   = .100 ⊕ .001 ⊕ .110 = .011 = 3/8.
    //   n = 4: g = 6 = v2 ⊕ v3 = .110 ⊕ .011 = .101 = 5/8; n = 5: g = 7 = .100 ⊕ .110 ⊕ .011 = .001 = 1/8;
    //   n = 6: g = 5 = v1 ⊕ v3 = .111 = 7/8; n = 7: g = 4 = v3 = 3/8.
    expect(Array.from({ length: 8 }, (_, n) => sobolPoint(n, 3)[2])).toEqual([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375]);
    // Dimension 4 (s = 3, a = 1, m = 1, 3, 1): v1 = .1, v2 = .11, v3 = .001; v4 = v1 ⊕ v1/2³ ⊕ a₂·v2 (a = 1 = a₁a₂ = 01)
    //   = .1000 ⊕ .0001 ⊕ .1100 = .0101 = 5/16. n = 8: g = 12 = bits 3 and 4: v3 ⊕ v4 = .0010 ⊕ .0101 = .0111 = 7/16.
    // Dimension 1 there: 1/8 + 1/16 = 3/16.
    const [d1, , , d4] = sobolPoint(8, 4);
    expect([d1, d4]).toEqual([3 / 16, 7 / 16]);
    // Dimension 7 (s = 4, a = 4, m = 1, 3, 5, 13): v1..v3 = .1, .11, .101. n = 5: g = 7: .100 ⊕ .110 ⊕ .101 = .111 = 7/8.
    expect(sobolPoint(5, 7)[6]).toBe(7 / 8);
  });

  it(`holds, in each of its ${SOBOL_DIMENSIONS} dimensions, one of the first 2^m points in each interval of width 2^-m`, () => {
    for (let m = 1; m <= 10; m++) {
      const points = Array.from({ length: 2 ** m }, (_, n) => sobolPoint(n, SOBOL_DIMENSIONS));
      for (let d = 0; d < SOBOL_DIMENSIONS; d++) expect(oneInEachInterval(points.map((p) => p[d]), m), `dimension ${d + 1}, m = ${m}`).toBe(true);
    }
  });

  it('makes dimensions 1 and 2 a (0, m, 2)-net: every elementary box of volume 2^-m holds one of the first 2^m points', () => {
    for (let m = 1; m <= 10; m++) expect(isZeroNet(Array.from({ length: 2 ** m }, (_, n) => sobolPoint(n, 2) as [number, number]), m), `m = ${m}`).toBe(true);
  });

  it(`refuses a dimension beyond the ${SOBOL_DIMENSIONS} of its table`, () => {
    expect(() => sobolPoint(0, SOBOL_DIMENSIONS + 1)).toThrow(/dimension 32 is outside/);
    expect(() => scrambledSobol(SOBOL_DIMENSIONS + 1, rng(1))).toThrow(/at most 32/);
  });
});

describe('scrambledSobol: Owen scrambling', () => {
  const points = (seed: string, n: number, dimensions = SOBOL_DIMENSIONS) => {
    const sequence = scrambledSobol(dimensions, rng(seed));
    return Array.from({ length: n }, (_, i) => sequence.point(i));
  };

  it('keeps the net property: one point per interval of width 2^-m in every dimension, one per elementary box in dimensions 1 and 2', () => {
    for (const seed of ['a', 'b', 'c']) {
      for (const m of [4, 5, 6, 8]) {
        const scrambled = points(seed, 2 ** m);
        for (let d = 0; d < SOBOL_DIMENSIONS; d++) expect(oneInEachInterval(scrambled.map((p) => p[d]), m), `seed ${seed}, dimension ${d + 1}, m = ${m}`).toBe(true);
        expect(isZeroNet(scrambled.map((p) => [p[0], p[1]] as [number, number]), m), `seed ${seed}, m = ${m}`).toBe(true);
      }
    }
  });

  it('moves the points: none at the unscrambled ones, none on a grid line of 2^-8', () => {
    const scrambled = points('a', 16, 3);
    for (let n = 0; n < 16; n++) {
      expect(scrambled[n]).not.toEqual(sobolPoint(n, 3));
      for (const x of scrambled[n]) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(1);
        expect(Number.isInteger(x * 256)).toBe(false);
      }
    }
  });

  it('is a function of the seed: the same seed gives the same points, another seed other points', () => {
    expect(points('sweep:1', 64)).toEqual(points('sweep:1', 64));
    const [a, b] = [points('sweep:1', 64), points('sweep:2', 64)];
    for (let n = 0; n < 64; n++) for (let d = 0; d < SOBOL_DIMENSIONS; d++) expect(a[n][d]).not.toBe(b[n][d]);
  });

  it('gives point n whatever points were asked for before it', () => {
    const sequence = scrambledSobol(4, rng('x'));
    const late = sequence.point(1000);
    expect(scrambledSobol(4, rng('x')).point(1000)).toEqual(late);
    expect(points('x', 1001, 4)[1000]).toEqual(late);
  });
});
