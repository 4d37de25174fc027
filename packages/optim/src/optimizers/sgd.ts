import { defineOptimizer, type FloatArray } from '../optimizer.js';
import { l2WeightDecay, learningRate } from './_sharedHyperparameters.js';

/** Plain gradient descent with PyTorch's L2 weight decay: g ← g + λθ;  θ ← θ − α·g. */
export const sgd = defineOptimizer({
  name: 'sgd',
  description: 'Stochastic gradient descent: a step of size α against the gradient',
  rule: 'g ← g + λθ;  θ ← θ − α·g',
  hyperparameters: {
    lr: learningRate(0.01, { min: 1e-4, max: 1 }),
    weight_decay: l2WeightDecay,
  },
  init: () => ({}),
  update({ params, grads, state, hp }) {
    const { lr, weight_decay } = hp;
    for (let p = 0; p < params.length; p++) {
      const theta = params[p];
      const grad = grads[p];
      for (let i = 0; i < theta.length; i++) theta[i] -= lr * (grad[i] + weight_decay * theta[i]);
    }
    // Updated in place: the arrays given are the arrays returned, no allocation per step.
    return { params: params as FloatArray[], state };
  },
});
