import { describe, expect, it } from 'vitest';
import { tensor } from './creation.js';
import { sigmoid, softplus } from './ops/elementwise.js';
import { logSoftmax, logSumExp, softmax } from './ops/reduce.js';
import { gather } from './ops/gather.js';
import { expectAllClose } from './_testing.js';

// e^1000 overflows both float32 (max ~3.4e38 = e^88.7) and float64 (max ~1.8e308 = e^709.8): a naive
// ln Σ eˣ gives ∞ and ∞ − ∞ = NaN. Shifting by the max keeps every exponent ≤ 0.
describe('numerical stability at extreme logits', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`logSumExp at ±1000 (${dtype})`, () => {
      // ln(e^1000 + e^1000) = 1000 + ln 2;  ln(e^-1000 + e^-1000) = −1000 + ln 2
      expectAllClose(logSumExp(tensor([1000, 1000], { dtype })).data, [1000 + Math.LN2], dtype === 'float32' ? 1e-3 : 1e-12);
      expectAllClose(logSumExp(tensor([-1000, -1000], { dtype })).data, [-1000 + Math.LN2], dtype === 'float32' ? 1e-3 : 1e-12);
      // ln(e^1000 + e^0) = 1000 + ln(1 + e^-1000) = 1000 (to any precision)
      expectAllClose(logSumExp(tensor([1000, 0], { dtype })).data, [1000]);
    });

    it(`logSoftmax and its gradient at logits 1000 (${dtype})`, () => {
      // logSoftmax([1000, 0, −1000]) = x − 1000 = [0, −1000, −2000]; softmax = [1, 0, 0]
      const x = tensor([[1000, 0, -1000]], { dtype, requiresGrad: true });
      const out = logSoftmax(x);
      expect(out.toArray()).toEqual([[0, -1000, -2000]]);
      // ∂(−logSoftmax[label 1])/∂x = softmax − onehot(1) = [1, −1, 0]
      gather(out, [1]).neg().sum().backward();
      expectAllClose(x.grad!.data, [1, -1, 0]);
    });

    it(`softmax of equal huge logits is uniform (${dtype})`, () => {
      expectAllClose(softmax(tensor([1000, 1000, 1000, 1000], { dtype })).data, [0.25, 0.25, 0.25, 0.25], 1e-6);
      expectAllClose(softmax(tensor([-1000, -1000], { dtype })).data, [0.5, 0.5], 1e-6);
    });

    it(`sigmoid and softplus at ±1000 (${dtype})`, () => {
      // σ(1000) = 1, σ(−1000) = e^−1000 ≈ 0; σ′ = σ(1−σ) = 0 at both, not NaN
      const x = tensor([1000, -1000], { dtype, requiresGrad: true });
      const s = sigmoid(x);
      expect(s.toArray()).toEqual([1, 0]);
      s.sum().backward();
      expect(x.grad!.toArray()).toEqual([0, 0]);
      // softplus(1000) = 1000 + ln(1 + e^−1000) = 1000; softplus(−1000) = ln(1 + e^−1000) = e^−1000 ≈ 0
      const z = tensor([1000, -1000], { dtype, requiresGrad: true });
      const sp = softplus(z);
      expect(sp.toArray()).toEqual([1000, 0]);
      sp.sum().backward();
      expect(z.grad!.toArray()).toEqual([1, 0]);
    });
  }

  it('logSumExp of an all −∞ row is −∞, not NaN; +∞ stays +∞', () => {
    expect(logSumExp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(logSumExp(tensor([Infinity, 0])).item()).toBe(Infinity);
    expect(logSumExp(tensor([[0, -Infinity], [-Infinity, -Infinity]]), 1).toArray()).toEqual([0, -Infinity]);
  });
});
