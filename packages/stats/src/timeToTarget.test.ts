import { describe, expect, it } from 'vitest';
import { timeToTarget } from './timeToTarget.js';

describe('timeToTarget', () => {
  it('is the median over replicates when all reached', () => {
    // sorted 80, 100, 120: the middle one.
    expect(timeToTarget([120, 80, 100])).toEqual({ time: 100, replicatesReached: 3, replicates: 3 });
    // sorted 80, 100, 120, 200: (100 + 120) / 2, numpy's median for an even count.
    expect(timeToTarget([200, 120, 80, 100]).time).toBe(110);
  });

  it('counts a replicate that never reached as ∞ inside the median: reached only by a strict majority', () => {
    // 2 of 3 reached: sorted 100, 300, ∞ → 300 (the slower of the two that reached, not their mean).
    expect(timeToTarget([300, null, 100])).toEqual({ time: 300, replicatesReached: 2, replicates: 3 });
    // 1 of 3: 100, ∞, ∞ → ∞.
    expect(timeToTarget([null, 100, Infinity])).toEqual({ time: null, replicatesReached: 1, replicates: 3 });
    // 3 of 4: 100, 200, 300, ∞ → (200 + 300) / 2.
    expect(timeToTarget([300, 100, null, 200]).time).toBe(250);
    // Half of 4 is not a majority: 100, 200, ∞, ∞ → (200 + ∞) / 2 = ∞.
    expect(timeToTarget([100, null, 200, null])).toEqual({ time: null, replicatesReached: 2, replicates: 4 });
    expect(timeToTarget([null])).toEqual({ time: null, replicatesReached: 0, replicates: 1 });
  });

  it('rejects no replicates and times that are not positive', () => {
    expect(() => timeToTarget([])).toThrow(/no replicates/);
    expect(() => timeToTarget([10, 0])).toThrow(/replicate 1's time to target must be a positive number/);
    expect(() => timeToTarget([NaN])).toThrow(/positive number/);
  });
});
