import { defineLandscape } from './landscape.js';

/**
 * f(x, y) = ½(x² + κ·y²), ∇f = (x, κ·y): a long narrow valley along x with curvature 1 across x and κ
 * across y. Gradient descent is stable only for lr < 2/κ (0.04 at κ = 50) and then creeps along x by a
 * factor (1 − lr) per step. Good sweep values at κ = 50: lr 0.035 (y flips sign every step: the
 * zig-zag, factor 1 − 35·0.05 = −0.75, while x needs ~130 steps to shrink 100×); lr 0.01 (no zig-zag,
 * x creeps: ~460 steps); heavy ball ρ = 0.9 with lr 0.01 to see momentum speed up the creep.
 */
export const ravine = defineLandscape({
  name: 'ravine',
  description: 'Ill-conditioned quadratic ½(x² + κ·y²): a narrow valley where gradient descent zig-zags across y and creeps along x',
  settings: {
    condition: { type: 'number', default: 50, min: 1, max: 1e6, log: true, description: 'Condition number κ: curvature across the valley ÷ curvature along it' },
  },
  start: [-2, 0.5],
  domain: { x: [-2.5, 2.5], y: [-1, 1] },
  points: [{ x: 0, y: 0, kind: 'global minimum' }],
  value: (x, y, params) => 0.5 * (x * x + params.condition * y * y),
  gradient(x, y, params, out) {
    out[0] = x;
    out[1] = params.condition * y;
  },
});
