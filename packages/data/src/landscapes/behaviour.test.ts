import { withDefaults } from '@descent/settings';
import { describe, expect, it } from 'vitest';
import type { Landscape } from './landscape.js';
import { ravine } from './ravine.js';
import { saddle } from './saddle.js';
import { twoMinima } from './two_minima.js';

/**
 * Heavy-ball momentum written out here, independent of the optim package:
 *   v ← ρ·v + ∇f(p),  p ← p − lr·v   (ρ = 0 is plain gradient descent).
 * Returns the path, start included.
 */
function descend(landscape: Landscape, lr: number, rho: number, steps: number): [number, number][] {
  const params = withDefaults(landscape.settings, {});
  const g = new Float64Array(2);
  let [x, y] = landscape.start;
  let vx = 0;
  let vy = 0;
  const path: [number, number][] = [[x, y]];
  for (let t = 0; t < steps; t++) {
    landscape.gradient(x, y, params, g);
    vx = rho * vx + g[0];
    vy = rho * vy + g[1];
    x -= lr * vx;
    y -= lr * vy;
    path.push([x, y]);
  }
  return path;
}

const valueAt = (landscape: Landscape, [x, y]: [number, number]) => landscape.value(x, y, withDefaults(landscape.settings, {}));

describe('saddle: gradient descent stalls near the saddle, momentum escapes (lr 0.01, ρ 0.9)', () => {
  const firstStepBelow = (path: [number, number][], level: number) => path.findIndex((p) => valueAt(saddle, p) < level);

  it('plain GD is still at the saddle after 200 steps', () => {
    const path = descend(saddle, 0.01, 0, 200);
    const [x, y] = path[200];
    // x has shrunk by 0.98^200 ≈ 0.018, y grown only by 1.02^200 ≈ 52 from 0.001: f ≈ 0, the saddle's value.
    expect(Math.abs(x)).toBeLessThan(0.05);
    expect(Math.abs(y)).toBeLessThan(0.1);
    expect(Math.abs(valueAt(saddle, path[200]))).toBeLessThan(0.01);
  });

  it('heavy ball reaches a minimum (f = −½) several times sooner than GD', () => {
    const gd = firstStepBelow(descend(saddle, 0.01, 0, 2000), -0.45);
    const heavyBall = firstStepBelow(descend(saddle, 0.01, 0.9, 2000), -0.45);
    expect(gd).toBeGreaterThan(300); // a stall, not a trap: GD does get there eventually
    expect(heavyBall).toBeGreaterThan(0);
    expect(heavyBall).toBeLessThan(100);
    expect(gd / heavyBall).toBeGreaterThan(3);
    const end = descend(saddle, 0.01, 0.9, 2000)[2000];
    expect(Math.abs(end[0])).toBeLessThan(1e-3);
    expect(Math.abs(Math.abs(end[1]) - 1)).toBeLessThan(1e-3);
  });
});

describe('two_minima: GD stops in the local minimum, momentum reaches the global one (lr 0.01, ρ 0.9)', () => {
  const [global, local] = twoMinima.points;

  it('plain GD settles in the shallow right-hand well', () => {
    const end = descend(twoMinima, 0.01, 0, 3000)[3000];
    expect(end[0]).toBeCloseTo(local.x, 6);
    expect(end[1]).toBeCloseTo(0, 6);
  });

  it('heavy ball crosses the barrier and settles in the deeper left-hand well', () => {
    const path = descend(twoMinima, 0.01, 0.9, 3000);
    expect(path[3000][0]).toBeCloseTo(global.x, 6);
    expect(path[3000][1]).toBeCloseTo(0, 6);
    expect(valueAt(twoMinima, path[3000])).toBeLessThan(valueAt(twoMinima, [local.x, 0]) - 0.5);
  });

  it('the documented lr range for heavy ball (0.003 … 0.021) all reach the global minimum', () => {
    for (const lr of [0.003, 0.006, 0.01, 0.015, 0.021]) {
      const end = descend(twoMinima, lr, 0.9, 6000)[6000];
      expect(end[0], `lr ${lr}`).toBeCloseTo(global.x, 4);
    }
  });

  it('the critical points are where the documentation says', () => {
    // The roots of x³ − x + 0.075 = 0 quoted in two_minima.ts, to 4 decimals. The barrier by hand:
    // x = 0.075 + x³ ≈ 0.075 + 0.075³ = 0.07542; f there = (x² − 1)² + 0.3x ≈ 0.98866 + 0.02263 = 1.0113.
    expect(twoMinima.points.map((p) => Number(p.x.toFixed(4)))).toEqual([-1.0356, 0.9601, 0.0754]);
    expect(valueAt(twoMinima, [twoMinima.points[2].x, 0])).toBeCloseTo(1.0113, 3);
  });
});

describe('ravine: at lr 0.035 GD zig-zags across the valley and creeps along it', () => {
  it('y changes sign every step while |x| shrinks by (1 − lr) per step', () => {
    const path = descend(ravine, 0.035, 0, 20);
    for (let t = 1; t <= 20; t++) {
      expect(Math.sign(path[t][1])).toBe(-Math.sign(path[t - 1][1]));
      // y ← (1 − 0.035·50)·y = −0.75·y;  x ← (1 − 0.035)·x
      expect(path[t][1]).toBeCloseTo(-0.75 * path[t - 1][1], 12);
      expect(path[t][0]).toBeCloseTo(0.965 * path[t - 1][0], 12);
    }
  });
  it('diverges above lr = 2/κ = 0.04', () => {
    const path = descend(ravine, 0.041, 0, 200);
    expect(Math.abs(path[200][1])).toBeGreaterThan(Math.abs(path[0][1]));
  });
});
