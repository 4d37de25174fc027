import { defineLandscape } from './landscape.js';

/**
 * f(x, y) = x² − y² + y⁴/2, ∇f = (2x, −2y + 2y³). A saddle at the origin (Hessian diag(2, −2), f = 0)
 * between two minima at (0, ±1) (Hessian diag(2, 4), f = −½). The start (1, 0.001) sits almost on the
 * saddle's stable manifold (the x axis): gradient descent first slides to the saddle and waits there while
 * y grows by only (1 + 2·lr) per step. Good sweep values: lr 0.01, where GD needs ≈ 370 steps to get below
 * f = −0.45 (still near the saddle, f ≈ 0, at step 200) while heavy ball with ρ = 0.9 (same lr) needs ≈ 70:
 * momentum compounds the small push along y (checked in behaviour.test.ts).
 */
export const saddle = defineLandscape({
  name: 'saddle',
  description: 'x² − y² + y⁴/2: a saddle at the origin between minima at (0, ±1); starting near its stable manifold, gradient descent stalls',
  settings: {},
  start: [1, 1e-3],
  domain: { x: [-1.2, 1.2], y: [-1.5, 1.5] },
  points: [
    { x: 0, y: 0, kind: 'saddle' },
    { x: 0, y: 1, kind: 'global minimum' },
    { x: 0, y: -1, kind: 'global minimum' },
  ],
  value: (x, y) => x * x - y * y + (y * y * y * y) / 2,
  gradient(x, y, _params, out) {
    out[0] = 2 * x;
    out[1] = -2 * y + 2 * y * y * y;
  },
});
