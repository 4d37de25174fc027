import { describe, expect, it } from 'vitest';
import { groupConfigurations } from '../configurations.js';
import { meanCurve } from '../curves.js';
import { makeReportRun } from '../testing/fixtures.js';
import { curveRows } from './_curveChart.js';

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
