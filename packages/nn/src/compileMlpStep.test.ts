import { fromArray, jsKernels, noGrad, rng, useKernels, wasmKernels, type Tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { autograd, batchFor, bits, CASES, centralDifferences, FLOAT32_ROUNDING, relativeError, type Case } from './_stepCases.js';
import { sigmoid } from './activations.js';
import { compileMlpStep } from './compileMlpStep.js';
import { linear } from './linear.js';
import { softmaxCrossEntropy, type LossName } from './losses.js';
import { mlp } from './mlp.js';
import type { Module } from './module.js';
import { sequential } from './sequential.js';

describe('compileMlpStep', () => {
  it('matches a derivation by hand on a one-weight network', () => {
    // out = x·w + b = 2·3 + 0.5 = 6.5; E = ½(out − y)² = ½·5.5² = 15.125;
    // ∂E/∂out = 5.5, so ∂E/∂w = x·5.5 = 11 and ∂E/∂b = 5.5.
    const layer = linear(1, 1, { rng: rng(0), dtype: 'float64' });
    layer.weight.data[0] = 3;
    layer.bias!.data[0] = 0.5;
    const step = compileMlpStep(layer, 'squared_error');
    expect(step.lossAndGradient(new Float64Array([2]), new Float64Array([1]), 1)).toBe(15.125);
    expect(step.grads.map((g) => g[0])).toEqual([11, 5.5]);
    expect(layer.weight.grad!.data[0]).toBe(11);
  });

  for (const c of CASES) {
    describe(c.title, () => {
      it('float64: the same loss as the autograd path, and gradients that match central finite differences', () => {
        const model = c.build('float64');
        const { x, y } = batchFor(c, 'float64');
        const step = compileMlpStep(model, c.loss);
        const loss = step.lossAndGradient(x, y, c.batch);
        expect(Math.abs(loss - autograd(model, c, x, y, c.batch).loss)).toBeLessThan(1e-12 * Math.abs(loss));
        const grads = step.grads.map((g) => g.slice());
        const numeric = centralDifferences(model.parameters(), () => step.lossAndGradient(x, y, c.batch));
        // Central differences with h = 1e-6 have truncation error O(h²) ≈ 1e-12 and rounding error about
        // 1e-16/h = 1e-10 (relative to the loss), far below the 1e-6 allowed; a wrong derivative is off by O(1).
        numeric.forEach((n, k) => expect(relativeError(grads[k], n), `parameter ${k}`).toBeLessThan(1e-6));
      });

      it('float32: gradients equal the autograd path to float32 rounding', () => {
        const model = c.build('float32');
        const { x, y } = batchFor(c, 'float32');
        const step = compileMlpStep(model, c.loss);
        const loss = step.lossAndGradient(x, y, c.batch);
        const fused = step.grads.map((g) => g.slice());
        const reference = autograd(model, c, x, y, c.batch);
        expect(Math.abs(loss - reference.loss)).toBeLessThan(FLOAT32_ROUNDING * Math.abs(reference.loss));
        fused.forEach((g, k) => expect(relativeError(g, reference.grads[k]), `parameter ${k}`).toBeLessThan(FLOAT32_ROUNDING));
      });
    });
  }

  it('float32 at MNIST-like sizes, where the products go through the WebAssembly kernel', () => {
    const c: Case = {
      title: 'mnist-like',
      build: (dtype) => mlp([64, 32, 10], { activation: 'relu', rng: rng('mnist-like'), dtype }),
      loss: 'cross_entropy',
      inFeatures: 64,
      outFeatures: 10,
      batch: 40,
    };
    const model = c.build('float32');
    const { x, y } = batchFor(c, 'float32');
    const step = compileMlpStep(model, softmaxCrossEntropy);
    step.lossAndGradient(x, y, c.batch);
    const fused = step.grads.map((g) => g.slice());
    const reference = autograd(model, c, x, y, c.batch);
    fused.forEach((g, k) => expect(relativeError(g, reference.grads[k]), `parameter ${k}`).toBeLessThan(FLOAT32_ROUNDING));
  });

  // The compiled step's sigmoid is the active kernels' own unary('sigmoid'), as the autograd path's is: for
  // either kernel set the forward pass gives the same bits, whether a layer is short (Math.exp in float64)
  // or long enough for the WebAssembly SIMD sigmoid (its last bits differ from Math.exp's).
  for (const kernels of [jsKernels, wasmKernels]) {
    it(`float32 under the '${kernels.name}' kernels: outputs equal the autograd forward pass bit for bit, short and long layers`, () => {
      const previous = useKernels(kernels);
      try {
        const c = CASES[0]; // 3-4-1, sigmoid after both layers
        const model = c.build('float32');
        const step = compileMlpStep(model, c.loss);
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

  it('float32 outputs depend on the kernel choice only through the long layers', () => {
    const c = CASES[0];
    const model = c.build('float32');
    const step = compileMlpStep(model, c.loss);
    const outputsUnder = (kernels: typeof jsKernels, n: number): Float32Array => {
      const previous = useKernels(kernels);
      try {
        const { x, y } = batchFor(c, 'float32', n);
        return step.evaluate(x, y, n).outputs.slice() as Float32Array;
      } finally {
        useKernels(previous);
      }
    };
    // Batch 2: every layer is below the SIMD threshold, so both kernel sets compute σ with Math.exp.
    expect(outputsUnder(wasmKernels, 2)).toEqual(outputsUnder(jsKernels, 2));
    // Batch 300: the SIMD sigmoid is taken, and its last bits differ somewhere from Math.exp's (by ≤ a few ulps).
    const simd = outputsUnder(wasmKernels, 300);
    const js = outputsUnder(jsKernels, 300);
    expect(simd).not.toEqual(js);
    simd.forEach((v, i) => expect(Math.abs(v - js[i])).toBeLessThan(1e-6));
  });

  it('overwrites the gradients on every call (no accumulation), for any batch size, and reclaims .grad', () => {
    const c = CASES[1];
    const model = c.build('float64');
    const step = compileMlpStep(model, c.loss);
    const { x: x6, y: y6 } = batchFor(c, 'float64', 6);
    const { x: x3, y: y3 } = batchFor(c, 'float64', 3);
    step.lossAndGradient(x6, y6, 6);
    const first = step.grads.map((g) => g.slice());
    step.lossAndGradient(x3, y3, 3);
    // A fresh step on a fresh copy of the model sees only this batch: equal bits mean nothing carried over.
    const fresh = compileMlpStep(c.build('float64'), c.loss);
    fresh.lossAndGradient(x3, y3, 3);
    expect(step.grads.map((g) => g.slice())).toEqual(fresh.grads.map((g) => g.slice()));
    // The autograd path replaces each .grad; the step points them back at its own buffers.
    autograd(model, c, x3, y3, 3);
    step.lossAndGradient(x6, y6, 6);
    expect(step.grads.map((g) => g.slice())).toEqual(first);
    model.parameters().forEach((p, k) => expect(p.grad!.data).toBe(step.grads[k]));
  });

  it.each(CASES)('evaluate ($title): the loss and outputs of the forward pass, gradients untouched', (c) => {
    const model = c.build('float64');
    const step = compileMlpStep(model, c.loss);
    const { x, y } = batchFor(c, 'float64');
    const trained = step.lossAndGradient(x, y, c.batch);
    const gradsBefore = step.grads.map((g) => g.slice());
    // Another batch size, as an evaluation on a whole set would be.
    const { x: x2, y: y2 } = batchFor(c, 'float64', 2 * c.batch + 1);
    const evaluated = step.evaluate(x2, y2, 2 * c.batch + 1);
    step.grads.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(gradsBefore[i])));
    // The reference: autograd's forward and loss on the same rows (float64, so only the summation order differs).
    const reference = autograd(model, c, x2, y2, 2 * c.batch + 1);
    expect(Math.abs(evaluated.loss - reference.loss)).toBeLessThan(1e-12 * Math.max(1, Math.abs(reference.loss)));
    const outputs = model.forward(fromArray(x2, [2 * c.batch + 1, c.inFeatures])).data;
    expect(relativeError(evaluated.outputs.subarray(0, outputs.length), outputs)).toBeLessThan(1e-12);
    // The same rows as the training batch give the training loss.
    expect(step.evaluate(x, y, c.batch).loss).toBe(trained);
  });

  it('reads only the first n rows of a longer input buffer', () => {
    const c = CASES[0];
    const model = c.build('float64');
    const step = compileMlpStep(model, c.loss);
    const { x, y } = batchFor(c, 'float64', 8);
    const loss = step.lossAndGradient(x, y, 5);
    expect(loss).toBe(step.lossAndGradient(x.slice(0, 15), y.slice(0, 5), 5));
  });

  it('names what it cannot compile and what it accepts', () => {
    const random = rng(1);
    const custom: Module = { forward: (t: Tensor) => t, parameters: () => [] };
    expect(() => compileMlpStep(mlp([2, 1], { rng: random }), 'mse' as LossName)).toThrow(
      `compileMlpStep: unknown loss 'mse' (expected one of squared_error, bce, cross_entropy); nn's squaredError, bceWithLogits and softmaxCrossEntropy are accepted too`,
    );
    expect(() => compileMlpStep(mlp([2, 1], { rng: random }), function hinge(t: Tensor) { return t; })).toThrow(
      `compileMlpStep: unknown loss function hinge (expected one of squared_error, bce, cross_entropy); nn's squaredError, bceWithLogits and softmaxCrossEntropy are accepted too`,
    );
    expect(() => compileMlpStep(sequential(linear(2, 2, { rng: random }), custom), 'bce')).toThrow('compileMlpStep: layer 1 is a Object; supported models are linear layers');
    expect(() => compileMlpStep(sequential(sigmoid(), linear(2, 2, { rng: random })), 'bce')).toThrow('compileMlpStep: layer 0 (sigmoid) must follow a linear layer');
    expect(() => compileMlpStep(sequential(linear(2, 3, { rng: random }), linear(2, 2, { rng: random })), 'bce')).toThrow(
      'compileMlpStep: linear layer 1 takes 2 inputs but the layer before gives 3',
    );
  });

  it('checks each batch: its size, the input length and the labels', () => {
    const step = compileMlpStep(mlp([2, 3], { rng: rng(2) }), 'cross_entropy');
    expect(() => step.lossAndGradient(new Float32Array(4), new Int32Array([0, 1]), 0)).toThrow('lossAndGradient: n is 0; expected a positive integer');
    expect(() => step.lossAndGradient(new Float32Array(3), new Int32Array([0, 1]), 2)).toThrow('lossAndGradient: x holds 3 values; 2 examples of 2 features need 4');
    expect(() => step.lossAndGradient(new Float32Array(4), new Int32Array([0, 3]), 2)).toThrow(
      'lossAndGradient: label 3 at index 1 is out of range for 3 classes (expected an integer in [0, 2])',
    );
  });
});
