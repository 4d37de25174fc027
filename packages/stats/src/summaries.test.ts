import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal.js';
import { studentTCdf, studentTQuantile } from './studentT.js';
import { averageRanks, exactSum, mean, percentileOfSorted, sampleVariance } from './summaries.js';

describe('summaries', () => {
  it('sums exactly, so the order of the values does not matter', () => {
    expect(exactSum([1e16, 1, -1e16])).toBe(1); // plain addition gives 0
    expect(exactSum([0.1, 0.2, 0.3])).toBe(0.6); // plain addition gives 0.6000000000000001
    expect(exactSum([0.3, 0.1, 0.2])).toBe(exactSum([0.1, 0.2, 0.3]));
    expect(exactSum([])).toBe(0);
    expect(exactSum([1, Infinity])).toBe(Infinity);
  });

  it('sums one or two values as the general path does (IEEE addition rounds correctly, ties to even)', () => {
    const pairs: [number, number][] = [[0.1, 0.2], [1e16, 1], [2 ** 53, 1], [2 ** 53, 3], [1.7976931348623157e308, 1e292], [5e-324, 5e-324], [1, -1]];
    for (const [a, b] of pairs) {
      // A third value of 0 leaves the exact sum alone but takes the partials path.
      expect(Object.is(exactSum([a, b]), exactSum([a, b, 0])), `${a} + ${b}`).toBe(true);
    }
    expect(exactSum([2 ** 53, 1])).toBe(2 ** 53); // the tie goes to the even neighbour
    // Zeros keep their sign as the partials path keeps it (−0 + −0 = −0).
    expect(Object.is(exactSum([-0]), -0)).toBe(true);
    expect(Object.is(exactSum([-0, -0]), -0)).toBe(true);
  });

  it('keeps nothing from one sum to the next (its partials array is shared between calls)', () => {
    // 1e100 + 1 + 1e-100 leaves three partials; the next sums must not see them.
    expect(exactSum([1e100, 1, 1e-100, -1e100])).toBe(1);
    expect(exactSum([0.5])).toBe(0.5);
    expect(exactSum([])).toBe(0);
    expect(exactSum([2, 3])).toBe(5);
  });

  it('mean and variance', () => {
    expect(mean([1, 2, 4, 8])).toBe(3.75);
    // deviations −2.75, −1.75, 0.25, 4.25: squares sum to 7.5625 + 3.0625 + 0.0625 + 18.0625 = 28.75; / 3
    expect(sampleVariance([1, 2, 4, 8])).toBeCloseTo(28.75 / 3, 14);
    expect(sampleVariance([5])).toBe(0);
  });

  it('interpolates percentiles like numpy: index (n − 1)·q/100', () => {
    expect(percentileOfSorted([1, 2, 3, 4], 25)).toBe(1.75); // index 0.75
    expect(percentileOfSorted([10, 20], 50)).toBe(15);
    expect(percentileOfSorted([10, 20], 100)).toBe(20);
    expect(percentileOfSorted([10, 20], 0)).toBe(10);
    expect(() => percentileOfSorted([], 50)).toThrow('stats: the percentile of an empty list is undefined');
  });

  it('gives tied values the average of their ranks', () => {
    expect(averageRanks([3, 1, 3, 2])).toEqual([3.5, 1, 3.5, 2]);
  });
});

describe('distributions', () => {
  it('the normal quantile inverts the normal CDF and handles the ends', () => {
    for (const p of [1e-12, 0.01, 0.3, 0.5, 0.8, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it("Student's t with 1 and 2 degrees of freedom has closed forms", () => {
    // ν = 1 is the Cauchy distribution: t(p) = tan(π(p − ½)); ν = 2: t(p) = (2p − 1)/√(2p(1 − p))
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 12);
    expect(studentTQuantile(0.6, 2)).toBeCloseTo(0.2 / Math.sqrt(2 * 0.6 * 0.4), 14);
    expect(studentTCdf(0, 7)).toBe(0.5);
    expect(studentTQuantile(0.025, 9)).toBe(-studentTQuantile(0.975, 9));
    expect(() => studentTCdf(1, 2.5)).toThrow('stats: degrees of freedom must be a whole number ≥ 1, got 2.5');
  });
});
