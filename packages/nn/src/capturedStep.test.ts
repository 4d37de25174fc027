import { fromArray, jsKernels, noGrad, rng, useKernels, wasmKernels, type FloatArray, type Tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { autograd, batchFor, bits, CASES, centralDifferences, relativeError, type Case } from './_stepCases.js';
import { relu } from './activations.js';
import { capturedStep } from './capturedStep.js';
import { linear } from './linear.js';
import { mlp } from './mlp.js';
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

describe('capturedStep', () => {
  it('matches a derivation by hand on a one-weight network', () => {
    // out = x·w + b = 2·3 + 0.5 = 6.5; E = ½(out − y)² = ½·5.5² = 15.125;
    // ∂E/∂out = 5.5, so ∂E/∂w = x·5.5 = 11 and ∂E/∂b = 5.5 (every value exact in float64).
    const layer = linear(1, 1, { rng: rng(0), dtype: 'float64' });
    layer.weight.data[0] = 3;
    layer.bias!.data[0] = 0.5;
    const step = capturedStep(layer, 'squared_error');
    expect(step.lossAndGradient(new Float64Array([2]), new Float64Array([1]), 1)).toBe(15.125);
    expect(step.grads.map((g) => g[0])).toEqual([11, 5.5]);
    expect(layer.weight.grad!.data[0]).toBe(11);
  });

  it.each(CASES)('$title, float64: gradients match central finite differences', (c) => {
    const model = c.build('float64');
    const { x, y } = batchFor(c, 'float64');
    const step = capturedStep(model, c.loss);
    step.lossAndGradient(x, y, c.batch);
    const grads = step.grads.map((g) => g.slice());
    // The evaluation replays its capture on the parameters as they are, so it sees each nudge of θ.
    const numeric = centralDifferences(model.parameters(), () => step.evaluate(x, y, c.batch).loss);
    // Central differences with h = 1e-6 have truncation error O(h²) ≈ 1e-12 and rounding error about
    // 1e-16/h = 1e-10 (relative to the loss), far below the 1e-6 allowed; a wrong derivative is off by O(1).
    numeric.forEach((n, k) => expect(relativeError(grads[k], n), `parameter ${k}`).toBeLessThan(1e-6));
  });

  for (const c of CASES) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.title}, ${dtype}: bit-equal to eager autograd over training steps and a smaller last batch`, () => {
        // Two copies with the same seeds: the step under test and the eager reference, each owning its .grad.
        const [model, reference] = [c.build(dtype), c.build(dtype)];
        const step = capturedStep(model, c.loss);
        const grads = step.grads;
        BATCHES.forEach((n, s) => {
          // One row longer than the step is asked for: it must read rows 0..n only.
          const { x, y } = batchFor(c, dtype, n + 1, s);
          const loss = step.lossAndGradient(x, y, n);
          const expected = autograd(reference, c, x, y, n);
          expect(bits([loss]), `step ${s}: loss`).toEqual(bits([expected.loss]));
          expect(step.grads).toBe(grads);
          step.grads.forEach((g, k) => expect(bits(g), `step ${s}: gradient ${k}`).toEqual(bits(expected.grads[k])));
          step.parameters.forEach((p, k) => expect(p.grad!.data, `step ${s}: parameter ${k}'s .grad`).toBe(step.grads[k]));

          const trained = step.grads.map((g) => g.slice());
          const evaluation = step.evaluate(x, y, n);
          expect(bits([evaluation.loss]), `step ${s}: evaluate's loss`).toEqual(bits([expected.loss]));
          expect(bits(evaluation.outputs), `step ${s}: evaluate's outputs`).toEqual(bits(expected.outputs));
          step.grads.forEach((g, k) => expect(bits(g), `step ${s}: gradient ${k} after evaluate`).toEqual(bits(trained[k])));

          descend([model, reference], step.grads);
        });
      });
    }
  }

  it('float32 at MNIST-like sizes, where the products go through the WebAssembly kernel: bit-equal to eager autograd', () => {
    const c: Case = {
      title: 'mnist-like',
      build: (dtype) => mlp([64, 32, 10], { activation: 'relu', rng: rng('mnist-like'), dtype }),
      loss: 'cross_entropy',
      inFeatures: 64,
      outFeatures: 10,
      batch: 40,
    };
    const [model, reference] = [c.build('float32'), c.build('float32')];
    const step = capturedStep(model, c.loss);
    const { x, y } = batchFor(c, 'float32');
    const loss = step.lossAndGradient(x, y, c.batch);
    const expected = autograd(reference, c, x, y, c.batch);
    expect(bits([loss])).toEqual(bits([expected.loss]));
    step.grads.forEach((g, k) => expect(bits(g), `parameter ${k}`).toEqual(bits(expected.grads[k])));
  });

  // A capture binds the kernels active when it is made. For either kernel set the outputs are the eager
  // forward pass's bits, whether a layer is short (σ through Math.exp) or long enough for the WebAssembly
  // SIMD sigmoid (whose last bits differ from Math.exp's).
  for (const kernels of [jsKernels, wasmKernels]) {
    it(`float32 under the '${kernels.name}' kernels: outputs equal the eager forward pass bit for bit, short and long layers`, () => {
      const previous = useKernels(kernels);
      try {
        const c = CASES[0]; // 3-4-1, sigmoid after both layers
        const model = c.build('float32');
        const step = capturedStep(model, c.loss);
        // n = 2: layers of 8 and 2 values; n = 300: 1200 and 300 values.
        for (const n of [2, 300]) {
          const { x, y } = batchFor(c, 'float32', n);
          const outputs = step.evaluate(x, y, n).outputs;
          const reference = noGrad(() => model.forward(fromArray(x, [n, c.inFeatures]))).data;
          expect(bits(outputs), `n = ${n}`).toEqual(bits(reference));
        }
      } finally {
        useKernels(previous);
      }
    });
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

  it('two models of one shape stepped in turn (two runs in one thread; a model and its evaluation): each keeps its own results, bit-equal to eager autograd', () => {
    const c = CASES[4]; // 2-16-1 tanh with bce, the shape of the momentum sweep: the steps share their captured plans
    const [a, b, referenceA, referenceB] = [c.build('float32'), c.build('float32'), c.build('float32'), c.build('float32')];
    // Other weights for b, so that a value of one step left in the other's arrays would show.
    for (const model of [b, referenceB]) for (const p of model.parameters()) p.data.forEach((v, i) => (p.data[i] = -0.7 * v + 0.01 * i));
    const [stepA, stepB] = [capturedStep(a, c.loss), capturedStep(b, c.loss)];
    BATCHES.forEach((n, s) => {
      const ofA = batchFor(c, 'float32', n, s);
      const ofB = batchFor(c, 'float32', n, s + 100);
      const expectedA = autograd(referenceA, c, ofA.x, ofA.y, n);
      const expectedB = autograd(referenceB, c, ofB.x, ofB.y, n);
      const lossA = stepA.lossAndGradient(ofA.x, ofA.y, n);
      const outputsA = stepA.evaluate(ofA.x, ofA.y, n).outputs;
      const lossB = stepB.lossAndGradient(ofB.x, ofB.y, n);
      const outputsB = stepB.evaluate(ofB.x, ofB.y, n).outputs;
      expect(bits(outputsB), `step ${s}: the two models compute different values (else this test could not tell)`).not.toEqual(bits(outputsA));
      // a's arrays, read after b's training step and evaluation.
      expect(bits([lossA, lossB]), `step ${s}: losses`).toEqual(bits([expectedA.loss, expectedB.loss]));
      stepA.grads.forEach((g, k) => expect(bits(g), `step ${s}: a's gradient ${k}`).toEqual(bits(expectedA.grads[k])));
      stepB.grads.forEach((g, k) => expect(bits(g), `step ${s}: b's gradient ${k}`).toEqual(bits(expectedB.grads[k])));
      expect(bits(outputsA), `step ${s}: a's outputs`).toEqual(bits(expectedA.outputs));
      expect(bits(outputsB), `step ${s}: b's outputs`).toEqual(bits(expectedB.outputs));
      descend([a, referenceA], stepA.grads);
      descend([b, referenceB], stepB.grads);
    });
  });

  it('checks each batch, since a replay checks nothing: its size, the input length and the labels', () => {
    const c = CASES[5]; // 6-8-4, cross-entropy
    const step = capturedStep(c.build('float32'), c.loss);
    const { x, y } = batchFor(c, 'float32', 4);
    expect(() => step.lossAndGradient(x, y, 0)).toThrow('lossAndGradient: n is 0; expected a positive integer');
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
