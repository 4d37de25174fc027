import { declarationProblem, withDefaults } from '@descent/settings';
import type { SettingValues, Settings } from '@descent/settings';
import { describe, expect, it } from 'vitest';
import type { Landscape } from './landscape.js';
import { landscapes } from './registry.js';

const defaults = (landscape: Landscape) => withDefaults(landscape.settings, {});

/** Central difference of the value: (f(p + h·e) − f(p − h·e)) / 2h, error O(h²). */
function numericGradient(landscape: Landscape, x: number, y: number, params: SettingValues<Settings>): [number, number] {
  const h = 1e-6;
  return [
    (landscape.value(x + h, y, params) - landscape.value(x - h, y, params)) / (2 * h),
    (landscape.value(x, y + h, params) - landscape.value(x, y - h, params)) / (2 * h),
  ];
}

/** Hessian by second differences of the value alone (independent of `gradient`). */
function numericHessian(landscape: Landscape, x: number, y: number, params: SettingValues<Settings>) {
  const h = 1e-4;
  const f = (dx: number, dy: number) => landscape.value(x + dx, y + dy, params);
  const xx = (f(h, 0) - 2 * f(0, 0) + f(-h, 0)) / (h * h);
  const yy = (f(0, h) - 2 * f(0, 0) + f(0, -h)) / (h * h);
  const xy = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h);
  return { xx, yy, xy, det: xx * yy - xy * xy };
}

describe('landscape registry', () => {
  it('lists the landscapes and answers a typo with the closest name', () => {
    expect(landscapes.names()).toEqual(['ravine', 'rosenbrock', 'saddle', 'two_minima']);
    expect(landscapes.get('saddle').name).toBe('saddle');
    expect(() => landscapes.get('rosenbrok')).toThrow(`unknown landscape 'rosenbrok'; did you mean 'rosenbrock'? (expected one of ravine, rosenbrock, saddle, two_minima)`);
  });
});

describe.each(landscapes.list().map((landscape) => [landscape.name, landscape] as const))('%s', (_name, landscape) => {
  const params = defaults(landscape);
  const samplePoints: [number, number][] = [[0.3, -0.7], [-1.2, 0.4], [1.7, 1.1], [-0.05, 0.02], landscape.start];

  it('declares valid settings, and its start and points lie in its domain', () => {
    for (const [key, setting] of Object.entries(landscape.settings)) expect(declarationProblem(key, setting)).toBeNull();
    const inside = ([x, y]: readonly number[]) =>
      x >= landscape.domain.x[0] && x <= landscape.domain.x[1] && y >= landscape.domain.y[0] && y <= landscape.domain.y[1];
    expect(inside(landscape.start)).toBe(true);
    for (const point of landscape.points) expect(inside([point.x, point.y]), `${point.kind} at (${point.x}, ${point.y})`).toBe(true);
    expect(landscape.points.some((point) => point.kind === 'global minimum')).toBe(true);
  });

  it('gradient matches central finite differences', () => {
    const out = new Float64Array(2);
    for (const [x, y] of samplePoints) {
      landscape.gradient(x, y, params, out);
      const [gx, gy] = numericGradient(landscape, x, y, params);
      const scale = 1 + Math.hypot(gx, gy);
      expect(Math.abs(out[0] - gx) / scale, `∂f/∂x at (${x}, ${y})`).toBeLessThan(1e-6);
      expect(Math.abs(out[1] - gy) / scale, `∂f/∂y at (${x}, ${y})`).toBeLessThan(1e-6);
    }
  });

  it('listed points have zero gradient and the right Hessian signature', () => {
    const out = new Float64Array(2);
    for (const point of landscape.points) {
      landscape.gradient(point.x, point.y, params, out);
      expect(Math.hypot(out[0], out[1]), `gradient at the ${point.kind}`).toBeLessThan(1e-12);
      const hessian = numericHessian(landscape, point.x, point.y, params);
      if (point.kind === 'saddle') {
        expect(hessian.det, 'a saddle has eigenvalues of both signs').toBeLessThan(0);
      } else {
        expect(hessian.det, 'a minimum has two positive eigenvalues').toBeGreaterThan(0);
        expect(hessian.xx).toBeGreaterThan(0);
      }
    }
  });

  it('a global minimum is no higher than any other listed point or sample', () => {
    const best = Math.min(...landscape.points.filter((p) => p.kind === 'global minimum').map((p) => landscape.value(p.x, p.y, params)));
    for (const p of landscape.points) expect(landscape.value(p.x, p.y, params)).toBeGreaterThanOrEqual(best - 1e-12);
    for (const [x, y] of samplePoints) expect(landscape.value(x, y, params)).toBeGreaterThan(best);
  });
});

describe('settings change the function', () => {
  it('ravine: κ scales the curvature across the valley', () => {
    const ravine = landscapes.get('ravine');
    const out = new Float64Array(2);
    ravine.gradient(0.5, 0.5, { condition: 10 }, out);
    expect(Array.from(out)).toEqual([0.5, 5]); // ∇½(x² + 10y²) = (x, 10y)
    expect(ravine.value(1, 1, { condition: 10 })).toBe(5.5);
  });
  it('rosenbrock: hand values at b = 100 and gradient check at b = 3', () => {
    const rosenbrock = landscapes.get('rosenbrock');
    // (−1.5, 2): (1 + 1.5)² + 100·(2 − 2.25)² = 6.25 + 6.25 = 12.5
    expect(rosenbrock.value(-1.5, 2, { b: 100 })).toBeCloseTo(12.5, 12);
    const out = new Float64Array(2);
    rosenbrock.gradient(0.4, -0.3, { b: 3 }, out);
    const [gx, gy] = numericGradient(rosenbrock, 0.4, -0.3, { b: 3 });
    expect(out[0]).toBeCloseTo(gx, 6);
    expect(out[1]).toBeCloseTo(gy, 6);
  });
});
