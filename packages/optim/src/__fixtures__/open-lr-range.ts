// A plugin whose lr accepts (0, ∞) on a log scale and declares no search range: the benchmark cannot tune it.
export default {
  name: 'open_lr_range',
  description: 'gradient descent with no search range for its learning rate',
  rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.001, min: 0, minExclusive: true, log: true, description: 'learning rate' } },
  init: () => ({}),
  update({ params, grads, state, hp }: { params: Float64Array[]; grads: Float64Array[]; state: object; hp: { lr: number } }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * grads[p][i])));
    return { params, state };
  },
};
