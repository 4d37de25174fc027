import { fromArray, noGrad, type FloatArray } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { autograd, batchFor, CASES, relativeError } from './_stepCases.js';
import { compileMlpStep } from './compileMlpStep.js';
import { eagerStep } from './eagerStep.js';

/** The bits of a float array, so that toEqual compares exactly (and NaN equals NaN). */
function bits(a: FloatArray): Uint32Array | BigUint64Array {
  return a instanceof Float64Array ? new BigUint64Array(a.buffer, a.byteOffset, a.length) : new Uint32Array(a.buffer, a.byteOffset, a.length);
}

describe('eagerStep', () => {
  for (const c of CASES) {
    describe(c.title, () => {
      it('float32 and float64: the loss and gradients of the autograd path, bit for bit', () => {
        for (const dtype of ['float32', 'float64'] as const) {
          const model = c.build(dtype);
          const { x, y } = batchFor(c, dtype);
          const step = eagerStep(model, c.loss, { inFeatures: c.inFeatures });
          const loss = step.lossAndGradient(x, y, c.batch);
          const grads = step.grads.map((g) => g.slice());
          const reference = autograd(model, c, x, y, c.batch);
          expect(loss, dtype).toBe(reference.loss);
          grads.forEach((g, k) => expect(bits(g), `${dtype} parameter ${k}`).toEqual(bits(reference.grads[k])));
        }
      });

      it('float32: agrees with compileMlpStep to float32 rounding (the bound of compileMlpStep’s own test)', () => {
        const eager = eagerStep(c.build('float32'), c.loss, { inFeatures: c.inFeatures });
        const compiled = compileMlpStep(c.build('float32'), c.loss);
        const { x, y } = batchFor(c, 'float32');
        const loss = eager.lossAndGradient(x, y, c.batch);
        const compiledLoss = compiled.lossAndGradient(x, y, c.batch);
        expect(Math.abs(loss - compiledLoss)).toBeLessThan(2 ** -19 * Math.abs(compiledLoss));
        eager.grads.forEach((g, k) => expect(relativeError(g, compiled.grads[k]), `parameter ${k}`).toBeLessThan(2 ** -19));
        const eagerEvaluation = eager.evaluate(x, y, c.batch);
        const compiledEvaluation = compiled.evaluate(x, y, c.batch);
        expect(relativeError(eagerEvaluation.outputs, compiledEvaluation.outputs)).toBeLessThan(2 ** -19);
      });
    });
  }

  it('keeps one gradient array per parameter, overwritten (not accumulated) on every call, even after zeroGrad()', () => {
    const c = CASES[1];
    const model = c.build('float64');
    const step = eagerStep(model, c.loss, { inFeatures: c.inFeatures });
    const arrays = [...step.grads];
    const { x, y } = batchFor(c, 'float64');
    step.lossAndGradient(x, y, c.batch);
    const first = step.grads.map((g) => g.slice());
    for (const p of model.parameters()) p.zeroGrad();
    step.lossAndGradient(x, y, c.batch);
    step.grads.forEach((g, k) => {
      expect(g).toBe(arrays[k]);
      expect(model.parameters()[k].grad!.data).toBe(g);
      expect(g).toEqual(first[k]);
    });
  });

  it('reads only the first n rows of a longer buffer, and evaluate leaves the gradients alone', () => {
    const c = CASES[0];
    const model = c.build('float64');
    const step = eagerStep(model, c.loss, { inFeatures: c.inFeatures });
    const { x, y } = batchFor(c, 'float64', 8);
    const n = 5;
    const loss = step.lossAndGradient(x, y, n);
    const grads = step.grads.map((g) => g.slice());
    expect(loss).toBe(autograd(model, c, x, y, n).loss);
    const { loss: evaluated, outputs } = step.evaluate(x, y, n);
    expect(evaluated).toBe(loss);
    expect(outputs).toEqual(noGrad(() => model.forward(fromArray(x.subarray(0, n * c.inFeatures), [n, c.inFeatures]))).data);
    step.grads.forEach((g, k) => expect(g).toEqual(grads[k]));
  });

  it('names a bad loss or input width', () => {
    const model = CASES[0].build('float32');
    expect(() => eagerStep(model, 'mse' as never, { inFeatures: 3 })).toThrow("unknown loss 'mse'");
    expect(() => eagerStep(model, 'bce', { inFeatures: 0 })).toThrow('eagerStep: inFeatures must be a positive integer, got 0');
  });
});
