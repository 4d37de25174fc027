import { describe, expect, it } from 'vitest';
import { fromArray, scalar, tensor } from './creation.js';
import { add, mul, sigmoid } from './ops/elementwise.js';
import { matmul } from './ops/matmul.js';
import { sum } from './ops/reduce.js';
import { isGradEnabled, noGrad } from './noGrad.js';

describe('backward', () => {
  it('accumulates gradients over calls until zeroGrad', () => {
    // y = 3x → ∂y/∂x = 3; twice → 6; after zeroGrad → 3 again
    const x = tensor([1, 2], { requiresGrad: true });
    mul(x, 3).sum().backward();
    mul(x, 3).sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 6]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    mul(x, 3).sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });

  it('sums the gradients of every path: x·x and a diamond', () => {
    // ∂(x·x)/∂x = 2x
    const x = tensor([3], { requiresGrad: true });
    mul(x, x).sum().backward();
    expect(x.grad!.item()).toBe(6);
    // y = a·b + a: ∂y/∂a = b + 1 = 5, ∂y/∂b = a = 2
    const a = tensor([2], { requiresGrad: true });
    const b = tensor([4], { requiresGrad: true });
    add(mul(a, b), a).sum().backward();
    expect([a.grad!.item(), b.grad!.item()]).toEqual([5, 2]);
  });

  it('gives each leaf its own gradient buffer', () => {
    // add's rule hands the same g to both inputs; accumulating into one must not change the other.
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    add(a, b).sum().backward();
    expect(a.grad!.data).not.toBe(b.grad!.data);
    mul(a, 5).sum().backward();
    expect([a.grad!.item(), b.grad!.item()]).toEqual([6, 1]);
  });

  it('keeps gradients on leaves only and skips tensors that do not require them', () => {
    const w = tensor([[1, 2]], { requiresGrad: true });
    const x = tensor([[3], [4]]);
    const h = matmul(x, w);
    sigmoid(h).sum().backward();
    expect(h.grad).toBeNull();
    expect(x.grad).toBeNull();
    expect(w.grad).not.toBeNull();
    expect(h.creator?.op).toBe('matmul');
    expect(w.creator).toBeNull();
  });

  it('needs a gradient for a non-scalar, and then computes the vector-Jacobian product', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = mul(x, x);
    expect(() => y.backward()).toThrow(
      'backward: called without a gradient on a tensor of shape [3] (3 elements); only a single-element tensor is seeded with 1. Reduce it first (e.g. .sum() or .mean()) or pass a gradient of shape [3]',
    );
    // vᵀ·∂(x²)/∂x = v ⊙ 2x = [1·2, 0·4, 10·6]
    y.backward(tensor([1, 0, 10]));
    expect(x.grad!.toArray()).toEqual([2, 0, 60]);
    expect(() => y.backward(tensor([1, 2]))).toThrow('backward: gradient has shape [2] but the tensor has shape [3]; they must match');
  });

  it('refuses backward on a tensor outside any graph', () => {
    expect(() => sum(tensor([1, 2])).backward()).toThrow(/does not require gradients/);
  });

  it('builds no graph under noGrad and restores recording afterwards, even after an error', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => mul(w, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.creator).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    expect(mul(w, 2).requiresGrad).toBe(true);
  });

  it('detach cuts the graph: no gradient flows through the detached branch', () => {
    // y = x·detach(x): ∂y/∂x = detach(x) only = 3 (not 2x = 6)
    const x = tensor([3], { requiresGrad: true });
    mul(x, x.detach()).sum().backward();
    expect(x.grad!.item()).toBe(3);
  });

  it('returns a float32 parameter its gradient in float32 when the computation ran in float64', () => {
    const w = tensor([0.5], { requiresGrad: true });
    const x = tensor([2], { dtype: 'float64' });
    const y = mul(w, x);
    expect(y.dtype).toBe('float64');
    y.sum().backward();
    expect(w.grad!.dtype).toBe('float32');
    expect(w.grad!.item()).toBe(2);
  });

  it('handles a graph 20 000 ops deep without overflowing the stack', () => {
    let y = scalar(0, { requiresGrad: true });
    const x = y;
    for (let i = 0; i < 20_000; i++) y = add(y, 1);
    y.backward();
    expect(x.grad!.item()).toBe(1);
  });

  it('lets a parameter be updated in place through its data (fromArray shares the buffer)', () => {
    const buffer = new Float32Array([1, 2]);
    const p = fromArray(buffer, [2], { requiresGrad: true });
    mul(p, p).sum().backward();
    // θ ← θ − 0.5·∇ with ∇ = 2θ = [2, 4]
    for (let i = 0; i < p.size; i++) p.data[i] -= 0.5 * p.grad!.data[i];
    expect(Array.from(buffer)).toEqual([0, 0]);
  });
});
