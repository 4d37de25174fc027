import { assertGradients, rng, tensor, uniform, type Tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { tanh } from './activations.js';
import { LayerNorm } from './layerNorm.js';
import { linear } from './linear.js';
import { residual } from './residual.js';
import { sequential } from './sequential.js';

describe('residual', () => {
  it('adds the input to the inner module’s output', () => {
    // f = linear(2 → 2) with W = [[1, 2], [3, 4]], b = [0.5, −0.5]: x = [1, 1] gives x·W + b = [4.5, 5.5],
    // so x + f(x) = [5.5, 6.5].
    const inner = linear(2, 2, { rng: rng(0), dtype: 'float64' });
    inner.weight.data.set([1, 2, 3, 4]);
    inner.bias!.data.set([0.5, -0.5]);
    const block = residual(inner);
    expect(block.forward(tensor([[1, 1]], { dtype: 'float64' })).toArray()).toEqual([[5.5, 6.5]]);
    expect(block.parameters()).toEqual([inner.weight, inner.bias]);
  });

  it('backward() agrees with central finite differences through x + tanh(layerNorm(x)) (float64)', () => {
    const random = rng('residual/grad');
    const f = (x: Tensor, gain: Tensor, bias: Tensor) => residual(sequential(new LayerNorm(gain, bias), tanh())).forward(x);
    expect(assertGradients(f, [uniform([3, 4], -2, 2, random), uniform([4], 0.5, 1.5, random), uniform([4], -1, 1, random)]).ok).toBe(true);
  });

  it('refuses an inner module that changes the shape (add() would broadcast it silently)', () => {
    const narrowing = residual(linear(3, 1, { rng: rng(1) }));
    expect(() => narrowing.forward(tensor([[1, 2, 3]]))).toThrow('residual: the inner module maps shape [1,3] to [1,1]; x + f(x) needs f to keep the shape');
  });
});
