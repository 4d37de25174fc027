// Gradient descent whose declared lrs (0.03 to 0.2) suit a well-conditioned parabola (curvature ≤ 10: stable below
// lr 0.2) but not Rosenbrock's valley (curvature ~1000 at the start): it converges on one and diverges on the other.
export default {
  name: 'diverges_on_rosenbrock',
  description: 'gradient descent searched only at large learning rates',
  rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.1, min: 0, log: true, search: { min: 0.03, max: 0.2, log: true }, description: 'learning rate' } },
  init: () => ({}),
  update({ params, grads, state, hp }: { params: Float64Array[]; grads: Float64Array[]; state: object; hp: { lr: number } }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * grads[p][i])));
    return { params, state };
  },
};
