import { describe, expect, it } from 'vitest';
import { tensor } from './creation.js';
import { abs, add, exp, leakyRelu, log, maximum, mul, pow, relu, sigmoid, softplus, tanh } from './ops/elementwise.js';
import { matmul } from './ops/matmul.js';
import { logSumExp, max, mean, softmax, sum } from './ops/reduce.js';
import { expectAllClose } from './_testing.js';

/** Small values worked out by hand; each derivation is in the comment beside it. */
describe('hand-derived values', () => {
  it('sigmoid(0) = ½ and sigmoid′(0) = ¼', () => {
    // σ(0) = 1/(1 + e⁰) = ½; σ′ = σ(1 − σ) = ½·½ = ¼
    const x = tensor([0], { requiresGrad: true });
    const y = sigmoid(x);
    y.sum().backward();
    expectAllClose(y.data, [0.5]);
    expectAllClose(x.grad!.data, [0.25]);
  });

  it('tanh′(0) = 1 and tanh′(1) = sech²(1)', () => {
    // tanh′ = 1 − tanh²; tanh(0) = 0 → 1; sech(1) = 2/(e + e⁻¹) = 0.6480542736638853 → sech² = 0.41997434161402614
    const x = tensor([0, 1], { dtype: 'float64', requiresGrad: true });
    tanh(x).sum().backward();
    expectAllClose(x.grad!.data, [1, 0.41997434161402614], 1e-15);
  });

  it('d(x³)/dx at 2 is 12 and d(eˣ)/dx at 0 is 1 and d(ln x)/dx at 2 is ½', () => {
    // 3·2² = 12; e⁰ = 1; 1/2
    const x = tensor([2], { requiresGrad: true });
    pow(x, 3).sum().backward();
    expectAllClose(x.grad!.data, [12], 1e-5);
    const z = tensor([0], { requiresGrad: true });
    exp(z).sum().backward();
    expectAllClose(z.grad!.data, [1]);
    const w = tensor([2], { requiresGrad: true });
    log(w).sum().backward();
    expectAllClose(w.grad!.data, [0.5]);
  });

  it('matmul of 2×2 matrices, and the gradients of the sum of the product', () => {
    // A = [[1,2],[3,4]], B = [[5,6],[7,8]]:
    // C = [[1·5+2·7, 1·6+2·8], [3·5+4·7, 3·6+4·8]] = [[19, 22], [43, 50]]
    // L = Σ C: ∂L/∂A = 1·Bᵀ → ∂L/∂A[i,p] = Σⱼ B[p,j] = [5+6, 7+8] per row = [[11,15],[11,15]]
    //          ∂L/∂B = Aᵀ·1 → ∂L/∂B[p,j] = Σᵢ A[i,p] = [1+3, 2+4] per column = [[4,4],[6,6]]
    const a = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const b = tensor([[5, 6], [7, 8]], { requiresGrad: true });
    const c = matmul(a, b);
    expect(c.toArray()).toEqual([[19, 22], [43, 50]]);
    c.sum().backward();
    expect(a.grad!.toArray()).toEqual([[11, 15], [11, 15]]);
    expect(b.grad!.toArray()).toEqual([[4, 4], [6, 6]]);
  });

  it('matmul transpose flags read the stored matrix transposed', () => {
    // A stored [[1,3],[2,4]] read as Aᵀ = [[1,2],[3,4]]; B stored [[5,7],[6,8]] read as Bᵀ = [[5,6],[7,8]]
    const a = tensor([[1, 3], [2, 4]]);
    const b = tensor([[5, 7], [6, 8]]);
    expect(matmul(a, b, { transposeA: true, transposeB: true }).toArray()).toEqual([[19, 22], [43, 50]]);
    // Aᵀ·B with B stored as-is = [[1,2],[3,4]]·[[5,7],[6,8]] = [[17, 23], [39, 53]]
    expect(matmul(a, b, { transposeA: true }).toArray()).toEqual([[17, 23], [39, 53]]);
  });

  it('broadcast [3,1] + [1,4]: each input element is used once per element it was repeated to', () => {
    // out[i,j] = a[i] + b[j]; ∂Σout/∂a[i] = 4 (one per column), ∂Σout/∂b[j] = 3 (one per row)
    const a = tensor([[1], [2], [3]], { requiresGrad: true });
    const b = tensor([[10, 20, 30, 40]], { requiresGrad: true });
    const out = add(a, b);
    expect(out.toArray()).toEqual([[11, 21, 31, 41], [12, 22, 32, 42], [13, 23, 33, 43]]);
    out.sum().backward();
    expect(a.grad!.toArray()).toEqual([[4], [4], [4]]);
    expect(b.grad!.toArray()).toEqual([[3, 3, 3, 3]]);
  });

  it('mul by a broadcast row: ∂/∂row is the column sum of the other operand', () => {
    // out = x ⊙ w with w [3] broadcast over 2 rows: ∂Σout/∂w[j] = Σᵢ x[i,j] = [1+4, 2+5, 3+6]
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    const w = tensor([1, 1, 1], { requiresGrad: true });
    mul(x, w).sum().backward();
    expect(w.grad!.toArray()).toEqual([5, 7, 9]);
  });

  it('mean spreads 1/n, sum over an axis spreads 1 per summed element', () => {
    // mean of 4 elements: ∂/∂xᵢ = 1/4
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    mean(x).backward();
    expect(x.grad!.toArray()).toEqual([[0.25, 0.25], [0.25, 0.25]]);
    // sum over axis 1 = [3, 7]; weighting the rows by [1, 10]: ∂/∂x[i,j] = weight of row i
    const y = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const rows = sum(y, 1);
    expect(rows.toArray()).toEqual([3, 7]);
    mul(rows, tensor([1, 10])).sum().backward();
    expect(y.grad!.toArray()).toEqual([[1, 1], [10, 10]]);
  });

  it('max sends the gradient to the largest element and splits it among ties', () => {
    // max([1, 3, 2]) = 3 → gradient [0, 1, 0]; max([1, 3, 3]) = 3 twice → [0, ½, ½]
    const x = tensor([1, 3, 2], { requiresGrad: true });
    max(x).backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 0]);
    const t = tensor([1, 3, 3], { requiresGrad: true });
    max(t).backward();
    expect(t.grad!.toArray()).toEqual([0, 0.5, 0.5]);
  });

  it('softmax([0, ln 2]) = [⅓, ⅔]; logSumExp([0, 0]) = ln 2 with gradient [½, ½]', () => {
    // e⁰ = 1, e^ln2 = 2 → [1/3, 2/3]; ln(e⁰ + e⁰) = ln 2; ∂/∂xᵢ = softmax = ½ each
    expectAllClose(softmax(tensor([0, Math.LN2])).data, [1 / 3, 2 / 3]);
    const x = tensor([0, 0], { requiresGrad: true });
    const lse = logSumExp(x);
    expectAllClose(lse.data, [Math.LN2]);
    lse.backward();
    expectAllClose(x.grad!.data, [0.5, 0.5]);
  });

  it('kinks: relu′(0) = 0, |x|′(0) = 0, a maximum tie splits ½–½, leakyRelu′ = α below 0', () => {
    const x = tensor([-1, 0, 2], { requiresGrad: true });
    relu(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 1]);
    const y = tensor([0], { requiresGrad: true });
    abs(y).sum().backward();
    expect(y.grad!.toArray()).toEqual([0]);
    const a = tensor([2], { requiresGrad: true });
    const b = tensor([2], { requiresGrad: true });
    maximum(a, b).sum().backward();
    expect([a.grad!.item(), b.grad!.item()]).toEqual([0.5, 0.5]);
    const z = tensor([-2, 3], { requiresGrad: true });
    const out = leakyRelu(z, 0.25);
    expect(out.toArray()).toEqual([-0.5, 3]);
    out.sum().backward();
    expect(z.grad!.toArray()).toEqual([0.25, 1]);
  });

  it('softplus′(0) = σ(0) = ½, not the 0 its kinked pieces max(x,0) + ln(1 + e^−|x|) would give', () => {
    // softplus(0) = ln 2
    const x = tensor([0], { requiresGrad: true });
    const y = softplus(x);
    expectAllClose(y.data, [Math.LN2]);
    y.sum().backward();
    expectAllClose(x.grad!.data, [0.5]);
  });
});
