import { defineOptimizer } from '@descent/optim';

/** SGD whose declared search range holds only learning rates far too large: tuned anywhere in it, it diverges everywhere. */
export default defineOptimizer({
  name: 'reckless-sgd',
  description: 'SGD searched only at learning rates 100 to 10,000: every bench run diverges',
  rule: 'θ ← θ − α·g',
  hyperparameters: {
    lr: { type: 'number', default: 0.01, min: 0, log: true, search: { min: 100, max: 10000, log: true }, description: 'learning rate α' },
  },
  init: () => ({}),
  update({ params, grads, state, hp }) {
    params.forEach((theta, p) => {
      for (let i = 0; i < theta.length; i++) theta[i] -= hp.lr * grads[p][i];
    });
    return { params: [...params], state };
  },
});
