import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { batchFor, centralDifferences, relativeError, type Case } from './_stepCases.js';
import { capturedStep } from './capturedStep.js';
import { LayerNorm } from './layerNorm.js';
import { mlp } from './mlp.js';
import { Residual } from './residual.js';
import { residualMlp } from './residualMlp.js';
import type { Sequential } from './sequential.js';

describe('residualMlp', () => {
  it('is the MLP of the same sizes, same starting weights, with skips around the hidden-to-hidden layers', () => {
    const sizes = [2, 5, 5, 5, 3];
    const plain = mlp(sizes, { activation: 'relu', rng: rng('resmlp') });
    const skipped = residualMlp(sizes, { activation: 'relu', rng: rng('resmlp') });
    expect(skipped.layers.map((l) => l.constructor.name)).toEqual(['Linear', 'Activation', 'Residual', 'Residual', 'Linear', 'Activation']);
    expect(skipped.parameters().map((p) => Array.from(p.data))).toEqual(plain.parameters().map((p) => Array.from(p.data)));
    const normed = residualMlp(sizes, { activation: 'relu', rng: rng('resmlp'), layerNorm: true });
    const block = normed.layers[2] as Residual;
    expect((block.inner as Sequential).layers.map((l) => l.constructor.name)).toEqual(['LayerNorm', 'Linear', 'Activation']);
    // Two blocks, each adding γ and β of 5.
    expect(normed.parameters().length).toBe(plain.parameters().length + 4);
    expect(((block.inner as Sequential).layers[0] as LayerNorm).features).toBe(5);
  });

  it('refuses unequal hidden widths, naming them', () => {
    expect(() => residualMlp([2, 4, 8, 1], { rng: rng(0) })).toThrow('residualMlp: hidden sizes [4,8] in [2,4,8,1] must be one or more equal widths (a residual block keeps its width)');
    expect(() => residualMlp([2, 1], { rng: rng(0) })).toThrow('residualMlp: hidden sizes []');
  });

  it('trains through capturedStep: gradients match central finite differences (float64)', () => {
    const c: Case = {
      title: 'residual mlp with layer norm',
      build: (dtype) => residualMlp([3, 4, 4, 4, 2], { activation: 'tanh', rng: rng('resmlp/grad'), dtype, layerNorm: true }),
      loss: 'cross_entropy',
      inFeatures: 3,
      outFeatures: 2,
      batch: 6,
    };
    const model = c.build('float64');
    // γ and β start at 1 and 0; move them so their gradients are not a special case.
    const random = rng('resmlp/perturb');
    for (const p of model.parameters()) for (let i = 0; i < p.size; i++) p.data[i] += random.uniformIn(-0.3, 0.3);
    const step = capturedStep(model, c.loss);
    const { x, y } = batchFor(c, 'float64');
    step.lossAndGradient(x, y, c.batch);
    const grads = step.grads.map((g) => g.slice());
    // The evaluation replays its capture on the parameters as they are, so it sees each nudge of θ.
    const numeric = centralDifferences(model.parameters(), () => step.evaluate(x, y, c.batch).loss);
    // h = 1e-6: truncation O(h²), rounding ~1e-10 relative; a wrong derivative is off by O(1).
    numeric.forEach((n, k) => expect(relativeError(grads[k], n), `parameter ${k}`).toBeLessThan(1e-6));
  });
});
