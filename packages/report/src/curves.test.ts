import { describe, expect, it } from 'vitest';
import type { RunMeta } from '@descent/runner';
import { availableAxes, sharedEpochSize, meanCurve } from './curves.js';
import type { ReportRun } from './types.js';
import { makeReportRun, makeRunRecord } from './testing/fixtures.js';

function meta(runId: string, stepTimesMs: number[], epochTimesMs: number[]): RunMeta {
  return { schema: 1, runId, wallTimeMs: 0, stepTimesMs, epochTimesMs, finishedAt: '', node: '', machine: '', gitCommit: null, descentVersion: '', kernels: 'js' };
}

/**
 * A dataset run with hand-written series (batch 4): end-of-epoch training losses at steps 0, 10, 20 and
 * mini-batch losses logged at steps 0, 5, 10, 15, 20 that are much noisier.
 */
function datasetRun(trainLosses: number[], batchLosses: number[], epochTimes: number[] | null, replicate: number): ReportRun {
  const record = makeRunRecord({ replicate, batchSize: 4 });
  record.epochs = trainLosses.map((trainLoss, e) => ({
    epoch: e, step: 10 * e, examples: 40 * e, trainLoss, testLoss: 2 * trainLoss, trainAccuracy: null, testAccuracy: 1 - trainLoss,
  }));
  record.steps = batchLosses.map((loss, k) => ({ step: 5 * k, epoch: k / 2, examples: 20 * k, loss, gradNorm: 1, updateNorm: 1 }));
  return { record, meta: epochTimes === null ? null : meta(record.runId, batchLosses.map((_, k) => 7 * k), epochTimes) };
}

describe('meanCurve on a dataset: the end-of-epoch evaluations on the whole training set', () => {
  const runs = [
    datasetRun([1, 0.5, 0.25], [1, 0.01, 2, 0.001, 3], [0, 100, 200], 0),
    datasetRun([3, 0.7, Infinity], [3, 0.5, 0.1, 0.2, 0.3], [0, 300, 600], 1),
  ];

  it('averages trainLoss across replicates at each epoch and keeps the min–max band, ignoring the mini-batch loss', () => {
    // epoch 0: (1 + 3)/2 = 2, band [1, 3]; epoch 1: (0.5 + 0.7)/2 = 0.6; epoch 2: only the finite 0.25 counts.
    const curve = meanCurve(runs, 'examples', 'loss');
    expect(curve.map((p) => p.x)).toEqual([0, 40, 80]);
    expect(curve[0]).toMatchObject({ mean: 2, low: 1, high: 3, replicates: 2 });
    expect(curve[1].mean).toBeCloseTo(0.6, 12);
    expect(curve[2]).toMatchObject({ mean: 0.25, low: 0.25, high: 0.25, replicates: 1 });
  });

  it('draws the test loss and accuracy from the same evaluations', () => {
    // testLoss = 2·trainLoss: epoch 1 → (1 + 1.4)/2 = 1.2; testAccuracy = 1 − trainLoss: epoch 1 → (0.5 + 0.3)/2 = 0.4.
    expect(meanCurve(runs, 'epochs', 'test_loss')[1]).toMatchObject({ x: 1 });
    expect(meanCurve(runs, 'epochs', 'test_loss')[1].mean).toBeCloseTo(1.2, 12);
    expect(meanCurve(runs, 'steps', 'test_accuracy')[1].mean).toBeCloseTo(0.4, 12);
    // No train accuracy was recorded (null): no curve.
    expect(meanCurve(runs, 'steps', 'train_accuracy')).toEqual([]);
  });

  it('draws the validation loss and accuracy from runs that record them, and nothing from runs that do not', () => {
    const validated = runs.map((run) => ({
      ...run,
      record: { ...run.record, epochs: run.record.epochs.map((e) => ({ ...e, validationLoss: 3 * e.trainLoss, validationAccuracy: 1 - 2 * e.trainLoss })) },
    }));
    // validationLoss = 3·trainLoss: epoch 1 → (1.5 + 2.1)/2 = 1.8; validationAccuracy = 1 − 2·trainLoss: epoch 1 → (0 + −0.4)/2 = −0.2.
    expect(meanCurve(validated, 'epochs', 'validation_loss')[1].mean).toBeCloseTo(1.8, 12);
    expect(meanCurve(validated, 'epochs', 'validation_accuracy')[1].mean).toBeCloseTo(-0.2, 12);
    expect(meanCurve(runs, 'epochs', 'validation_loss')).toEqual([]);
    expect(availableAxes(runs, 'validation_loss')).toEqual([]);
  });

  it('places an epoch at the replicates\' mean wall time from meta.epochTimesMs', () => {
    // epoch 1 evaluated at 100 ms and 300 ms → x = 200 ms; epoch 2 only in replicate 0 (the other is not finite).
    expect(meanCurve(runs, 'wall', 'loss').map((p) => p.x)).toEqual([0, 200, 200]);
    expect(meanCurve([datasetRun([1, 2], [1], null, 0)], 'wall', 'loss')).toEqual([]);
  });

  it('keeps the mini-batch series for the oscillation view', () => {
    // step 5 (k = 1): (0.01 + 0.5)/2 = 0.255 at examples 20, wall (7 + 7)/2 = 7 ms.
    const curve = meanCurve(runs, 'examples', 'batch_loss');
    expect(curve.map((p) => p.x)).toEqual([0, 20, 40, 60, 80]);
    expect(curve[1].mean).toBeCloseTo(0.255, 12);
    expect(meanCurve(runs, 'wall', 'batch_loss')[1].x).toBe(7);
  });
});

describe('meanCurve on a landscape: the exact loss along the path', () => {
  // Trajectory points at steps 0, 10, 20 (positions after that many updates); the fixture logs steps 9 and 19 with them.
  const path = [
    { x: 1, y: 1, loss: 2 },
    { x: 0.5, y: 0.5, loss: -0.5 },
    { x: 0.1, y: 0.1, loss: -1 },
  ];
  const run = makeReportRun({ batchSize: 1, landscape: { name: 'bowl', trajectory: path }, oscillation: 5 });

  it('uses trajectory[].loss, not the noisy step loss, and allows negative values', () => {
    const curve = meanCurve([run], 'steps', 'loss');
    expect(curve.map((p) => [p.x, p.mean])).toEqual([[0, 2], [10, -0.5], [20, -1]]);
  });

  it('times trajectory step s by the logged step s − 1, and the start at 0 ms', () => {
    // makeRunMeta at batch 1: 0.5·(1 + 1/64) ms per step, steps 9 and 19 logged.
    const perStep = 0.5 * (1 + 1 / 64);
    expect(meanCurve([run], 'wall', 'loss').map((p) => p.x)).toEqual([0, 9 * perStep, 19 * perStep]);
  });

  it('offers steps and wall time only: no epochs, and examples equal steps at batch 1', () => {
    expect(availableAxes([run], 'loss')).toEqual(['steps', 'wall']);
    expect(availableAxes([{ ...run, meta: null }], 'loss')).toEqual(['steps']);
  });
});

describe('availableAxes on datasets', () => {
  it('offers examples, steps, epochs and wall time; epochs only when they differ in size between runs', () => {
    // The fixture's runs take 490 steps over 10 epochs: 392 examples an epoch at batch 8, 784 at batch 16.
    expect(availableAxes([makeReportRun({ batchSize: 8 }), makeReportRun({ batchSize: 16 })], 'loss')).toEqual(['examples', 'steps', 'epochs', 'wall']);
    expect(sharedEpochSize([makeReportRun({ batchSize: 8 }), makeReportRun({ batchSize: 16 })], 'loss')).toBeNull();
    expect(availableAxes([makeReportRun({ batchSize: 8 })], 'loss')).toEqual(['examples', 'steps', 'wall']);
    expect(sharedEpochSize([makeReportRun({ batchSize: 8 }), makeReportRun({ batchSize: 8, replicate: 1 })], 'loss')).toBe(392);
  });
});
