import { describe, expect, it } from 'vitest';
import { groupConfigurations } from './configurations.js';
import { summarizeConfiguration } from './ranking.js';
import { searchOrder, searchProgress } from './searchProgress.js';
import { makeReportRun } from './testing/fixtures.js';
import type { ReportRun } from './types.js';

const results = (runs: readonly ReportRun[]) => groupConfigurations(runs, ['optimizer.lr'], 'random').map(summarizeConfiguration);

describe('searchProgress', () => {
  // Fixture runs log 10 steps per point: a finished run of 11 points trains 110 steps, a run stopped after
  // k points 10·k steps; examples = steps × batch.
  const a = makeReportRun({ lr: 0.1, finalMetric: 0.5, points: 11, batchSize: 8 }); // 110 · 8 = 880
  // Pruned at its rung with a lower value than anything finished: 0.01 + 0.01·e^(−1) ≈ 0.0137 after 30 steps.
  const b = makeReportRun({ lr: 0.2, status: 'pruned', finalMetric: 0.01, startLoss: 0.02, points: 11, prunedAt: 3, batchSize: 8 }); // 30 · 8 = 240
  // Configuration c: replicate 0 finished best of all (0.05), replicate 1 diverged: not eligible.
  const c0 = makeReportRun({ lr: 0.3, finalMetric: 0.05, points: 11, batchSize: 4 }); // 110 · 4 = 440
  const c1 = makeReportRun({ lr: 0.3, replicate: 1, status: 'diverged', points: 11, divergeAt: 2, batchSize: 4 }); // 20 · 4 = 80
  const d = makeReportRun({ lr: 0.4, finalMetric: 0.3, points: 11, batchSize: 8 }); // 880
  const e = makeReportRun({ lr: 0.5, finalMetric: 0.4, points: 11, batchSize: 8 }); // 880
  const ordered = [a, b, c0, d, c1, e];

  it('the fixtures are what the hand derivation assumes', () => {
    expect(ordered.map((run) => run.record.summary.examples)).toEqual([880, 240, 440, 880, 80, 880]);
    // The pruned run has a finite metric better than the best finished value: counting it would show.
    expect(b.record.summary.finalMetric).toBeCloseTo(0.01 + 0.01 * Math.exp(-1), 12);
  });

  it('counts only configurations that could win: pruned and partly diverged ones never improve the best (minimize)', () => {
    const { trials } = searchProgress(ordered, results(ordered), 'minimize');
    // Tried in order a, b, c, d, e: a 0.5; b pruned; c has a diverged replicate (its finished 0.05 does not count); d 0.3; e 0.4.
    expect(trials.map((trial) => trial.result.configuration.label)).toEqual(['lr=0.1', 'lr=0.2', 'lr=0.3', 'lr=0.4', 'lr=0.5']);
    expect(trials.map((trial) => trial.order)).toEqual([1, 2, 3, 4, 5]);
    expect(trials.map((trial) => trial.best)).toEqual([0.5, 0.5, 0.5, 0.3, 0.3]);
  });

  it('adds up every run’s examples in the search’s order, pruned runs counting what they trained', () => {
    const { spend } = searchProgress(ordered, results(ordered), 'minimize');
    // 880; +240 = 1120; +440 = 1560; +880 = 2440; +80 = 2520; +880 = 3400.
    expect(spend.map((point) => point.examples)).toEqual([880, 1120, 1560, 2440, 2520, 3400]);
    expect(spend.map((point) => point.best)).toEqual([0.5, 0.5, 0.5, 0.3, 0.3, 0.3]);
    expect(spend.map((point) => point.position)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('follows the goal, and knows a configuration’s mean only once its last replicate has run', () => {
    // Replicate-major, as a round of the search asks: x0, y0, x1, y1.
    const x0 = makeReportRun({ lr: 1, finalMetric: 0.8, points: 11, batchSize: 2 });
    const y0 = makeReportRun({ lr: 2, finalMetric: 0.9, points: 11, batchSize: 2 });
    const x1 = makeReportRun({ lr: 1, replicate: 1, finalMetric: 0.8, points: 11, batchSize: 2 });
    const y1 = makeReportRun({ lr: 2, replicate: 1, finalMetric: 0.5, points: 11, batchSize: 2 });
    const runs = [x0, y0, x1, y1];
    // x's mean is 0.8, y's (0.9 + 0.5) / 2 = 0.7: an improvement only when minimizing.
    const maximize = searchProgress(runs, results(runs), 'maximize');
    const minimize = searchProgress(runs, results(runs), 'minimize');
    expect(maximize.trials.map((trial) => trial.best)).toEqual([0.8, 0.8]);
    expect(minimize.trials.map((trial) => trial.best)).toEqual([0.8, 0.7]);
    // Nothing is known until x1 completes x; y is complete at y1. Examples: 110 · 2 = 220 per run.
    expect(maximize.spend.map((point) => point.best)).toEqual([NaN, NaN, 0.8, 0.8]);
    expect(minimize.spend.map((point) => point.best)).toEqual([NaN, NaN, 0.8, 0.7]);
    expect(minimize.spend.map((point) => point.examples)).toEqual([220, 440, 660, 880]);
  });

  it('separates the goals on values that differ', () => {
    const low = makeReportRun({ lr: 1, finalMetric: 0.2 });
    const high = makeReportRun({ lr: 2, finalMetric: 0.6 });
    const mid = makeReportRun({ lr: 3, finalMetric: 0.4 });
    const runs = [mid, high, low];
    expect(searchProgress(runs, results(runs), 'minimize').trials.map((trial) => trial.best)).toEqual([0.4, 0.4, 0.2]);
    expect(searchProgress(runs, results(runs), 'maximize').trials.map((trial) => trial.best)).toEqual([0.4, 0.6, 0.6]);
  });
});

describe('searchOrder', () => {
  it('orders runs as the run ids list them, unknown ones last in their given order', () => {
    const runs = [1, 2, 3, 4].map((lr) => makeReportRun({ lr }));
    const [one, two, three, four] = runs.map((run) => run.record.runId);
    expect(searchOrder(runs, [three, one, two]).map((run) => run.record.runId)).toEqual([three, one, two, four]);
  });
});
