import { describe, expect, it } from 'vitest';
import { compare, type Comparison, type CompareOptions } from './compare.js';
import { decide } from './decide.js';
import { defaultDelta } from './delta.js';
import { replicatesNeeded, smallestRankTestPValue } from './replicatesNeeded.js';
import { studentTQuantile } from './studentT.js';

const paired: CompareOptions = { paired: true, goal: 'maximize', resamples: 2000 };

describe('defaultDelta', () => {
  it('is 5 % of the interquartile range of every run of the metric', () => {
    // 1 … 9: 25th percentile at index 2 → 3, 75th at index 6 → 7, IQR 4, δ = 0.05·4
    expect(defaultDelta([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeCloseTo(0.2, 15);
    expect(defaultDelta([1, 2, 3, 4, 5, 6, 7, 8, 9], 0.1)).toBeCloseTo(0.4, 15);
  });

  it('leaves out diverged runs (NaN, Infinity)', () => {
    expect(defaultDelta([1, 2, 3, 4, 5, 6, 7, 8, 9, NaN, Infinity])).toBeCloseTo(0.2, 15);
  });

  it('falls back to the standard deviation when the middle half of the runs share one value', () => {
    // [1, 5, 5, 5, 5, 5, 9]: IQR 0; mean 5, s² = (16 + 16)/6
    expect(defaultDelta([5, 1, 5, 5, 9, 5, 5])).toBeCloseTo(0.05 * Math.sqrt(32 / 6), 15);
    expect(defaultDelta([3, 3, 3])).toBe(0);
  });
});

describe('replicatesNeeded', () => {
  const differences = [0.9, -0.7, 0.4, 1.1, -0.5, 0.6]; // mean 0.3, s ≈ 0.75: far from decided at n = 6
  const comparison = compare(differences, [0, 0, 0, 0, 0, 0], paired);
  const halfWidth = (n: number) => (studentTQuantile(0.975, n - 1) * comparison.replicateSd) / Math.sqrt(n);

  it('finds the smallest n whose t interval excludes 0 at the observed mean and spread', () => {
    const needed = replicatesNeeded(comparison, { delta: 0.01 })!;
    expect(needed.towards).toBe('direction');
    expect(halfWidth(needed.replicates)).toBeLessThan(comparison.effect);
    expect(halfWidth(needed.replicates - 1)).toBeGreaterThanOrEqual(comparison.effect);
    expect(needed.additional).toBe(needed.replicates - 6);
  });

  it('looks for equivalence when the effect is well inside ±δ', () => {
    const needed = replicatesNeeded(comparison, { delta: 1 })!;
    expect(needed.towards).toBe('equivalence');
    expect(comparison.effect + halfWidth(needed.replicates)).toBeLessThanOrEqual(1);
    expect(comparison.effect + halfWidth(needed.replicates - 1)).toBeGreaterThan(1);
  });

  it('asks for enough pairs that a rank test can reach α divided by the number of comparisons', () => {
    // A clear effect at n = 3, but 2/2³ = 0.25 > 0.05: six pairs (2/2⁶ ≈ 0.031) are the least that can decide;
    // among 4 comparisons it takes 2/2ⁿ ≤ 0.0125, n = 8.
    const clear = compare([5.1, 5.0, 4.9], [0, 0, 0], paired);
    expect(replicatesNeeded(clear, { delta: 0.01 })).toEqual({ replicates: 6, additional: 3, towards: 'direction' });
    expect(replicatesNeeded(clear, { delta: 0.01, comparisons: 4 })!.replicates).toBe(8);
    expect(smallestRankTestPValue(6, true)).toBe(2 / 64);
    expect(smallestRankTestPValue(2, false)).toBeCloseTo(2 / 6, 15); // C(4, 2) orderings
  });

  it('answers undefined when no number of replicates would decide', () => {
    const none = compare([1, -1, 2, -2], [0, 0, 0, 0], paired); // effect exactly 0
    expect(replicatesNeeded(none, { delta: 0 })).toBeUndefined();
  });
});

describe('decide', () => {
  const better = compare([1.2, 1.5, 1.1, 1.4, 1.3, 1.6, 1.25, 1.45], [0, 0, 0, 0, 0, 0, 0, 0], paired);
  const undecided = compare([0.9, -0.7, 0.4, 1.1, -0.5, 0.6], [0, 0, 0, 0, 0, 0], paired);
  const equivalent = compare([0.01, -0.02, 0.015, 0.0, -0.01, 0.02], [0, 0, 0, 0, 0, 0], paired);

  it('corrects the p-values of the family together and gives each comparison its verdict', () => {
    const decisions = decide([better, undecided, equivalent], { delta: 0.1 });
    expect(decisions.map((d) => d.verdict)).toEqual(['better', 'undecided', 'equivalent']);
    decisions.forEach((d) => expect(d.adjustedPValue).toBeGreaterThanOrEqual(d.comparison.pValue));
    // eight positive differences: p = 2/2⁸, the smallest of three, times 3
    expect(decisions[0].adjustedPValue).toBeCloseTo(3 * (2 / 256), 15);
  });

  it('says what would decide an undecided comparison, and only for those', () => {
    const decisions = decide([better, undecided, equivalent], { delta: 0.1 });
    expect(decisions[0].replicatesNeeded).toBeUndefined();
    expect(decisions[1].replicatesNeeded).toEqual(replicatesNeeded(undecided, { delta: 0.1, comparisons: 3 }));
    expect(decisions[1].replicatesNeeded!.additional).toBeGreaterThan(0);
  });

  it('never calls an undecided lead a win, however large the lead', () => {
    // A big mean lead from one huge replicate: the interval reaches 0 and the test cannot decide.
    const lucky: Comparison = compare([50, -0.1, 0.2, -0.3, 0.1], [0, 0, 0, 0, 0], paired);
    expect(lucky.effect).toBeGreaterThan(9);
    expect(lucky.interval.low).toBeLessThan(0);
    expect(decide([lucky], { delta: 0.1 })[0].verdict).toBe('undecided');
  });
});
