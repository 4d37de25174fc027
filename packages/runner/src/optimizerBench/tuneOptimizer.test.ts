import { describe, expect, it } from 'vitest';
import { contextOf, sweepOf } from '../_testSweeps.js';
import { trainRun } from '../train.js';
import type { RunRecord } from '../types.js';
import { bestTrial } from './tuneOptimizer.js';

/** A trained record of a moons run with a validation split, to edit into trials that disagree. */
async function template(): Promise<RunRecord> {
  const opened = await sweepOf(`
name: tune-test
problem:
  dataset: { name: moons, size: 40, test_fraction: 0.25, validation_fraction: 0.25 }
optimizer: { name: sgd, lr: 0.1 }
train: { batch_size: 8, epochs: 2 }
metric: { name: test_loss }
`);
  return trainRun(opened.specs[0], contextOf(opened)).record;
}

/** `record` with its last epoch's validation and test values replaced, and a summary that follows the test metric. */
function trial(record: RunRecord, lr: number, last: { validation: number; test: number }): RunRecord {
  const epochs = record.epochs.map((e, i) =>
    i === record.epochs.length - 1 ? { ...e, validationLoss: last.validation, testLoss: last.test, validationAccuracy: 1 - last.validation, testAccuracy: 1 - last.test } : e,
  );
  return { ...record, config: { ...record.config, optimizer: { ...record.config.optimizer, lr } }, epochs, summary: { ...record.summary, finalMetric: last.test } };
}

describe('bestTrial', () => {
  it('chooses on the validation split, not the test split, when the two disagree', async () => {
    const base = await template();
    // lr 0.1 is best on validation and worst on test; lr 0.3 the other way round.
    const trials = [trial(base, 0.3, { validation: 0.5, test: 0.1 }), trial(base, 0.1, { validation: 0.2, test: 0.9 }), trial(base, 0.03, { validation: 0.4, test: 0.3 })];
    expect(bestTrial(trials, { metric: 'test_loss', goal: 'minimize' }).config.optimizer.lr).toBe(0.1);
    // Accuracy goes up: 1 − 0.2 is the best validation accuracy.
    expect(bestTrial(trials, { metric: 'test_accuracy', goal: 'maximize' }).config.optimizer.lr).toBe(0.1);
  });

  it('ranks a trial whose validation metric is NaN last', async () => {
    const base = await template();
    const trials = [trial(base, 0.3, { validation: NaN, test: 0.1 }), trial(base, 0.1, { validation: 0.7, test: 0.9 })];
    expect(bestTrial(trials, { metric: 'test_loss', goal: 'minimize' }).config.optimizer.lr).toBe(0.1);
  });
});
