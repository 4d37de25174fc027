// A valid plugin: one optimizer exported both as default and by name (counted once), one more by name.
const declarations = {
  lr: { type: 'number', default: 0.01, min: 0, log: true, description: 'learning rate' },
} as const;

export const fixtureDescent = {
  name: 'fixture_descent',
  description: 'gradient descent, for the plugin loader tests',
  rule: 'θ ← θ − α·g',
  hyperparameters: declarations,
  init: () => ({}),
  update({ params, grads, state, hp }: { params: Float64Array[]; grads: Float64Array[]; state: object; hp: { lr: number } }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * grads[p][i])));
    return { params, state };
  },
};

export const fixtureHalfDescent = { ...fixtureDescent, name: 'fixture_half_descent', description: 'half-size steps, for the plugin loader tests' };

export const notAnOptimizer = { colour: 'blue' };

export default fixtureDescent;
