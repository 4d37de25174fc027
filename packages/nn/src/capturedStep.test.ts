import { rng, type FloatArray, type Tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { autograd, batchFor, bits, CASES, FLOAT32_ROUNDING, relativeError } from './_stepCases.js';
import { relu } from './activations.js';
import { capturedStep } from './capturedStep.js';
import { compileMlpStep } from './compileMlpStep.js';
import { linear } from './linear.js';
import type { Module } from './module.js';
import { sequential } from './sequential.js';

/** Plain SGD in place, the same update on every copy of the model, so all of them keep equal weights. */
function descend(models: Module[], grads: readonly FloatArray[]): void {
  for (const model of models) model.parameters().forEach((p, k) => grads[k].forEach((g, i) => (p.data[i] -= 0.3 * g)));
}

/**
 * Batch sizes of a run of training steps: a capture, a replay, a smaller last batch (captured anew), the
 * first size again (its cached capture replayed), and the smaller one again.
 */
const BATCHES = [8, 8, 5, 8, 5];

/**
 * compileMlpStep against the graph in float64: the same arithmetic with sums in another order, a relative
 * error of a few 2⁻⁵³ ≈ 1e-16 per rounding; 1e-12 allows thousands, while a wrong formula is off by 1e-2 or more.
 */
const FLOAT64_ROUNDING = 1e-12;

describe('capturedStep', () => {
  for (const c of CASES) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.title}, ${dtype}: bit-equal to eager autograd, and to compileMlpStep within ${dtype} rounding, over training steps and a smaller last batch`, () => {
        // Three copies with the same seeds: the step under test, the eager reference and the fused step, each owning its .grad.
        const [model, reference, fusedModel] = [c.build(dtype), c.build(dtype), c.build(dtype)];
        const step = capturedStep(model, c.loss);
        const fused = compileMlpStep(fusedModel, c.loss);
        const grads = step.grads;
        const tolerance = dtype === 'float32' ? FLOAT32_ROUNDING : FLOAT64_ROUNDING;
        // One number rounded a few times, without a batch sum to cancel in: observed ≤ 1.6·2⁻²⁴ relative in
        // float32, so 2⁻²⁰ (16 roundings) is a bound with room that a wrong loss cannot meet.
        const lossTolerance = dtype === 'float32' ? 2 ** -20 : FLOAT64_ROUNDING;
        BATCHES.forEach((n, s) => {
          // One row longer than the step is asked for: it must read rows 0..n only.
          const { x, y } = batchFor(c, dtype, n + 1, s);
          const loss = step.lossAndGradient(x, y, n);
          const expected = autograd(reference, c, x, y, n);
          expect(bits([loss]), `step ${s}: loss`).toEqual(bits([expected.loss]));
          expect(step.grads).toBe(grads);
          step.grads.forEach((g, k) => expect(bits(g), `step ${s}: gradient ${k}`).toEqual(bits(expected.grads[k])));
          step.parameters.forEach((p, k) => expect(p.grad!.data, `step ${s}: parameter ${k}'s .grad`).toBe(step.grads[k]));

          // compileMlpStep computes the loss and its gradient in float64 and rounds once, where the graph rounds
          // after every op, and sums the bias gradient in another order: the last bits differ.
          const fusedLoss = fused.lossAndGradient(x, y, n);
          expect(Math.abs(fusedLoss - loss), `step ${s}: loss vs compileMlpStep`).toBeLessThan(lossTolerance * Math.abs(fusedLoss));
          fused.grads.forEach((g, k) => expect(relativeError(step.grads[k], g), `step ${s}: gradient ${k} vs compileMlpStep`).toBeLessThan(tolerance));

          const trained = step.grads.map((g) => g.slice());
          const evaluation = step.evaluate(x, y, n);
          expect(bits([evaluation.loss]), `step ${s}: evaluate's loss`).toEqual(bits([expected.loss]));
          expect(bits(evaluation.outputs), `step ${s}: evaluate's outputs`).toEqual(bits(expected.outputs));
          expect(relativeError(evaluation.outputs, fused.evaluate(x, y, n).outputs), `step ${s}: outputs vs compileMlpStep`).toBeLessThan(tolerance);
          step.grads.forEach((g, k) => expect(bits(g), `step ${s}: gradient ${k} after evaluate`).toEqual(bits(trained[k])));

          descend([model, reference, fusedModel], step.grads);
        });
      });
    }
  }

  it('keeps one gradient array per parameter, as .grad, overwritten (not accumulated) even after zeroGrad() or an eager backward()', () => {
    const c = CASES[1];
    const model = c.build('float64');
    const step = capturedStep(model, c.loss);
    const arrays = [...step.grads];
    const { x, y } = batchFor(c, 'float64');
    step.lossAndGradient(x, y, c.batch);
    const first = step.grads.map((g) => g.slice());
    for (const p of model.parameters()) p.zeroGrad();
    step.lossAndGradient(x, y, c.batch);
    // The autograd path on the same model replaces every .grad.
    autograd(model, c, x, y, c.batch);
    step.lossAndGradient(x, y, c.batch);
    step.grads.forEach((g, k) => {
      expect(g).toBe(arrays[k]);
      expect(model.parameters()[k].grad!.data).toBe(g);
      expect(bits(g)).toEqual(bits(first[k]));
    });
  });

  it('checks its inputs as compileMlpStep does, since a replay checks nothing', () => {
    const c = CASES[5]; // 6-8-4, cross-entropy
    const step = capturedStep(c.build('float32'), c.loss);
    const { x, y } = batchFor(c, 'float32', 4);
    expect(() => step.lossAndGradient(x, Int32Array.from([0, 1, 4, 0]), 4)).toThrow(/label 4 at index 2 is out of range for 4 classes/);
    expect(() => step.lossAndGradient(x.subarray(0, 6), y, 4)).toThrow(/x holds 6 values; 4 examples of 6 features need 24/);
    expect(() => step.lossAndGradient(x, new Float32Array(4), 4)).toThrow(/cross_entropy needs the labels as an Int32Array/);
  });

  it('names a bad loss, a model without parameters, and a model whose input width it cannot tell', () => {
    const random = rng('capturedStep/refusals');
    expect(() => capturedStep(CASES[0].build('float32'), 'mse' as never)).toThrow("unknown loss 'mse'");
    const empty: Module = { forward: (t: Tensor) => t, parameters: () => [] };
    expect(() => capturedStep(empty, 'bce')).toThrow('capturedStep: the model has no parameters to train');
    const reluFirst = sequential(relu(), linear(3, 2, { rng: random }));
    expect(() => capturedStep(reluFirst, 'bce')).toThrow('capturedStep: the model does not start with a Linear layer; pass options.inFeatures');
    // Told the width, it trains the same model.
    const step = capturedStep(reluFirst, 'bce', { inFeatures: 3 });
    expect(step.evaluate(new Float32Array(6), new Float32Array(4), 2).outputs.length).toBe(4);
  });
});
