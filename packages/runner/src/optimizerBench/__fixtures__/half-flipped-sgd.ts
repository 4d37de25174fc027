import { defineOptimizer } from '@descent/optim';

/** A deliberately bad optimizer: SGD with the gradient's sign flipped on every other coordinate (it climbs along those). */
export default defineOptimizer({
  name: 'half-flipped-sgd',
  description: 'SGD that ascends on every other coordinate: the optimizer bench must score it clearly last',
  rule: 'θᵢ ← θᵢ − α·sᵢ·gᵢ, sᵢ = +1 for even i, −1 for odd i (coordinates counted across all parameters)',
  hyperparameters: {
    lr: { type: 'number', default: 0.01, min: 0, log: true, search: { min: 1e-4, max: 1, log: true }, description: 'learning rate α' },
  },
  init: () => ({}),
  update({ params, grads, state, hp }) {
    let coordinate = 0;
    params.forEach((theta, p) => {
      for (let i = 0; i < theta.length; i++, coordinate++) theta[i] -= hp.lr * (coordinate % 2 === 0 ? 1 : -1) * grads[p][i];
    });
    return { params: [...params], state };
  },
});
