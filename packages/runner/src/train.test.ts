import { describe, expect, it } from 'vitest';
import { brokenPlugin, contextOf, sweepOf } from './_testSweeps.js';
import { encodeRecord } from './recordCodec.js';
import { oscillation, trainRun } from './train.js';

const moons = (train: string, extra = '') => `
name: moons-test
seed: 7
replicates: 2
problem:
  dataset: { name: moons, size: 40, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: sgd, lr: 0.5 }
train: ${train}
metric: { name: test_loss, goal: minimize, target: null }
${extra}`;

const ravine = (condition: number, lr: number, train: string, target = 'null') => `
name: ravine-test
seed: 3
problem:
  landscape: { name: ravine, condition: ${condition} }
optimizer: { name: sgd, lr: ${lr} }
train: ${train}
metric: { name: loss, goal: minimize, target: ${target} }
`;

/** The ravine ½(x² + κy²) under gradient descent from (x₀, y₀): x_t = x₀(1 − α)^t, y_t = y₀(1 − ακ)^t. */
function ravineLoss(t: number, { x0 = -2, y0 = 0.5, kappa, lr }: { x0?: number; y0?: number; kappa: number; lr: number }): number {
  const x = x0 * (1 - lr) ** t;
  const y = y0 * (1 - lr * kappa) ** t;
  return 0.5 * (x * x + kappa * y * y);
}

describe('trainRun', () => {
  it('gives byte-identical records for the same spec, and different ones for another replicate', async () => {
    const test = await sweepOf(moons('{ batch_size: 8, epochs: 3 }'));
    const [first, otherReplicate] = test.specs;
    expect(otherReplicate.replicate).toBe(1);
    const a = encodeRecord(trainRun(first, contextOf(test)).record);
    const b = encodeRecord(trainRun(first, contextOf(test)).record);
    expect(a).toBe(b);
    const other = trainRun(otherReplicate, contextOf(test)).record;
    expect(other.seed).not.toBe(first.seed);
    // Not only the seed field: the data, the initial weights and the batches differ, so the losses do.
    expect(JSON.stringify(other.steps.map((s) => s.loss))).not.toBe(JSON.stringify(trainRun(first, contextOf(test)).record.steps.map((s) => s.loss)));
  });

  it("logs each sampled step's gradient norm and update norm: those of that step, not of the last step logged", async () => {
    const kappa = 10;
    const lr = 0.05;
    // 20 steps, at most 6 points: steps 0, 4, 8, 12, 16 and the last, 19, are logged.
    const test = await sweepOf(ravine(kappa, lr, '{ batch_size: 1, steps: 20, max_points: 6 }'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    expect(record.steps.map((s) => s.step)).toEqual([0, 4, 8, 12, 16, 19]);
    for (const { step, gradNorm, updateNorm } of record.steps) {
      // ∇f at θ_step = (x, κy), with x and y after `step` steps of gradient descent from (−2, 0.5); SGD moves by α·∇f.
      const x = -2 * (1 - lr) ** step;
      const y = 0.5 * (1 - lr * kappa) ** step;
      const expected = Math.hypot(x, kappa * y);
      expect(gradNorm / expected).toBeCloseTo(1, 12);
      expect(updateNorm / (lr * expected)).toBeCloseTo(1, 12);
    }
  });

  it('records a landscape trajectory that starts at the start point and follows gradient descent', async () => {
    const test = await sweepOf(ravine(10, 0.05, '{ batch_size: 1, steps: 20, max_points: 100 }'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    expect(record.status).toBe('finished');
    // The ravine's default start is (−2, 0.5): f = ½(4 + 10·0.25) = 3.25.
    expect(record.trajectory[0]).toEqual({ step: 0, x: -2, y: 0.5, loss: 3.25 });
    // One step: x ← x − α·x = −1.9, y ← y − α·κ·y = 0.25; f = ½(3.61 + 10·0.0625) = 2.1175.
    expect(record.trajectory[1].step).toBe(1);
    expect(record.trajectory[1].x).toBeCloseTo(-1.9, 12);
    expect(record.trajectory[1].y).toBeCloseTo(0.25, 12);
    expect(record.trajectory[1].loss).toBeCloseTo(2.1175, 12);
    expect(record.trajectory).toHaveLength(21);
    expect(record.trajectory[20].loss).toBeCloseTo(ravineLoss(20, { kappa: 10, lr: 0.05 }), 10);
  });

  it('starts a landscape where the sweep says', async () => {
    const yaml = ravine(10, 0.05, '{ batch_size: 1, steps: 3 }').replace('condition: 10', 'condition: 10, start: [1, -1]');
    const test = await sweepOf(yaml);
    const { record } = trainRun(test.specs[0], contextOf(test));
    expect(record.trajectory[0]).toEqual({ step: 0, x: 1, y: -1, loss: 0.5 * (1 + 10) });
  });

  it('takes one step per epoch when the batch is the whole training set (full-batch gradient descent)', async () => {
    // 40 examples, a quarter held out: 30 to train on.
    const test = await sweepOf(moons('{ batch_size: 30, epochs: 3, max_points: 1000 }'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    expect(record.steps.map((s) => s.step)).toEqual([0, 1, 2]);
    expect(record.steps.map((s) => s.examples)).toEqual([30, 60, 90]);
    expect(record.epochs.map((e) => [e.epoch, e.step, e.examples])).toEqual([[0, 0, 0], [1, 1, 30], [2, 2, 60], [3, 3, 90]]);
    // The mini-batch is the whole training set, so the step's loss is the epoch's training loss at the same
    // weights (summed in another order, so equal to float32 rounding, not bit for bit).
    for (let k = 0; k < 3; k++) expect(record.steps[k].loss).toBeCloseTo(record.epochs[k].trainLoss, 5);
    expect(record.summary.steps).toBe(3);
  });

  it('takes one step per example with batch size 1 (SGD)', async () => {
    const test = await sweepOf(moons('{ batch_size: 1, epochs: 2, max_points: 1000 }'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    expect(record.steps).toHaveLength(60);
    expect(record.steps.map((s) => s.examples)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(record.epochs.map((e) => e.step)).toEqual([0, 30, 60]);
    expect(record.summary).toMatchObject({ steps: 60, examples: 60 });
  });

  it('counts a partial last batch as a step', async () => {
    // 30 training examples in batches of 8: 8, 8, 8, 6 per epoch.
    const test = await sweepOf(moons('{ batch_size: 8, epochs: 2, max_points: 1000 }'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    expect(record.steps.map((s) => s.examples)).toEqual([8, 16, 24, 30, 38, 46, 54, 60]);
    expect(record.epochs.map((e) => e.step)).toEqual([0, 4, 8]);
  });

  it('records a learning rate above 2/κ on the ravine as diverged, with the step and the last finite loss', async () => {
    // κ = 50, α = 0.05 > 2/κ = 0.04: y is multiplied by 1 − ακ = −1.5 each step, so the loss grows ~2.25× per step.
    const kappa = 50;
    const lr = 0.05;
    const test = await sweepOf(ravine(kappa, lr, '{ batch_size: 1, steps: 200, max_points: 1000 }'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    // The default diverge_factor is 1000: diverged at the first t with f_t > 1000·f_0 (f_0 = ½(4 + 50·0.25) = 8.25).
    const f0 = ravineLoss(0, { kappa, lr });
    expect(f0).toBe(8.25);
    let t = 0;
    while (ravineLoss(t, { kappa, lr }) <= 1000 * f0) t++;
    expect(t).toBe(9); // 6.25·2.25^t > 8250 ⇔ t > ln(1320)/ln(2.25) ≈ 8.86
    expect(record.status).toBe('diverged');
    expect(record.error).toBeNull();
    expect(record.divergence).toMatchObject({ step: t, examples: t, reason: 'exploding loss' });
    expect(record.divergence!.lastFiniteLoss!).toBeCloseTo(ravineLoss(t - 1, { kappa, lr }), 8);
    expect(record.summary.steps).toBe(t);
    expect(record.summary.finalLoss).toBeNaN();
  });

  it('records a huge learning rate on a dataset as diverged, keeping the last finite loss of its series', async () => {
    const test = await sweepOf(moons('{ batch_size: 30, epochs: 200, max_points: 1000 }').replace('lr: 0.5', 'lr: 1e30'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    expect(record.status).toBe('diverged');
    const { divergence, steps } = record;
    expect(divergence).not.toBeNull();
    // Every step is logged here, the divergent one last: its predecessor holds the last finite loss.
    expect(steps.at(-1)!.step).toBe(divergence!.step);
    expect(divergence!.lastFiniteLoss).toBe(steps.at(-2)!.loss);
    expect(Number.isFinite(divergence!.lastFiniteLoss)).toBe(true);
  });

  describe('an optimizer plugin that breaks its contract is recorded as failed, naming the plugin', () => {
    const cases: [optimizer: string, message: RegExp][] = [
      ['wrong_shape', /update returned 0 parameter arrays, expected 1/],
      ['mutates_gradients', /wrote into its gradients/],
      ['throws_in_update', /threw in update: deliberate failure at step 2/],
      ['throws_in_init', /threw in init: deliberate failure in init/],
    ];
    it.each(cases)('%s', async (optimizer, message) => {
      const yaml = `plugins: [${brokenPlugin}]\n${ravine(10, 0.05, '{ batch_size: 1, steps: 10 }').replace('name: sgd', `name: ${optimizer}`)}`;
      const test = await sweepOf(yaml);
      const { record } = trainRun(test.specs[0], contextOf(test));
      expect(record.status).toBe('failed');
      expect(record.error!.plugin).toBe(brokenPlugin);
      expect(record.error!.message).toMatch(message);
      expect(record.error!.message).toContain(`optimizer '${optimizer}' (plugin ${brokenPlugin})`);
    });
  });

  it('computes time to target exactly on a landscape, even when the trajectory is sampled', async () => {
    // κ = 10, α = 0.05: f_t = ½(4·0.95^{2t} + 2.5·0.5^{2t}); first t with f_t ≤ 0.5 is 14 (4·0.9025^t ≈ 1 at t ≈ 13.5).
    const kappa = 10;
    const lr = 0.05;
    const test = await sweepOf(ravine(kappa, lr, '{ batch_size: 4, steps: 100, max_points: 10 }', '0.5'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    let t = 0;
    while (ravineLoss(t, { kappa, lr }) > 0.5) t++;
    expect(t).toBe(14);
    expect(record.trajectory.length).toBeLessThanOrEqual(12);
    expect(record.summary.stepsToTarget).toBe(t);
    // A landscape "example" is one noisy per-example gradient: batch_size of them per step.
    expect(record.summary.examplesToTarget).toBe(4 * t);
    expect(record.summary.steps).toBe(100);
    expect(record.summary.examples).toBe(400);
    // The loss decreases monotonically here, so the best loss is the final one.
    expect(record.summary.finalLoss).toBeCloseTo(ravineLoss(100, { kappa, lr }), 12);
    expect(record.summary.bestLoss).toBe(record.summary.finalLoss);
    expect(record.summary.finalMetric).toBe(record.summary.finalLoss);
  });

  it('summarises a dataset run consistently with its own series', async () => {
    const yaml = moons('{ batch_size: 4, epochs: 8, max_points: 1000 }').replace('{ name: test_loss, goal: minimize, target: null }', '{ name: test_accuracy, goal: maximize, target: 0.8 }');
    const test = await sweepOf(yaml);
    const { record } = trainRun(test.specs[0], contextOf(test));
    const { summary, epochs, steps } = record;
    expect(record.status).toBe('finished');
    const accuracies = epochs.map((e) => e.testAccuracy!);
    const hit = epochs.find((e) => e.testAccuracy! >= 0.8);
    expect(hit).toBeDefined(); // the target must be reachable for this test to mean something
    expect(summary.stepsToTarget).toBe(hit!.step);
    expect(summary.examplesToTarget).toBe(hit!.examples);
    expect(summary.finalMetric).toBe(accuracies.at(-1));
    expect(summary.bestMetric).toBe(Math.max(...accuracies));
    expect(summary.finalTestAccuracy).toBe(accuracies.at(-1));
    expect(summary.finalTrainAccuracy).toBe(epochs.at(-1)!.trainAccuracy);
    expect(summary.finalLoss).toBe(epochs.at(-1)!.trainLoss);
    expect(summary.bestLoss).toBe(Math.min(...epochs.map((e) => e.trainLoss)));
    // Oscillation: population standard deviation of successive differences of log10(loss) over the second half of the steps.
    const tail = steps.slice(steps.length / 2).map((s) => Math.log10(s.loss));
    const diffs = tail.slice(1).map((v, i) => v - tail[i]);
    const mean = diffs.reduce((a, b) => a + b) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / diffs.length);
    expect(summary.lossNoise).toBeCloseTo(sd, 12);
  });

  it('keeps at most max_points steps, evenly spaced, and always the last', async () => {
    // 1000 steps, 11 points: every ⌈1000/10⌉ = 100th step, then step 999.
    const test = await sweepOf(ravine(10, 0.01, '{ batch_size: 1, steps: 1000, max_points: 11 }'));
    const { record } = trainRun(test.specs[0], contextOf(test));
    expect(record.steps.map((s) => s.step)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 999]);
  });
});

describe('trainRun to an early-termination rung (spec.horizon)', () => {
  it("trains the prefix of the full run: the same steps, evaluations and schedule, stopped at the rung's budget", async () => {
    // A cosine schedule: a run that took the rung for its whole budget would decay its learning rate 3x faster.
    const test = await sweepOf(moons('{ batch_size: 8, epochs: 9, max_points: 1000 }', 'schedule: { name: cosine }\noptimizer: { name: momentum, lr: 0.5, momentum: 0.9 }').replace('optimizer: { name: sgd, lr: 0.5 }\n', ''));
    const spec = test.specs[0];
    const full = trainRun(spec, contextOf(test)).record;
    const rung = trainRun({ ...spec, horizon: 3 }, contextOf(test)).record;
    expect(full.status).toBe('finished');
    expect(rung.status).toBe('finished');
    // 30 training examples, batches of 8: 4 steps per epoch; 3 epochs = 12 steps; evaluations at epochs 0 to 3.
    expect(rung.summary.steps).toBe(12);
    expect(rung.summary.examples).toBe(90);
    expect(rung.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3]);
    expect(rung.epochs).toEqual(full.epochs.slice(0, 4));
    expect(rung.steps).toEqual(full.steps.slice(0, 12));
    expect(rung.summary.finalMetric).toBe(full.epochs[3].testLoss);
    // Against a run whose whole budget is 3 epochs: the schedule differs, so the curves part after the first step.
    const short = await sweepOf(moons('{ batch_size: 8, epochs: 3, max_points: 1000 }', 'schedule: { name: cosine }\noptimizer: { name: momentum, lr: 0.5, momentum: 0.9 }').replace('optimizer: { name: sgd, lr: 0.5 }\n', ''));
    const shortRun = trainRun(short.specs[0], contextOf(short)).record;
    expect(shortRun.epochs[3].trainLoss).not.toBe(rung.epochs[3].trainLoss);
  });

  it('on a landscape, stops after `horizon` steps, logging and evaluating the last one even off the sampling grid', async () => {
    const test = await sweepOf(ravine(10, 0.05, '{ batch_size: 1, steps: 100, max_points: 11 }'));
    const full = trainRun(test.specs[0], contextOf(test)).record;
    const rung = trainRun({ ...test.specs[0], horizon: 25 }, contextOf(test)).record;
    expect(full.steps.map((s) => s.step)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99]);
    expect(rung.steps.map((s) => s.step)).toEqual([0, 10, 20, 24]);
    expect(rung.summary.steps).toBe(25);
    expect(rung.trajectory.at(-1)!.step).toBe(25);
    expect(rung.summary.finalMetric).toBeCloseTo(ravineLoss(25, { kappa: 10, lr: 0.05 }), 12);
    expect(rung.steps.slice(0, 3)).toEqual(full.steps.slice(0, 3));
  });
});

describe('oscillation', () => {
  it('is the population sd of the step-to-step change of log10(loss) over the second half', () => {
    // Second half of 6 values: [10, 1, 10]; changes log10(1/10) = −1, log10(10/1) = +1; mean 0, sd = √((1 + 1)/2) = 1.
    expect(oscillation([100, 50, 20, 10, 1, 10])).toBeCloseTo(1, 12);
  });

  it('does not call a low loss calm: the same relative jumps at 1e-6 and at 1 measure the same', () => {
    const high = [1, 1, 1, 2, 1, 2, 1];
    const low = high.map((loss) => loss * 1e-6);
    expect(oscillation(low)).toBeCloseTo(oscillation(high), 12);
    // A steady decay by ×0.9 per step changes log10 by the same amount every step: no oscillation at all.
    expect(oscillation([1, 0.9, 0.81, 0.729, 0.6561, 0.59049])).toBeCloseTo(0, 12);
  });

  it('falls back to absolute changes when a loss is not positive (landscapes can go below 0)', () => {
    // Second half [-0.2, 0.1, 0.3]: changes 0.3, 0.2; mean 0.25; sd = 0.05.
    expect(oscillation([1, 1, 0.5, -0.2, 0.1, 0.3])).toBeCloseTo(0.05, 12);
    expect(oscillation([1, 2, 3])).toBeNaN();
  });
});
