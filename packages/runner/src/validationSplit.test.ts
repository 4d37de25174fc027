import { splitSizes as dataSplitSizes } from '@descent/data';
import { splitSizes as validatorSplitSizes } from '@descent/sweep';
import { describe, expect, it } from 'vitest';
import { contextOf, sweepOf } from './_testSweeps.js';
import { claimMetricValue } from './checkClaims.js';
import { trainRun } from './train.js';
import type { EpochPoint } from './types.js';

const moons = (dataset: string, metric = 'test_loss') => `
name: validation-test
seed: 5
problem:
  dataset: { name: moons, size: 80, noise: 0.2, test_fraction: 0.25${dataset} }
  model: { hidden: [6], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: sgd, lr: 0.5 }
train: { batch_size: 8, epochs: 3 }
metric: { name: ${metric}, goal: ${metric.endsWith('accuracy') ? 'maximize' : 'minimize'} }
`;

async function recordOf(text: string) {
  const test = await sweepOf(text);
  return trainRun(test.specs[0], contextOf(test)).record;
}

describe('a validation split (problem.dataset.validation_fraction)', () => {
  it('records validation loss and accuracy that, weighted with the training ones, give the training set of the run without it', async () => {
    // moons 80, test 0.25 → 20 test rows; validation 0.25 → 20 validation rows taken from the 60 training rows.
    // The data stream does not depend on validation_fraction and the network is the same, so at epoch 0 (the
    // initial weights) both runs evaluate the same rows: the 60 training rows of the run without validation
    // are the 40 + 20 of the run with it, and every loss and accuracy is a mean over rows.
    const [withValidation, without] = await Promise.all([recordOf(moons(', validation_fraction: 0.25')), recordOf(moons(''))]);
    const [a, b] = [withValidation.epochs[0], without.epochs[0]] as [EpochPoint, EpochPoint];
    expect(a.validationLoss).toBeTypeOf('number');
    expect((40 * a.trainLoss + 20 * a.validationLoss!) / 60).toBeCloseTo(b.trainLoss, 5);
    expect((40 * a.trainAccuracy! + 20 * a.validationAccuracy!) / 60).toBeCloseTo(b.trainAccuracy!, 10);
    // The same test rows, the same weights: the same test loss.
    expect(a.testLoss).toBeCloseTo(b.testLoss, 6);
    // Evaluated at every point the test metrics are, and summarised like them.
    expect(withValidation.epochs.every((e) => typeof e.validationLoss === 'number' && typeof e.validationAccuracy === 'number')).toBe(true);
    expect(withValidation.summary.finalValidationAccuracy).toBe(withValidation.epochs.at(-1)!.validationAccuracy);
    // What a claim on final_validation_accuracy compares; nothing (NaN) for a run without validation rows.
    expect(claimMetricValue.final_validation_accuracy(withValidation)).toBe(withValidation.summary.finalValidationAccuracy);
    expect(claimMetricValue.final_validation_accuracy(without)).toBeNaN();
  });

  it('records no validation field at all without one (a record keeps the bytes it had before validation splits)', async () => {
    const record = await recordOf(moons(''));
    expect(record.epochs.length).toBeGreaterThan(1);
    for (const point of record.epochs) expect(Object.keys(point)).not.toContain('validationLoss');
    expect(Object.keys(record.epochs[0])).toEqual(['epoch', 'step', 'examples', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy']);
    expect(Object.keys(record.summary)).not.toContain('finalValidationAccuracy');
  });

  it('serves validation_loss and validation_accuracy as the sweep metric', async () => {
    const byLoss = await recordOf(moons(', validation_fraction: 0.25', 'validation_loss'));
    const losses = byLoss.epochs.map((e) => e.validationLoss!);
    expect(byLoss.summary.finalMetric).toBe(losses.at(-1));
    expect(byLoss.summary.bestMetric).toBe(Math.min(...losses));
    expect(byLoss.summary.finalMetric).not.toBe(byLoss.epochs.at(-1)!.testLoss);
    const byAccuracy = await recordOf(moons(', validation_fraction: 0.25', 'validation_accuracy'));
    expect(byAccuracy.summary.bestMetric).toBe(Math.max(...byAccuracy.epochs.map((e) => e.validationAccuracy!)));
  });
});

describe('run identity without a validation split', () => {
  // The lecture sweep's configuration at batch 192, momentum 0 (experiments/sweeps/lecture.yaml), whose run id
  // and seeds were recorded before validation_fraction existed: a default that entered the resolved config would change them.
  const lecture = (dataset: string) => `
seed: 1
problem:
  dataset: { name: lecture, size: 256, test_fraction: 0.25${dataset} }
  model: { hidden: [4], activation: sigmoid, output: sigmoid, init: uniform }
  loss: squared_error
optimizer: { name: momentum, lr: 1, momentum: 0 }
train: { batch_size: 192, examples: 96000 }
metric: { name: test_loss, goal: minimize }
`;
  const pinned = { runId: '1c470eea5ba8', seed: '8cac673011d09544', seeds: { data: 'e9e53bcd225534cc', init: '2e518456a4cffe01', shuffle: 'a874269cda32561a', noise: null } };

  it('keeps the run id, seed and stream seeds recorded before validation_fraction existed, whether it is absent or written as 0', async () => {
    for (const dataset of ['', ', validation_fraction: 0']) {
      const [spec] = (await sweepOf(lecture(dataset))).specs;
      expect({ runId: spec.runId, seed: spec.seed, seeds: spec.seeds }).toEqual(pinned);
      expect(Object.keys(spec.config.problem.kind === 'dataset' ? spec.config.problem.dataset : {})).not.toContain('validation_fraction');
    }
  });

  it('gives a validation split its own run id, and keeps the data stream (the same rows drawn, cut differently)', async () => {
    // A batch the 141 training rows left can hold; the data stream follows neither the batch size nor the cut.
    const [spec] = (await sweepOf(lecture(', validation_fraction: 0.2').replace('batch_size: 192', 'batch_size: 128'))).specs;
    expect(spec.runId).not.toBe(pinned.runId);
    expect(spec.seeds.data).toBe(pinned.seeds.data);
    expect(spec.seeds.shuffle).not.toBe(pinned.seeds.shuffle); // fewer training rows
  });
});

describe('the split rule', () => {
  it('is the same in the validator (sweep) and in training (data)', () => {
    for (const n of [1, 2, 7, 10, 80, 256, 1001])
      for (const test of [0, 0.1, 0.2, 0.25, 0.5, 0.75])
        for (const validation of [0, 0.1, 0.2, 0.25])
          if (Math.round(n * test) + Math.round(n * validation) <= n) expect(validatorSplitSizes(n, test, validation)).toEqual(dataSplitSizes(n, test, validation));
  });
});
