// A valid plugin written in plain JavaScript (no build step, no imports).
export const fixtureSignDescent = {
  name: 'fixture_sign_descent',
  description: 'steps of size α along the sign of the gradient, in plain JavaScript',
  rule: 'θ ← θ − α·sign(g)',
  hyperparameters: { lr: { type: 'number', default: 0.01, min: 0, log: true, description: 'learning rate' } },
  init: () => ({}),
  update({ params, grads, state, hp }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * Math.sign(grads[p][i]))));
    return { params, state };
  },
};
