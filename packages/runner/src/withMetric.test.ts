import { describe, expect, it } from 'vitest';
import { contextOf, sweepOf } from './_testSweeps.js';
import { trainRun } from './train.js';
import { withMetric } from './withMetric.js';

const moons = (metric: string) => `
name: remeasure
seed: 4
problem:
  dataset: { name: moons, size: 80, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
train: { batch_size: 8, epochs: 4 }
metric: ${metric}
`;

describe('withMetric', () => {
  it("re-measures a run by another metric from its recorded epochs, as a run measured by it would have been", async () => {
    const byTrain = await sweepOf(moons('{ name: train_loss, goal: minimize }'));
    const byTest = await sweepOf(moons('{ name: test_accuracy, goal: maximize, target: 0.5 }'));
    const record = trainRun(byTrain.specs[0], contextOf(byTrain)).record;
    // The same run measured by test accuracy from the start (the metric is not part of what trains).
    const measured = trainRun(byTest.specs[0], contextOf(byTest)).record;
    expect(measured.epochs).toEqual(record.epochs);

    const again = withMetric(record, { name: 'test_accuracy', goal: 'maximize', target: 0.5 })!;
    expect(again.summary).toEqual(measured.summary);
    // And by hand: the last and the highest test accuracy of the epoch ends, and the first epoch end that reached 0.5.
    const accuracies = record.epochs.map((e) => e.testAccuracy!);
    expect(again.summary.finalMetric).toBe(accuracies.at(-1));
    expect(again.summary.bestMetric).toBe(Math.max(...accuracies));
    expect(again.summary.stepsToTarget).toBe(record.epochs.find((e) => e.testAccuracy! >= 0.5)?.step ?? null);
    expect(record.summary.finalMetric).toBe(record.epochs.at(-1)!.trainLoss);
  });

  it('gives null for a metric the run does not record (a landscape has no test set)', async () => {
    const ravine = await sweepOf(`
name: path
seed: 1
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 20 }
metric: { name: loss, goal: minimize }
`);
    const record = trainRun(ravine.specs[0], contextOf(ravine)).record;
    expect(withMetric(record, { name: 'test_loss', goal: 'minimize', target: null })).toBeNull();
  });
});
