import { describe, expect, it } from 'vitest';
import type { RunSpec } from '@descent/sweep';
import { contextOf, sweepOf, type TestSweep } from './_testSweeps.js';
import { setUpRun, trainRun } from './train.js';

/** Paired seeds end to end: specs from a sweep file, through setUpRun and trainRun as a worker runs them. */

const moons = (parameters: string, pairing = 'paired') => `
name: pairing-test
seed: 11
replicates: 2
pairing: ${pairing}
problem:
  dataset: { name: moons, size: 40, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.3, momentum: 0 }
train: { batch_size: 6, epochs: 3 }
metric: { name: test_loss, goal: minimize, target: null }
parameters:
${parameters}
`;

/** The runs of replicate k, in sweep order. */
const replicate = (test: TestSweep, k: number): RunSpec[] => test.specs.filter((s) => s.replicate === k);

/** The initial parameters as bytes: bitwise equality, not closeness. */
const initialBytes = (test: TestSweep, spec: RunSpec): string =>
  setUpRun(spec, test.baseDir)
    .problem.params.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('hex'))
    .join('|');

/** The example indices of the first `epochs` epochs, batch by batch. */
function batchOrder(test: TestSweep, spec: RunSpec, epochs: number): number[][] {
  const { sampler } = setUpRun(spec, test.baseDir);
  const batches: number[][] = [];
  for (let i = 0; i < epochs * sampler!.stepsPerEpoch; i++) {
    const batch = sampler!.next();
    batches.push(Array.from(batch.indices.subarray(0, batch.length)));
  }
  return batches;
}

describe('paired seeds in a run', () => {
  it('starts replicate k of momentum 0 and momentum 0.9 from bitwise-identical weights and data, and feeds them the same batches', async () => {
    const test = await sweepOf(moons('  optimizer.momentum: { values: [0, 0.9] }'));
    for (const k of [0, 1]) {
      const [plain, heavy] = replicate(test, k);
      expect([plain.config.optimizer.momentum, heavy.config.optimizer.momentum]).toEqual([0, 0.9]);
      expect(initialBytes(test, heavy)).toBe(initialBytes(test, plain));
      expect(batchOrder(test, heavy, 3)).toEqual(batchOrder(test, plain, 3));

      const a = trainRun(plain, contextOf(test)).record;
      const b = trainRun(heavy, contextOf(test)).record;
      expect(b.seeds).toEqual(a.seeds);
      // Same weights, same data, same first batch: the same loss to the bit before the first update (and
      // the same evaluation at epoch 0); after it, the optimizers part ways.
      expect(b.steps[0].loss).toBe(a.steps[0].loss);
      expect(b.epochs[0]).toEqual(a.epochs[0]);
      expect(b.summary.finalLoss).not.toBe(a.summary.finalLoss);
    }
    const [first] = replicate(test, 0);
    const [second] = replicate(test, 1);
    expect(initialBytes(test, second)).not.toBe(initialBytes(test, first));
    expect(batchOrder(test, second, 1)).not.toEqual(batchOrder(test, first, 1));
  });

  it('shows batch sizes 6 and 10 the examples in the same order, cut into different batches', async () => {
    const test = await sweepOf(moons('  train.batch_size: { values: [6, 10] }'));
    const [small, large] = replicate(test, 0);
    const small3 = batchOrder(test, small, 3);
    const large3 = batchOrder(test, large, 3);
    expect(small3.length).not.toBe(large3.length);
    expect(large3.flat()).toEqual(small3.flat());
    expect(initialBytes(test, large)).toBe(initialBytes(test, small));
  });

  it('shares nothing across configurations under pairing: independent', async () => {
    const test = await sweepOf(moons('  optimizer.momentum: { values: [0, 0.9] }', 'independent'));
    const [plain, heavy] = replicate(test, 0);
    expect(initialBytes(test, heavy)).not.toBe(initialBytes(test, plain));
    expect(batchOrder(test, heavy, 1)).not.toEqual(batchOrder(test, plain, 1));
  });

  it('gives replicate k of every optimizer and batch size on a noisy landscape the same standard-normal gradient noise', async () => {
    const test = await sweepOf(`
name: noisy-ravine
seed: 5
replicates: 2
problem: { landscape: { name: ravine, noise: 0.5 } }
optimizer: { name: momentum, lr: 0.01, momentum: 0 }
train: { batch_size: 1, steps: 10 }
metric: { name: loss, goal: minimize, target: null }
parameters:
  optimizer.momentum: { values: [0, 0.9] }
  train.batch_size: { values: [1, 4] }
`);
    // The noise part of each gradient at the starting point, divided by its scale σ/√B: the draws themselves.
    const draws = (spec: RunSpec): number[] => {
      const { problem } = setUpRun(spec, test.baseDir);
      const exact = setUpRun({ ...spec, config: { ...spec.config, problem: { ...spec.config.problem, landscape: { ...(spec.config.problem as { landscape: object }).landscape, noise: 0 } } } as RunSpec['config'] }, test.baseDir).problem;
      exact.lossAndGradient(new Int32Array(0), 1);
      const scale = 0.5 / Math.sqrt(spec.config.train.batch_size);
      const out: number[] = [];
      for (let i = 0; i < 4; i++) {
        problem.lossAndGradient(new Int32Array(0), spec.config.train.batch_size);
        out.push(...[0, 1].map((c) => Math.round(((problem.grads[0][c] - exact.grads[0][c]) / scale) * 1e9)));
      }
      return out;
    };
    const [reference, ...others] = replicate(test, 0);
    expect(others).toHaveLength(3);
    for (const spec of others) expect(draws(spec)).toEqual(draws(reference));
    expect(draws(replicate(test, 1)[0])).not.toEqual(draws(reference));
  });
});
