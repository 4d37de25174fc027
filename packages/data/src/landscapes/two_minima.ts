import { defineLandscape } from './landscape.js';

/**
 * Roots of x³ − x + 0.075 = 0, where ∂f/∂x = 4x³ − 4x + 0.3 vanishes. Three real roots by the
 * trigonometric formula for t³ + pt + q = 0 (p = −1, q = 0.075):
 *   t_k = 2·√(−p/3)·cos(⅓·arccos((3q / 2p)·√(−3/p)) − 2πk/3),  k = 0, 1, 2.
 */
function criticalXs(): [number, number, number] {
  const p = -1;
  const q = 0.075;
  const amplitude = 2 * Math.sqrt(-p / 3);
  const phase = Math.acos(((3 * q) / (2 * p)) * Math.sqrt(-3 / p)) / 3;
  const roots = [0, 1, 2].map((k) => amplitude * Math.cos(phase - (2 * Math.PI * k) / 3)).sort((a, b) => a - b);
  return [roots[0], roots[1], roots[2]];
}

const [deepX, barrierX, shallowX] = criticalXs(); // ≈ −1.0356, 0.0754, 0.9601

/**
 * f(x, y) = (x² − 1)² + 0.3·x + ½·y², ∇f = (4x³ − 4x + 0.3, y): a double well along x tilted so the left
 * well (x ≈ −1.036, f ≈ −0.305) is the global minimum and the right one (x ≈ 0.960, f ≈ 0.294) a shallow
 * local minimum behind a barrier at x ≈ 0.0754 (f ≈ 1.01). From the start (2, 1) plain gradient descent
 * stops in the right (local) well (every lr we tried, 0.001 to 0.049; a trap: lr ≈ 0.08 to 0.16 jumps the barrier
 * in one overshooting first step, which is not momentum's crossing), while heavy ball with ρ = 0.9 carries enough speed
 * over the barrier and settles in the global well for lr in about [0.003, 0.021]. Good sweep values:
 * lr 0.01 with momentum 0 vs 0.9 (checked in behaviour.test.ts).
 */
export const twoMinima = defineLandscape({
  name: 'two_minima',
  description: 'A tilted double well (x² − 1)² + 0.3x + ½y²: a shallow local minimum on the right, the global one on the left',
  settings: {},
  start: [2, 1],
  domain: { x: [-2, 2.2], y: [-1.2, 1.2] },
  points: [
    { x: deepX, y: 0, kind: 'global minimum' },
    { x: shallowX, y: 0, kind: 'local minimum' },
    { x: barrierX, y: 0, kind: 'saddle' },
  ],
  value(x, y) {
    const well = x * x - 1;
    return well * well + 0.3 * x + 0.5 * y * y;
  },
  gradient(x, y, _params, out) {
    out[0] = 4 * x * x * x - 4 * x + 0.3;
    out[1] = y;
  },
});
