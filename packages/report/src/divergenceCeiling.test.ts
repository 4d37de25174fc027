import { describe, expect, it } from 'vitest';
import { belowCeiling, cutDomain, divergenceCeiling, heldOffChart, OFF_CHART } from './divergenceCeiling.js';

const row = (label: string, x: number, mean: number, low = mean, high = mean) => ({ label, x, mean, low, high });

describe('divergenceCeiling', () => {
  it('cuts the y-axis at 2 × the highest starting loss when some curve climbs above it', () => {
    // Starts: a at x = 0 is 1, b at x = 0 is 2.3 → ceiling 4.6; b climbs to 1000.
    const rows = [row('a', 5, 0.5), row('a', 0, 1), row('b', 0, 2.3), row('b', 5, 1000)];
    expect(divergenceCeiling(rows)).toBeCloseTo(4.6, 12);
  });

  it("cuts when only a band's top climbs above (one diverging run among finished replicates)", () => {
    // Start 1 → ceiling 2; the mean stays at 1.5, the band's top reaches 50.
    expect(divergenceCeiling([row('a', 0, 1), row('a', 1, 1.5, 0.2, 50)])).toBe(2);
  });

  it('leaves the axis alone when every curve stays below, or when no curve starts above 0', () => {
    expect(divergenceCeiling([row('a', 0, 1), row('a', 1, 1.9)])).toBeNull();
    expect(divergenceCeiling([row('a', 0, -0.5), row('a', 1, 3)])).toBeNull();
    expect(divergenceCeiling([])).toBeNull();
  });
});

describe('drawing below the ceiling', () => {
  it('holds a value down to the ceiling, and leaves it alone without one', () => {
    expect(belowCeiling(1e6, 4.6)).toBe(4.6);
    expect(belowCeiling(3, 4.6)).toBe(3);
    expect(belowCeiling(1e6, null)).toBe(1e6);
  });

  it('places a line far off the top (OFF_CHART × the ceiling) at most, so its coordinates stay numbers a browser reads', () => {
    expect(OFF_CHART).toBeGreaterThanOrEqual(1e3);
    expect(heldOffChart(1e40, 1.4)).toBe(1.4 * OFF_CHART);
    expect(heldOffChart(3, 1.4)).toBe(3);
    expect(heldOffChart(1e40, null)).toBe(1e40);
  });

  it('spans the domain from the lowest band value (0 on a linear axis when lower) to the ceiling', () => {
    const rows = [row('a', 0, 1, 0.5, 1.2), row('a', 1, 0.3, 0.1, 0.4)];
    expect(cutDomain(rows, 2.4, true)).toEqual([0.1, 2.4]);
    expect(cutDomain(rows, 2.4, false)).toEqual([0, 2.4]);
    expect(cutDomain([row('a', 0, -1, -3, 1)], 2, false)).toEqual([-3, 2]);
    expect(cutDomain(rows, null, false)).toBeNull();
  });
});
