// Hand-checkable values for the rank tests; the SciPy agreement lives in reference.test.ts.
import { describe, expect, it } from 'vitest';
import { mannWhitneyNullPmf, mannWhitneyU } from './mannWhitney.js';
import { binomialHalfLowerTail, signTest } from './signTest.js';
import { signedRankCounts, wilcoxonSignedRank } from './wilcoxon.js';

describe('signTest', () => {
  it('counts signs, leaves zeros out, and doubles the smaller binomial tail', () => {
    // 8 positive, 1 negative, 1 zero: p = 2·P(X ≤ 1 | n = 9) = 2·(1 + 9)/512
    const result = signTest([1, 2, 3, 4, 5, 6, 7, 8, -1, 0]);
    expect(result).toMatchObject({ positives: 8, negatives: 1, zeros: 1 });
    expect(result.pValue).toBeCloseTo(20 / 512, 16);
  });

  it('gives 1 for balanced signs and for no non-zero difference', () => {
    expect(signTest([1, -1, 2, -2]).pValue).toBe(1);
    expect(signTest([0, 0]).pValue).toBe(1);
  });

  it('stays finite and symmetric for thousands of pairs', () => {
    // P(X ≤ k) + P(X ≤ n − k − 1) = 1 for X ~ Binomial(n, ½)
    for (const k of [900, 980, 999]) {
      const total = binomialHalfLowerTail(k, 2000) + binomialHalfLowerTail(2000 - k - 1, 2000);
      expect(total).toBeCloseTo(1, 12);
    }
    expect(binomialHalfLowerTail(0, 3000)).toBe(0); // 2⁻³⁰⁰⁰ underflows to 0, never to NaN
  });
});

describe('wilcoxonSignedRank', () => {
  it('counts the subsets of the ranks by their sum', () => {
    // subsets of {1, 2, 3}: sums 0, 1, 2, 3 ({3} and {1, 2}), 4, 5, 6
    expect(Array.from(signedRankCounts(3))).toEqual([1, 1, 1, 2, 1, 1, 1]);
    expect(signedRankCounts(50).reduce((a, b) => a + b, 0)).toBe(2 ** 50);
  });

  it('is exact without ties or zeros: five positive differences give p = 2/2⁵', () => {
    const result = wilcoxonSignedRank([0.8, 1.3, 0.4, 2.1, 0.9]);
    expect(result).toMatchObject({ statistic: 0, rankSumPositive: 15, method: 'exact', pValue: 2 / 32 });
  });

  it('switches to the normal approximation for zeros, ties and more than 50 differences', () => {
    expect(wilcoxonSignedRank([1, 2, 0, 3, 4, 5]).method).toBe('normal');
    expect(wilcoxonSignedRank([1, 2, -2, 3, 4, 5]).method).toBe('normal');
    expect(wilcoxonSignedRank(Array.from({ length: 51 }, (_, i) => i + 1)).method).toBe('normal');
    expect(wilcoxonSignedRank(Array.from({ length: 50 }, (_, i) => i + 1)).method).toBe('exact');
  });

  it('gives 1 when every difference is 0', () => {
    expect(wilcoxonSignedRank([0, 0, 0])).toMatchObject({ pValue: 1, zeros: 3, n: 0 });
  });
});

describe('mannWhitneyU', () => {
  it('uses the exact distribution of U: two values each, fully separated, p = 2/6', () => {
    // the C(4, 2) = 6 orderings give U = 0, 1, 2, 2, 3, 4
    expect(Array.from(mannWhitneyNullPmf(2, 2)).map((p) => p * 6)).toEqual([1, 1, 2, 1, 1]);
    const result = mannWhitneyU([1, 2], [3, 4]);
    expect(result).toMatchObject({ statistic: 0, method: 'exact' });
    expect(result.pValue).toBeCloseTo(1 / 3, 15);
  });

  it('gives 1 when every value is equal', () => {
    expect(mannWhitneyU([1, 1], [1, 1, 1])).toMatchObject({ pValue: 1, method: 'normal' });
  });
});
