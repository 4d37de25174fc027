import { describe, expect, it } from 'vitest';
import { groupConfigurations } from '../configurations.js';
import { meanCurve } from '../curves.js';
import { makeReportRun } from '../testing/fixtures.js';
import { curveRows, divergenceCeiling } from './_curveChart.js';

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

describe('curveRows', () => {
  it("downsamples a long curve to what a chart draws, keeping its ends and its band's lowest and highest points", async () => {
    const runs = [0, 1].map((replicate) => makeReportRun({ lr: 0.1, momentum: 0.9, replicate, points: 400, epochs: 300 }));
    const [configuration] = groupConfigurations(runs, ['optimizer.lr']);
    const full = meanCurve(configuration.runs, 'examples', 'loss');
    expect(full).toHaveLength(301);
    const rows = curveRows([{ label: 'a', configuration }], 'examples', 'loss');
    expect(rows.length).toBeLessThanOrEqual(100);
    expect(rows[0]).toEqual({ label: 'a', ...full[0] });
    expect(rows[rows.length - 1]).toEqual({ label: 'a', ...full[300] });
    expect(Math.min(...rows.map((r) => r.low))).toBe(Math.min(...full.map((point) => point.low)));
    expect(Math.max(...rows.map((r) => r.high))).toBe(Math.max(...full.map((point) => point.high)));
  });
});
