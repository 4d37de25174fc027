import { describe, expect, it } from 'vitest';
import { minMaxDownsample } from './downsample.js';

/** A seeded noisy decay (mulberry32), so the test is the same every time. */
function noisyDecay(n: number, seed = 7): number[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, (_, i) => Math.exp(-i / 300) + 0.2 * (random() - 0.5));
}

describe('min–max downsampling', () => {
  it('returns a short series whole', () => {
    expect(minMaxDownsample([3, 1, 2])).toEqual([0, 1, 2]);
    const hundred = Array.from({ length: 100 }, (_, i) => i);
    expect(minMaxDownsample(hundred, hundred, 100)).toEqual(hundred);
  });

  it('keeps both ends, at most N points, ascending and distinct', () => {
    for (const [n, max] of [[101, 100], [1000, 100], [5000, 37], [250, 2], [3, 2]] as const) {
      const kept = minMaxDownsample(noisyDecay(n), undefined, max);
      expect(kept.length).toBeLessThanOrEqual(max);
      expect(kept[0]).toBe(0);
      expect(kept[kept.length - 1]).toBe(n - 1);
      for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
    }
  });

  it('keeps the lowest and highest value of each bucket of a noisy series', () => {
    const values = noisyDecay(1000);
    const kept = minMaxDownsample(values, values, 100);
    // 49 buckets over indices 1 … 998: bucket b spans [1 + ⌊b·998/49⌋, 1 + ⌊(b+1)·998/49⌋).
    for (let b = 0; b < 49; b++) {
      const from = 1 + Math.floor((b * 998) / 49);
      const to = 1 + Math.floor(((b + 1) * 998) / 49);
      const bucket = values.slice(from, to);
      const keptHere = kept.filter((i) => i >= from && i < to).map((i) => values[i]);
      expect(Math.min(...keptHere)).toBe(Math.min(...bucket));
      expect(Math.max(...keptHere)).toBe(Math.max(...bucket));
    }
    // So the whole series' extremes survive too.
    expect(Math.min(...kept.map((i) => values[i]))).toBe(Math.min(...values));
    expect(Math.max(...kept.map((i) => values[i]))).toBe(Math.max(...values));
  });

  it('takes the low from one series and the high from another (a band over replicates), never a non-finite value', () => {
    const low = [5, 1, 9, 9, 9, 0.5, 9, 9, 9, 5];
    const high = [5, 9, 9, 20, 9, 9, 9, 9, 30, 5];
    low[2] = NaN;
    // 4 points: one bucket over indices 1 … 8: lowest low at 5, highest high at 8.
    expect(minMaxDownsample(low, high, 4)).toEqual([0, 5, 8, 9]);
  });
});
