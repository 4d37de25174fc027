import { describe, expect, it } from 'vitest';
import { bootstrapDistribution, bootstrapMean, bootstrapMeanDifference } from './bootstrap.js';
import { resampleIndices } from './resample.js';
import { percentileOfSorted, sampleVariance } from './summaries.js';

describe('bootstrap', () => {
  it('uses 10,000 resamples at 95 % seeded with "descent" unless told otherwise', () => {
    const result = bootstrapMean([1, 2, 4, 8]);
    expect(result).toMatchObject({ resamples: 10_000, confidence: 0.95, seed: 'descent', estimate: 3.75 });
    expect(result.percentile).toEqual(bootstrapMean([1, 2, 4, 8], { seed: 'descent' }).percentile);
  });

  it("gives the percentiles of the whole sorted distribution, and its standard deviation to a few ulps", () => {
    const a = [0.31, 0.29, 0.35, 0.3, 0.33, 0.28, 0.32, 0.3];
    const b = [0.3, 0.31, 0.3, 0.34, 0.36, 0.29, 0.35, 0.33];
    for (const [samples, result] of [
      [[a.map((x, i) => x - b[i])], bootstrapMean(a.map((x, i) => x - b[i]), { seed: 'whole' })],
      [[a, b], bootstrapMeanDifference(a, b, { seed: 'whole', confidence: 0.9 })],
    ] as const) {
      const distribution = bootstrapDistribution(samples, 10_000, 'whole');
      const sorted = distribution.slice().sort();
      const alpha = (1 - result.confidence) / 2;
      expect(result.percentile).toEqual({ low: percentileOfSorted(sorted, alpha * 100), high: percentileOfSorted(sorted, (1 - alpha) * 100) });
      // BCa's levels lie elsewhere in the distribution: each end is one of its sorted values, or between two neighbours.
      for (const end of [result.bca.low, result.bca.high]) {
        const at = sorted.findIndex((x) => x >= end);
        expect(sorted[at] === end || (at > 0 && sorted[at - 1] < end && end < sorted[at])).toBe(true);
      }
      const exact = Math.sqrt(sampleVariance(distribution));
      expect(Math.abs(result.standardError - exact)).toBeLessThanOrEqual(4 * Number.EPSILON * exact);
    }
  });

  it('resamples every sample from one seeded stream, resample by resample', () => {
    const [a, b] = resampleIndices([3, 2], 4, 'x');
    expect(a.length).toBe(12);
    expect(b.length).toBe(8);
    expect(Math.max(...a)).toBeLessThan(3);
    expect(Math.max(...b)).toBeLessThan(2);
    // the first sample's indices alone come from the same stream only for the first resample
    expect(resampleIndices([3], 1, 'x')[0]).toEqual(a.slice(0, 3));
  });

  it('collapses to the estimate for a sample whose values are all equal, where BCa is undefined', () => {
    const result = bootstrapMean([2, 2, 2], { resamples: 100 });
    expect(result.percentile).toEqual({ low: 2, high: 2 });
    expect(result.bca).toEqual({ low: 2, high: 2 });
    expect(result.bcaDefined).toBe(false);
  });

  it('contains the estimate and widens with the confidence level', () => {
    const a = [0.3, 1.2, -0.4, 0.9, 2.2, 0.1, 1.4];
    const b = [0.1, -0.6, 0.2, 0.4, -1.1, 0.0];
    const narrow = bootstrapMeanDifference(a, b, { confidence: 0.8, resamples: 4000 });
    const wide = bootstrapMeanDifference(a, b, { confidence: 0.99, resamples: 4000 });
    for (const interval of [narrow.percentile, narrow.bca]) {
      expect(interval.low).toBeLessThan(narrow.estimate);
      expect(interval.high).toBeGreaterThan(narrow.estimate);
    }
    expect(wide.bca.high - wide.bca.low).toBeGreaterThan(narrow.bca.high - narrow.bca.low);
    expect(wide.percentile.high - wide.percentile.low).toBeGreaterThan(narrow.percentile.high - narrow.percentile.low);
  });

  it('refuses samples too small to resample and impossible options', () => {
    expect(() => bootstrapMean([1])).toThrow('stats: a bootstrap needs at least 2 values per sample, got 1');
    expect(() => bootstrapMean([1, 2], { resamples: 0 })).toThrow('stats: resamples must be a whole number ≥ 1, got 0');
    expect(() => bootstrapMean([1, 2], { confidence: 95 })).toThrow('stats: confidence must be in (0, 1), got 95');
    expect(() => bootstrapMeanDifference([1, 2], [3, Infinity])).toThrow('stats: sample B holds Infinity at index 1');
  });
});
