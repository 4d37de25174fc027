import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { compare, type CompareOptions } from './compare.js';
import { decide } from './decide.js';

/** n draws of N(location, scale²) from a seeded generator (Box–Muller), rounded to 4 decimals. */
function normals(seed: string, n: number, location: number, scale = 1): number[] {
  const uniform = seedrandom.alea(seed);
  return Array.from({ length: n }, () => {
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    return Math.round((location + scale * radius * Math.cos(2 * Math.PI * uniform())) * 1e4) / 1e4;
  });
}

// Replicate k of A and of B share a seed: a common per-replicate part plus a small configuration effect.
const shared = normals('shared', 12, 0, 1);
const lossA = shared.map((s, k) => 1 + s + 0.05 * normals('a', 12, 0)[k]); // lower loss: A is better
const lossB = shared.map((s, k) => 1.3 + s + 0.05 * normals('b', 12, 0)[k]);
const paired: CompareOptions = { paired: true, goal: 'minimize', resamples: 2000 };
const independent: CompareOptions = { paired: false, goal: 'minimize', resamples: 2000 };

describe('compare', () => {
  it('orients the effect so that positive means A is better, for either goal', () => {
    const minimizing = compare(lossA, lossB, paired);
    expect(minimizing.effect).toBeGreaterThan(0.25);
    expect(minimizing.interval.low).toBeGreaterThan(0);
    const maximizing = compare(lossA, lossB, { ...paired, goal: 'maximize' });
    expect(maximizing.effect).toBe(-minimizing.effect);
    // Same resamples whatever the goal: the intervals are exact mirror images.
    expect(maximizing.interval).toEqual({ low: -minimizing.interval.high, high: -minimizing.interval.low });
    expect(maximizing.pValue).toBe(minimizing.pValue);
  });

  it('swapping A and B negates the effect and mirrors the interval (paired)', () => {
    const ab = compare(lossA, lossB, paired);
    const ba = compare(lossB, lossA, paired);
    expect(ba.effect).toBe(-ab.effect);
    // The percentile index (B − 1)·q is mirrored only up to rounding: equal to 1e-12, not bit for bit.
    expect(ba.interval.low).toBeCloseTo(-ab.interval.high, 12);
    expect(ba.interval.high).toBeCloseTo(-ab.interval.low, 12);
    expect(ba.percentileInterval.low).toBeCloseTo(-ab.percentileInterval.high, 12);
    expect(ba.pValue).toBe(ab.pValue);
  });

  it('swapping A and B negates the effect; the interval mirrors within Monte Carlo error (independent)', () => {
    // Independent samples are resampled in the order given, so a swap draws other resamples.
    const ab = compare(lossA, lossB, independent);
    const ba = compare(lossB, lossA, independent);
    expect(ba.effect).toBe(-ab.effect);
    expect(ba.pValue).toBe(ab.pValue);
    const tolerance = 0.2 * ab.bootstrap.standardError;
    expect(Math.abs(ba.interval.low + ab.interval.high)).toBeLessThan(tolerance);
    expect(Math.abs(ba.interval.high + ab.interval.low)).toBeLessThan(tolerance);
  });

  it('swapping A and B flips better and worse', () => {
    const [ab] = decide([compare(lossA, lossB, paired)], { delta: 0.01 });
    const [ba] = decide([compare(lossB, lossA, paired)], { delta: 0.01 });
    expect(ab.verdict).toBe('better');
    expect(ba.verdict).toBe('worse');
  });

  it('gives the same bits for the same seed, and other resamples for another seed', () => {
    const first = compare(lossA, lossB, { ...independent, seed: 'sweep/momentum' });
    const again = compare(lossA, lossB, { ...independent, seed: 'sweep/momentum' });
    expect(again).toStrictEqual(first);
    for (const key of ['low', 'high'] as const) {
      expect(Object.is(again.interval[key], first.interval[key])).toBe(true);
      expect(Object.is(again.percentileInterval[key], first.percentileInterval[key])).toBe(true);
    }
    const other = compare(lossA, lossB, { ...independent, seed: 'another seed' });
    expect(other.effect).toBe(first.effect);
    expect(other.interval).not.toEqual(first.interval);
  });

  it('pairing removes the shared seed noise from the interval', () => {
    const width = (c: { interval: { low: number; high: number } }) => c.interval.high - c.interval.low;
    // The shared part has s = 1 and the configuration noise s ≈ 0.07: pairing should be far narrower.
    expect(width(compare(lossA, lossB, paired)) * 5).toBeLessThan(width(compare(lossA, lossB, independent)));
  });

  it('a larger number of replicates narrows the interval', () => {
    const a = normals('narrow a', 40, 0.2);
    const b = normals('narrow b', 40, 0);
    const width = (n: number, options: CompareOptions) => {
      const { interval } = compare(a.slice(0, n), b.slice(0, n), options);
      return interval.high - interval.low;
    };
    for (const options of [paired, independent]) {
      expect(width(20, options)).toBeLessThan(width(5, options));
      expect(width(40, options)).toBeLessThan(width(20, options));
      // The width shrinks about as 1/√n: from 10 to 40 replicates it should roughly halve.
      expect(width(40, options) / width(10, options)).toBeGreaterThan(0.3);
      expect(width(40, options) / width(10, options)).toBeLessThan(0.75);
    }
  });

  it('uses the Wilcoxon test by default and the sign test on request when paired, Mann–Whitney otherwise', () => {
    expect(compare(lossA, lossB, paired).test).toBe('wilcoxon');
    // All 12 differences favour A: the sign test's p = 2 / 2¹² and so is Wilcoxon's (no ties, no zeros).
    expect(compare(lossA, lossB, { ...paired, pairedTest: 'sign' }).pValue).toBeCloseTo(2 / 4096, 17);
    expect(compare(lossA, lossB, paired).pValue).toBe(2 / 4096); // counted exactly
    expect(compare(lossA, lossB, independent).test).toBe('mann-whitney');
  });

  it('refuses paired samples of different lengths and non-finite values, naming them', () => {
    expect(() => compare([1, 2, 3], [1, 2], paired)).toThrow(
      'stats: a paired comparison needs as many replicates of A as of B, got 3 and 2',
    );
    expect(() => compare([1, NaN, 3], [1, 2, 3], paired)).toThrow(
      'stats: sample A holds NaN at index 1; compare finite values only (leave out diverged or failed runs)',
    );
  });
});
