import { describe, expect, it } from 'vitest';
import { meanCurve } from '../curves.js';
import { MAX_COLOURED_SERIES } from '../palette.js';
import { exploreData } from '../explore/exploreIsland.js';
import { sweepModel } from '../reportModel.js';
import { momentumSweepFixture } from '../testing/sampleSweeps.js';
import type { ReportRun } from '../types.js';
import { curveGroups, GROUP_GRID_POINTS, groupCurve, runSeriesOf, type RunSeries } from './groupCurves.js';

const input = momentumSweepFixture();
const model = sweepModel(input);
const data = exploreData(model);
const series = runSeriesOf(data);
const all = data.runs.map(() => true);
const indexOf = (run: ReportRun) => data.runs.findIndex((candidate) => candidate.id === run.record.runId);
const configKey = (run: ReportRun) => JSON.stringify([run.record.config.optimizer.lr, run.record.config.optimizer.momentum, run.record.config.train.batch_size]);

describe('curves grouped for the selection', () => {
  it("draws a configuration's curve as the report's meanCurve does (mean and band over its replicates), within the packing's precision", () => {
    for (const configuration of model.configurations) {
      const expected = meanCurve(configuration.runs, 'examples', 'loss');
      const drawn = groupCurve(series, configuration.runs.map(indexOf));
      expect(drawn.map((point) => point.runs)).toEqual(expected.map((point) => point.replicates));
      drawn.forEach((point, i) => {
        expect(Math.abs(point.x - expected[i].x)).toBeLessThanOrEqual(expected[expected.length - 1].x / 4094);
        // 4,094 log levels over a run's span: a diverged run's curve spans up to 7 decades, 0.4 % a level.
        for (const field of ['mean', 'low', 'high'] as const) expect(Math.abs(point[field] / expected[i][field] - 1)).toBeLessThan(5e-3);
      });
    }
  });

  it('reads each run off its own curve on the union of x positions, only inside its range', () => {
    const runs: RunSeries[] = [
      { x: [0, 10, 20], y: [4, 2, 1] },
      { x: [0, 20], y: [6, 2] }, // 4 at x = 10, halfway
      { x: [10, 30], y: [1, 1] },
    ];
    expect(groupCurve(runs, [0, 1, 2])).toEqual([
      { x: 0, mean: 5, low: 4, high: 6, runs: 2 },
      { x: 10, mean: (2 + 4 + 1) / 3, low: 1, high: 4, runs: 3 },
      { x: 20, mean: (1 + 2 + 1) / 3, low: 1, high: 2, runs: 3 },
      { x: 30, mean: 1, low: 1, high: 1, runs: 1 },
    ]);
  });

  it('computes a group of many different x positions on an even grid of GROUP_GRID_POINTS from the first to the last', () => {
    // 300 runs, each a line y = x over its own 3 positions: the union has 600 positions.
    const runs: RunSeries[] = Array.from({ length: 300 }, (_, i) => ({ x: [0, 1 + i / 1000, 2], y: [0, 1 + i / 1000, 2] }));
    const curve = groupCurve(runs, runs.map((_, i) => i));
    expect(curve).toHaveLength(GROUP_GRID_POINTS);
    expect(curve[0].x).toBe(0);
    expect(curve[GROUP_GRID_POINTS - 1].x).toBe(2);
    // Every run is linear, so each reads x at x: mean = low = high = x.
    for (const point of curve) {
      expect(point.runs).toBe(300);
      for (const value of [point.mean, point.low, point.high]) expect(value).toBeCloseTo(point.x, 12);
    }
  });

  it('groups by a setting: one group per momentum, holding exactly the selected runs with that momentum', () => {
    const lrAtMost01 = data.runs.map((run) => data.configurations[run.configuration].values[0]! <= 0.1);
    const { groups, hidden } = curveGroups(data, lrAtMost01, 'optimizer.momentum');
    expect(hidden).toBe(0);
    expect(groups.map((group) => group.label)).toEqual(['momentum=0', 'momentum=0.9']);
    for (const [i, momentum] of [0, 0.9].entries()) {
      const expected = input.runs.filter((run) => run.record.config.optimizer.momentum === momentum && Number(run.record.config.optimizer.lr) <= 0.1).map((run) => run.record.runId).sort();
      expect(groups[i].runs.map((run) => data.runs[run].id).sort()).toEqual(expected);
      expect(groups[i].pick).toEqual({ kind: 'setting', key: 'optimizer.momentum', value: momentum, filter: { kind: 'range', min: momentum, max: momentum, missing: false } });
    }
  });

  it('by configuration, keeps the best (as many as the palette has colours) by mean final metric, in the report order', () => {
    const { groups, hidden } = curveGroups(data, all, null);
    expect(MAX_COLOURED_SERIES).toBe(10);
    expect(hidden).toBe(12 - 10);
    const finals = new Map<string, number[]>();
    for (const run of input.runs) {
      const list = finals.get(configKey(run)) ?? [];
      if (Number.isFinite(run.record.summary.finalMetric)) list.push(run.record.summary.finalMetric);
      finals.set(configKey(run), list);
    }
    const score = (list: number[]) => (list.length === 0 ? Infinity : list.reduce((a, b) => a + b, 0) / list.length);
    const best = [...finals.entries()].sort((a, b) => score(a[1]) - score(b[1])).slice(0, MAX_COLOURED_SERIES).map(([key]) => key).sort();
    const shown = groups.map((group) => configKey(input.runs.find((run) => run.record.runId === data.runs[group.runs[0]].id)!)).sort();
    expect(shown).toEqual(best);
    const order = groups.map((group) => (group.pick.kind === 'configuration' ? group.pick.configuration : -1));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
