import { assertGradients, fromArray, rng, tensor, uniform } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { bceWithLogits, softmaxCrossEntropy, squaredError } from './losses.js';

describe('squaredError', () => {
  it('is ½·mean((ŷ − y)²) with gradient (ŷ − y)/n', () => {
    // ŷ − y = [1, 2]: ½·(1 + 4)/2 = 1.25; ∂E/∂ŷ = (ŷ − y)/2 = [0.5, 1]
    const pred = tensor([[1], [2]], { requiresGrad: true });
    const E = squaredError(pred, tensor([[0], [0]]));
    expect(E.item()).toBe(1.25);
    E.backward();
    expect(pred.grad!.toArray()).toEqual([[0.5], [1]]);
  });

  it('refuses targets of another shape instead of broadcasting [B,1] against [B]', () => {
    expect(() => squaredError(tensor([[1], [2]]), tensor([1, 2]))).toThrow(/squaredError: pred has shape \[2,1\] but target has shape \[2\]; they must match/);
  });
});

describe('bceWithLogits', () => {
  it('matches −[y ln σ(z) + (1 − y) ln(1 − σ(z))] at moderate logits, with gradient (σ(z) − y)/n', () => {
    // z = 0, y = 1: −ln ½ = ln 2; z = 2, y = 0: −ln(1 − σ(2)) = ln(1 + e²) = 2.1269280110429727
    const z = tensor([0, 2], { dtype: 'float64', requiresGrad: true });
    const L = bceWithLogits(z, tensor([1, 0], { dtype: 'float64' }));
    expect(L.item()).toBeCloseTo((Math.LN2 + Math.log(1 + Math.exp(2))) / 2, 14);
    L.backward();
    // (σ(0) − 1)/2 = −0.25, σ(2)/2 = 0.44039853898894116
    expect(z.grad!.data[0]).toBeCloseTo(-0.25, 14);
    expect(z.grad!.data[1]).toBeCloseTo(1 / (1 + Math.exp(-2)) / 2, 14);
  });

  it('stays finite and exact at logits ±1000', () => {
    // softplus(1000) − 1000·y: y = 1 → 0, y = 0 → 1000; softplus(−1000) + 1000·y: y = 0 → 0, y = 1 → 1000
    const cases: [number, number, number][] = [[1000, 1, 0], [1000, 0, 1000], [-1000, 0, 0], [-1000, 1, 1000]];
    for (const [logit, target, expected] of cases) {
      const z = tensor([logit], { requiresGrad: true });
      const L = bceWithLogits(z, tensor([target]));
      expect(L.item()).toBe(expected);
      L.backward();
      // σ(±1000) − y is exactly 0 or ±1
      expect(z.grad!.item()).toBe((logit > 0 ? 1 : 0) - target);
    }
  });
});

describe('softmaxCrossEntropy', () => {
  it('is −mean log softmax[label], with gradient (softmax − onehot)/B', () => {
    // row 0: logits [0, 0], label 0 → ln 2; row 1: logits [ln 3, 0], label 1 → −ln(1/4) = ln 4
    const z = tensor([[0, 0], [Math.log(3), 0]], { dtype: 'float64', requiresGrad: true });
    const L = softmaxCrossEntropy(z, Int32Array.from([0, 1]));
    expect(L.item()).toBeCloseTo((Math.LN2 + Math.log(4)) / 2, 14);
    L.backward();
    // row 0: ([½, ½] − [1, 0])/2 = [−¼, ¼]; row 1: ([¾, ¼] − [0, 1])/2 = [⅜, −⅜]
    const g = Array.from(z.grad!.data);
    [-0.25, 0.25, 0.375, -0.375].forEach((v, i) => expect(g[i]).toBeCloseTo(v, 14));
  });

  it('stays finite and exact at logits ±1000', () => {
    // logSoftmax([1000, 0, −1000]) = [0, −1000, −2000] exactly
    const z = tensor([[1000, 0, -1000], [1000, 0, -1000], [1000, 0, -1000]], { requiresGrad: true });
    const L = softmaxCrossEntropy(z, [0, 1, 2]);
    expect(L.item()).toBe((0 + 1000 + 2000) / 3);
    L.backward();
    // softmax = [1, 0, 0]: rows ([1,0,0] − onehot)/3
    const third = 1 / 3;
    expect(Array.from(z.grad!.data)).toEqual([0, 0, 0, third, -third, 0, third, 0, -third].map(Math.fround));
  });

  it('names a bad label, label count or logits shape', () => {
    expect(() => softmaxCrossEntropy(tensor([[0, 0]]), [2])).toThrow(
      'softmaxCrossEntropy: label 2 at index 0 is out of range for 2 classes (expected an integer in [0, 1])',
    );
    expect(() => softmaxCrossEntropy(tensor([[0, 0]]), [0, 1])).toThrow('softmaxCrossEntropy: got 2 labels for logits of shape [1,2]; expected one label per row (1)');
    expect(() => softmaxCrossEntropy(tensor([0, 0]), [0])).toThrow('softmaxCrossEntropy: logits have shape [2]; expected [batch, classes]');
  });
});

describe('loss gradients against finite differences (float64)', () => {
  const random = rng('losses');
  const targets01 = fromArray(Float64Array.from({ length: 12 }, () => random.uniform()), [4, 3]);
  const labels = Int32Array.from([2, 0, 1, 1]);
  it.each([
    ['squaredError', (p: import('@descent/tensor').Tensor) => squaredError(p, targets01)],
    ['bceWithLogits', (p: import('@descent/tensor').Tensor) => bceWithLogits(p, targets01)],
    ['softmaxCrossEntropy', (p: import('@descent/tensor').Tensor) => softmaxCrossEntropy(p, labels)],
  ] as const)('%s', (_, loss) => {
    expect(assertGradients(loss, [uniform([4, 3], -3, 3, random)]).ok).toBe(true);
  });
});
