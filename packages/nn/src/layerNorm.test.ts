import { assertGradients, rng, tensor, uniform, type Tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { LayerNorm, layerNorm } from './layerNorm.js';

describe('layerNorm', () => {
  it('matches a derivation by hand', () => {
    // Row [1, 2, 3, 6]: μ = 12/4 = 3, x − μ = [−2, −1, 0, 3], σ² = (4 + 1 + 0 + 9)/4 = 3.5.
    // With ε = 0.5, √(σ² + ε) = √4 = 2, so x̂ = [−1, −0.5, 0, 1.5];
    // γ = [1, 2, 1, 2], β = [0, 0, 1, 1]: y = [−1, −1, 1, 4].
    // Row [4, 4, 4, 4]: x − μ = 0, σ² = 0, √(0 + 0.5) ≠ 0, so x̂ = 0 and y = β = [0, 0, 1, 1].
    for (const dtype of ['float32', 'float64'] as const) {
      const layer = new LayerNorm(tensor([1, 2, 1, 2], { dtype }), tensor([0, 0, 1, 1], { dtype }), 0.5);
      expect(layer.forward(tensor([[1, 2, 3, 6], [4, 4, 4, 4]], { dtype })).toArray(), dtype).toEqual([[-1, -1, 1, 4], [0, 0, 1, 1]]);
    }
  });

  it('starts as plain standardisation (γ = 1, β = 0): each row has mean 0 and variance 1', () => {
    const layer = layerNorm(5, { dtype: 'float64', epsilon: 0 });
    const y = layer.forward(uniform([3, 5], -4, 4, rng('layerNorm/rows'), { dtype: 'float64' }));
    for (let i = 0; i < 3; i++) {
      const row = Array.from(y.data.subarray(i * 5, i * 5 + 5));
      const mu = row.reduce((a, b) => a + b, 0) / 5;
      expect(mu).toBeCloseTo(0, 12);
      expect(row.reduce((a, b) => a + (b - mu) ** 2, 0) / 5).toBeCloseTo(1, 12);
    }
    expect(layer.parameters().map((p) => p.requiresGrad)).toEqual([true, true]);
  });

  it('backward() agrees with central finite differences for the input, γ and β (float64)', () => {
    const random = rng('layerNorm/grad');
    const f = (x: Tensor, gain: Tensor, bias: Tensor) => new LayerNorm(gain, bias).forward(x);
    const report = assertGradients(f, [uniform([4, 6], -2, 2, random), uniform([6], 0.5, 1.5, random), uniform([6], -1, 1, random)]);
    expect(report.ok).toBe(true);
  });

  it('names a wrong input width and bad settings', () => {
    expect(() => layerNorm(3).forward(tensor([[1, 2]]))).toThrow('layerNorm(3): input has shape [1,2]; expected [..., 3]');
    expect(() => layerNorm(0)).toThrow('layerNorm: features must be a positive integer, got 0');
    expect(() => layerNorm(2, { epsilon: -1 })).toThrow('layerNorm: epsilon must be ≥ 0, got -1');
  });
});
