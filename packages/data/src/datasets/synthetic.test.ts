import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset.js';
import { blobs } from './blobs.js';
import { circles } from './circles.js';
import { moons } from './moons.js';
import { spirals } from './spirals.js';
import { xor } from './xor.js';

const ctx = { baseDir: '.' };
const point = (data: Dataset, i: number) => [data.x[2 * i], data.x[2 * i + 1]] as const;
const count = (labels: ArrayLike<number>, value: number) => Array.from(labels).filter((l) => l === value).length;

describe('xor', () => {
  it('labels 1 exactly where the corner coordinates have opposite signs', () => {
    const data = xor.load({ size: 200, noise: 0.1 }, rng(3), ctx);
    for (let i = 0; i < data.n; i++) {
      const [x, y] = point(data, i);
      // With jitter σ = 0.1 no point crosses an axis (that would take a 10σ draw).
      expect(data.y[i]).toBe(x * y < 0 ? 1 : 0);
    }
    expect(count(data.y, 1)).toBe(100);
  });
});

describe('moons', () => {
  it('without noise, lies on the two half circles of make_moons', () => {
    const data = moons.load({ size: 101, noise: 0 }, rng(1), ctx);
    expect(count(data.y, 0)).toBe(50); // ⌊101/2⌋ on the upper arc
    for (let i = 0; i < data.n; i++) {
      const [x, y] = point(data, i);
      if (data.y[i] === 0) {
        expect(x * x + y * y).toBeCloseTo(1, 12);
        expect(y).toBeGreaterThanOrEqual(-1e-12);
      } else {
        expect((x - 1) ** 2 + (y - 0.5) ** 2).toBeCloseTo(1, 12);
        expect(y).toBeLessThanOrEqual(0.5 + 1e-12);
      }
    }
    // linspace(0, π, 50) includes both ends: the upper arc runs from (1, 0) to (−1, 0).
    expect(point(data, 0)[0]).toBeCloseTo(1, 12);
    expect(point(data, 49)[0]).toBeCloseTo(-1, 12);
    // The lower arc starts at 1 − cos 0 = 0, ½ − sin 0 = ½.
    expect(point(data, 50)[0]).toBeCloseTo(0, 12);
    expect(point(data, 50)[1]).toBeCloseTo(0.5, 12);
  });

  it('noise is Gaussian with the given standard deviation', () => {
    const clean = moons.load({ size: 4000, noise: 0 }, rng(1), ctx);
    const noisy = moons.load({ size: 4000, noise: 0.2 }, rng(1), ctx);
    let sumSquares = 0;
    for (let k = 0; k < clean.x.length; k++) sumSquares += (noisy.x[k] - clean.x[k]) ** 2;
    // 8000 draws: the sample standard deviation is within a few % of 0.2.
    expect(Math.sqrt(sumSquares / clean.x.length)).toBeCloseTo(0.2, 2);
  });
});

describe('circles', () => {
  it('without noise, puts label 0 on the unit circle and label 1 at radius factor', () => {
    const data = circles.load({ size: 100, noise: 0, factor: 0.3 }, rng(1), ctx);
    for (let i = 0; i < data.n; i++) expect(Math.hypot(...point(data, i))).toBeCloseTo(data.y[i] === 0 ? 1 : 0.3, 12);
    expect(count(data.y, 1)).toBe(50);
    // Angles 2πi/50 with the end excluded: no point repeats (0 and 2π would coincide).
    expect(point(data, 0)[0]).toBeCloseTo(1, 12);
    expect(point(data, 0)[1]).toBeCloseTo(0, 12);
    expect(point(data, 49)[1]).toBeLessThan(0);
  });
});

describe('spirals', () => {
  it('without noise, the two arms are point reflections with radius growing to 1', () => {
    const data = spirals.load({ size: 100, noise: 0, turns: 1.5 }, rng(1), ctx);
    expect(count(data.y, 0)).toBe(50);
    for (let j = 0; j < 50; j++) {
      const [x0, y0] = point(data, j);
      const [x1, y1] = point(data, 50 + j);
      expect(data.y[j]).toBe(0);
      expect(data.y[50 + j]).toBe(1);
      expect(x1).toBeCloseTo(-x0, 12);
      expect(y1).toBeCloseTo(-y0, 12);
      expect(Math.hypot(x0, y0)).toBeCloseTo((j + 1) / 50, 12);
    }
    // The last point of arm 0: t = 1, angle 2π·1.5 = 3π → (−1, 0).
    expect(point(data, 49)[0]).toBeCloseTo(-1, 12);
    expect(point(data, 49)[1]).toBeCloseTo(0, 12);
  });
});

describe('blobs', () => {
  it('centres its classes evenly on a circle of radius 2', () => {
    const classes = 4;
    const data = blobs.load({ size: 4000, classes, spread: 0.1 }, rng(5), ctx);
    expect(data.outputDim).toBe(4);
    for (let k = 0; k < classes; k++) {
      let sx = 0;
      let sy = 0;
      for (let i = k; i < data.n; i += classes) {
        expect(data.y[i]).toBe(k);
        sx += data.x[2 * i];
        sy += data.x[2 * i + 1];
      }
      // Centre of class k: 2·(cos 2πk/4, sin 2πk/4) = (2,0), (0,2), (−2,0), (0,−2); 1000 draws of σ 0.1: mean within ~0.01.
      expect(sx / 1000).toBeCloseTo([2, 0, -2, 0][k], 1);
      expect(sy / 1000).toBeCloseTo([0, 2, 0, -2][k], 1);
    }
  });
});
