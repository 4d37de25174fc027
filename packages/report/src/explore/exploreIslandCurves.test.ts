import { describe, expect, it } from 'vitest';
import { unpackSeries } from '../client/curveCodec.js';
import { configOf } from '../client/runDiff.js';
import { sweepModel } from '../reportModel.js';
import { makeReportRun, makeSweepInput } from '../testing/fixtures.js';
import { exploreData, ISLAND_CURVE_POINTS } from './exploreIsland.js';

// The island's curves and config (version 2), checked against the records they come from.

describe("the data island's curves and config", () => {
  const runs = [0.01, 0.1].flatMap((lr) =>
    [0, 1].map((replicate) => makeReportRun({ lr, momentum: 0.9, replicate, points: 400, epochs: 250, ...(lr === 0.1 && replicate === 1 ? { status: 'diverged' as const, divergeAt: 150 } : {}) })),
  );
  const input = makeSweepInput({ varied: ['optimizer.lr'], runs });
  const data = exploreData(sweepModel(input));

  it("carries each run's training loss against examples seen, at most 100 points, from its first evaluation to its last", () => {
    expect(data.curves).toEqual({ quantity: 'loss', title: 'training loss (whole training set)', axis: 'examples', axisLabel: 'examples seen', maxPoints: ISLAND_CURVE_POINTS });
    for (const { record } of input.runs) {
      const run = data.runs.find((candidate) => candidate.id === record.runId)!;
      const x = unpackSeries(data.configurations[run.configuration].curveX);
      const y = unpackSeries(run.curve);
      const evaluations = record.epochs.filter((point) => Number.isFinite(point.trainLoss));
      expect(x.length).toBeLessThanOrEqual(100);
      expect(y.length).toBeLessThanOrEqual(x.length);
      expect(y.every((value) => value !== null)).toBe(true);
      const [first, last] = [evaluations[0], evaluations[evaluations.length - 1]];
      expect(x[0]).toBe(first.examples);
      expect(Math.abs(y[0]! / first.trainLoss! - 1)).toBeLessThan(1e-3);
      // A diverged run stops early: its last value sits at its own last evaluation, not the configuration's.
      expect(Math.abs(x[y.length - 1]! - last.examples)).toBeLessThanOrEqual(x[x.length - 1]! / 4094);
      expect(Math.abs(y[y.length - 1]! / last.trainLoss! - 1)).toBeLessThan(1e-3);
    }
  });

  it("holds every config key of every run, and gives each run its record's values", () => {
    for (const { record } of input.runs) {
      const run = data.runs.findIndex((candidate) => candidate.id === record.runId);
      const values = configOf(data, data.runs[run].configuration);
      data.config.keys.forEach((key, i) => {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], record.config);
        // As the report writes values: lists in parentheses, an empty one 'none', a null leaf (no target) 'null'.
        const expected = Array.isArray(value) ? (value.length === 0 ? 'none' : `(${value.join(', ')})`) : value === null ? 'null' : String(value);
        expect(values[i]).toBe(expected);
      });
    }
    expect(data.config.shared[data.config.keys.indexOf('optimizer.lr')]).toBeNull();
    expect(data.config.shared[data.config.keys.indexOf('optimizer.momentum')]).toBe('0.9');
  });
});
