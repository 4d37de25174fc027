import { describe, expect, it } from 'vitest';
import { divergenceCeiling } from './_curveChart.js';

const row = (label: string, x: number, mean: number) => ({ label, x, mean, low: mean, high: mean });

describe('divergenceCeiling', () => {
  it('cuts the y-axis at 2 × the highest starting loss when some curve climbs above it', () => {
    // Starts: a at x = 0 is 1, b at x = 0 is 2.3 → ceiling 4.6; b climbs to 1000.
    const rows = [row('a', 5, 0.5), row('a', 0, 1), row('b', 0, 2.3), row('b', 5, 1000)];
    expect(divergenceCeiling(rows)).toBeCloseTo(4.6, 12);
  });

  it('leaves the axis alone when every curve stays below, or when no curve starts above 0', () => {
    expect(divergenceCeiling([row('a', 0, 1), row('a', 1, 1.9)])).toBeNull();
    expect(divergenceCeiling([row('a', 0, -0.5), row('a', 1, 3)])).toBeNull();
  });
});
