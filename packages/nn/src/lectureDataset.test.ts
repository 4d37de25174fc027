import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { LECTURE_TEACHER, lectureDataset } from './lectureDataset.js';

describe('lectureDataset', () => {
  it('draws x uniformly in [−1, 1)³ and labels it with the teacher network, in (0, 1)', () => {
    const { inputs, targets } = lectureDataset(500, rng('d'), { dtype: 'float64' });
    expect(inputs.shape).toEqual([500, 3]);
    expect(targets.shape).toEqual([500, 1]);
    const xs = Array.from(inputs.data);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...xs)).toBeLessThan(1);
    const ys = Array.from(targets.data);
    expect(Math.min(...ys)).toBeGreaterThan(0);
    expect(Math.max(...ys)).toBeLessThan(1);
    // The targets spread out (not all near ½): standard deviation above 0.2.
    const mean = ys.reduce((s, v) => s + v, 0) / ys.length;
    expect(Math.sqrt(ys.reduce((s, v) => s + (v - mean) ** 2, 0) / ys.length)).toBeGreaterThan(0.2);
  });

  it('uses the documented teacher: y = σ(W₂·σ(W₁x + b₁) + b₂), checked at the first example', () => {
    // Re-derive example 0 from the rng directly: its three features are the first three draws.
    const r = rng('t');
    const x = [r.uniformIn(-1, 1), r.uniformIn(-1, 1), r.uniformIn(-1, 1)];
    const { W1, b1, W2, b2 } = LECTURE_TEACHER;
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    let z2 = b2[0];
    for (let j = 0; j < 4; j++) z2 += W2[0][j] * s(W1[j][0] * x[0] + W1[j][1] * x[1] + W1[j][2] * x[2] + b1[j]);
    const { inputs, targets } = lectureDataset(3, rng('t'), { dtype: 'float64' });
    expect(Array.from(inputs.data.slice(0, 3))).toEqual(x);
    expect(targets.data[0]).toBe(s(z2));
  });

  it('repeats for a seed and defaults to float32', () => {
    const a = lectureDataset(10, rng(1));
    expect(a.inputs.dtype).toBe('float32');
    expect(Array.from(lectureDataset(10, rng(1)).targets.data)).toEqual(Array.from(a.targets.data));
    expect(Array.from(lectureDataset(10, rng(2)).targets.data)).not.toEqual(Array.from(a.targets.data));
    expect(() => lectureDataset(0, rng(1))).toThrow('lectureDataset: n must be a positive integer, got 0');
  });
});
