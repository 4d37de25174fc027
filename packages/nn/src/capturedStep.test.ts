import { fromArray, rng, type FloatArray, type Tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { capturedStep } from './capturedStep.js';
import { compileMlpStep } from './compileMlpStep.js';
import { losses, type LossName } from './losses.js';
import { mlp } from './mlp.js';
import type { Module } from './module.js';

interface Case {
  title: string;
  build: () => Module;
  loss: LossName;
  inFeatures: number;
  outFeatures: number;
}

const CASES: Case[] = [
  {
    title: "the lecture's 3-4-1 sigmoid net, squared error",
    build: () => mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng('lecture') }),
    loss: 'squared_error',
    inFeatures: 3,
    outFeatures: 1,
  },
  {
    title: 'a 2-16-1 tanh net with binary cross-entropy from logits',
    build: () => mlp([2, 16, 1], { activation: 'tanh', rng: rng('tanh') }),
    loss: 'bce',
    inFeatures: 2,
    outFeatures: 1,
  },
  {
    title: 'a 6-8-4 relu net with softmax cross-entropy',
    build: () => mlp([6, 8, 4], { activation: 'relu', init: 'he', rng: rng('softmax') }),
    loss: 'cross_entropy',
    inFeatures: 6,
    outFeatures: 4,
  },
];

/** A seeded batch of n examples, with targets (or labels) that fit the loss, in arrays one row longer than needed. */
function batchFor(c: Case, n: number, seed: number): { x: Float32Array; y: Float32Array | Int32Array } {
  const random = rng(`batch/${c.title}/${seed}`);
  const x = Float32Array.from({ length: (n + 1) * c.inFeatures }, () => random.uniformIn(-1.5, 1.5));
  if (c.loss === 'cross_entropy') return { x, y: Int32Array.from({ length: n + 1 }, () => random.int(c.outFeatures)) };
  return { x, y: Float32Array.from({ length: (n + 1) * c.outFeatures }, () => (c.loss === 'bce' ? random.int(2) : random.uniform())) };
}

/** The eager engine: loss(model.forward(x)).backward() on rows 0..n, with the gradients backward() leaves. */
function eager(model: Module, c: Case, x: Float32Array, y: Float32Array | Int32Array, n: number) {
  const parameters = model.parameters();
  const saved = parameters.map((p) => p.grad);
  parameters.forEach((p) => (p.grad = null));
  const outputs = model.forward(fromArray(x.slice(0, n * c.inFeatures), [n, c.inFeatures]));
  const targets = y instanceof Int32Array ? y.slice(0, n) : fromArray(y.slice(0, n * c.outFeatures), [n, c.outFeatures]);
  const loss = (losses.get(c.loss).compute as (o: Tensor, t: Tensor | Int32Array) => Tensor)(outputs, targets);
  loss.backward();
  const grads = parameters.map((p) => p.grad!.data.slice());
  parameters.forEach((p, i) => (p.grad = saved[i]));
  return { loss: loss.item(), grads, outputs: outputs.data.slice() };
}

/** Each element's float64 bit pattern, so a test of equality is a test of every bit (−0 and NaN included). */
function bits(values: ArrayLike<number>): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return Array.from(values, (v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16);
  });
}

/**
 * Every element of `actual` within 2⁻¹⁶ of `fused`'s largest magnitude: float32 keeps 24 bits, so rounding
 * that differs op by op leaves a few ulps; a wrong derivative is off by far more.
 */
function expectWithinFloat32Rounding(actual: ArrayLike<number>, fused: ArrayLike<number>, what: string): void {
  const tolerance = 2 ** -16 * Math.max(...Array.from(fused, Math.abs));
  Array.from(actual).forEach((v, i) => expect(Math.abs(v - fused[i]), `${what}, element ${i}`).toBeLessThanOrEqual(tolerance));
}

/** Plain SGD in place, the same update on every copy of the model, so all of them keep equal weights. */
function descend(models: Module[], grads: readonly FloatArray[]): void {
  for (const model of models) model.parameters().forEach((p, k) => grads[k].forEach((g, i) => (p.data[i] -= 0.3 * g)));
}

describe('capturedStep', () => {
  for (const c of CASES) {
    it(`${c.title}: bit-equal to eager autograd, and to compileMlpStep within float32 rounding, over training steps and a smaller last batch`, () => {
      // Three copies with the same seeds: the step under test, the eager reference and the fused step, each owning its .grad.
      const [model, reference, fusedModel] = [c.build(), c.build(), c.build()];
      const step = capturedStep(model, c.loss);
      const fused = compileMlpStep(fusedModel, c.loss);
      const grads = step.grads;
      [8, 8, 5, 8, 5].forEach((n, s) => {
        const { x, y } = batchFor(c, n, s);
        const loss = step.lossAndGradient(x, y, n);
        const expected = eager(reference, c, x, y, n);
        expect(bits([loss]), `step ${s}: loss`).toEqual(bits([expected.loss]));
        expect(step.grads).toBe(grads);
        step.grads.forEach((g, k) => expect(bits(g), `step ${s}: gradient ${k}`).toEqual(bits(expected.grads[k])));
        expect(step.parameters.map((p) => p.grad!.data)).toEqual(step.grads);

        // compileMlpStep computes the loss and its gradient in float64 and rounds once, where the graph rounds
        // after every op, and it sums the bias gradient in float32 row by row, where the graph's sum kernel
        // accumulates in float64: the last bits differ, the values agree to float32 rounding.
        const fusedLoss = fused.lossAndGradient(x, y, n);
        expect(Math.abs(fusedLoss - loss), `step ${s}: loss vs compileMlpStep`).toBeLessThan(1e-6 * Math.max(1, Math.abs(loss)));
        fused.grads.forEach((g, k) => expectWithinFloat32Rounding(step.grads[k], g, `step ${s}: gradient ${k} vs compileMlpStep`));

        const evaluation = step.evaluate(x, y, n);
        expect(bits([evaluation.loss]), `step ${s}: evaluate's loss`).toEqual(bits([expected.loss]));
        expect(bits(evaluation.outputs), `step ${s}: evaluate's outputs`).toEqual(bits(expected.outputs));

        descend([model, reference, fusedModel], step.grads);
      });
    });
  }

  it('checks its inputs as compileMlpStep does, since a replay checks nothing', () => {
    const c = CASES[2];
    const step = capturedStep(c.build(), c.loss);
    const { x, y } = batchFor(c, 4, 0);
    expect(() => step.lossAndGradient(x, Int32Array.from([0, 1, 4, 0]), 4)).toThrow(/label 4 at index 2 is out of range for 4 classes/);
    expect(() => step.lossAndGradient(x.subarray(0, 6), y, 4)).toThrow(/x holds 6 values; 4 examples of 6 features need 24/);
    expect(() => step.lossAndGradient(x, new Float32Array(4), 4)).toThrow(/cross_entropy needs the labels as an Int32Array/);
  });
});
