import { describe, expect, it } from 'vitest';
import { rng } from './random.js';

describe('rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = rng(7), b = rng('7'), c = rng(8);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it('derives named streams from the seed, not from how much the parent has drawn', () => {
    const fresh = rng(1).stream('init').uniform();
    const parent = rng(1);
    for (let i = 0; i < 100; i++) parent.uniform();
    expect(parent.stream('init').uniform()).toBe(fresh);
    expect(rng(1).stream('shuffle').uniform()).not.toBe(fresh);
  });

  it('draws uniforms in [0, 1) with the right mean and normals with mean 0, variance 1', () => {
    const r = rng('moments');
    const n = 200_000;
    let su = 0, sn = 0, sn2 = 0, lo = 1, hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      lo = Math.min(lo, u); hi = Math.max(hi, u); su += u;
      const z = r.normal();
      sn += z; sn2 += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    // standard errors: uniform mean 1/sqrt(12n) ~ 6e-4, normal mean 1/sqrt(n) ~ 2.2e-3
    expect(Math.abs(su / n - 0.5)).toBeLessThan(4e-3);
    expect(Math.abs(sn / n)).toBeLessThan(1e-2);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(2e-2);
  });

  it('makes permutations that contain every index once', () => {
    const p = rng(3).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('rejects a non-positive bound for int', () => {
    expect(() => rng(1).int(0)).toThrow(/positive integer \(got 0\)/);
  });
});
