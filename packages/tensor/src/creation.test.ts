import { describe, expect, it } from 'vitest';
import { fromArray, full, ones, randn, scalar, tensor, uniform, zeros } from './creation.js';
import { oneHot } from './ops/gather.js';
import { reshape } from './ops/shape.js';
import { rng } from './random.js';

describe('creating tensors', () => {
  it('infers shapes from nested arrays and gives them back with toArray', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]); // row-major
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor(7).shape).toEqual([]);
    expect(tensor(7).toArray()).toBe(7);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[[1], [2]]]).shape).toEqual([1, 2, 1]);
  });

  it('takes a flat array with a shape, and typed arrays keep their dtype unless told', () => {
    expect(tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(tensor(new Float64Array([1, 2])).dtype).toBe('float64');
    expect(tensor(new Float64Array([1, 2]), { dtype: 'float32' }).dtype).toBe('float32');
    // 0.1 is not representable: float32 rounds it to 0.10000000149011612, float64 keeps 0.1
    expect(tensor([0.1]).item()).toBe(Math.fround(0.1));
    expect(tensor([0.1], { dtype: 'float64' }).item()).toBe(0.1);
  });

  it('tensor copies its input; fromArray and reshape share it', () => {
    const source = new Float32Array([1, 2, 3, 4]);
    const copied = tensor(source);
    const shared = fromArray(source, [2, 2]);
    const view = reshape(shared, [4]);
    source[0] = 9;
    expect(copied.data[0]).toBe(1);
    expect(shared.data[0]).toBe(9);
    expect(view.data[0]).toBe(9);
  });

  it('fills: zeros, ones, full, scalar', () => {
    expect(zeros([2, 2]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(ones([3], { dtype: 'float64' }).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 2.5).toArray()).toEqual([2.5, 2.5]);
    expect(scalar(3, { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('draws randn and uniform from the seeded rng: same seed, same bits', () => {
    const a = randn([100], rng('x'));
    const b = randn([100], rng('x'));
    const c = randn([100], rng('y'));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    const u = uniform([1000], -1, 1, rng('u'), { dtype: 'float64' });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u.data)).toBeLessThan(1);
    // randn with std: mean of 2000 draws of N(3, 0.5²) is within 4 standard errors (0.5/√2000 ≈ 0.011) of 3
    const shifted = randn([2000], rng('m'), { mean: 3, std: 0.5, dtype: 'float64' });
    expect(Math.abs(Array.from(shifted.data).reduce((s, v) => s + v, 0) / 2000 - 3)).toBeLessThan(0.045);
  });

  it('oneHot marks one class per row', () => {
    expect(oneHot(Int32Array.from([2, 0]), 3).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
  });

  it('prints itself readably', () => {
    expect(String(tensor([[1, 2]], { requiresGrad: true }))).toBe('Tensor([1,2], float32, requiresGrad) [[1,2]]');
  });
});
