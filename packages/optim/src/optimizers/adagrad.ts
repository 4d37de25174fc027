import { defineOptimizer, fullArrayLike, type FloatArray } from '../optimizer.js';
import { l2WeightDecay, learningRate } from './_sharedHyperparameters.js';

/**
 * Adagrad as in PyTorch: each coordinate's step shrinks with the sum of its squared gradients.
 *   α̃ = α / (1 + (t − 1)·η);  g ← g + λθ;  s ← s + g²;  θ ← θ − α̃·g / (√s + ε)     (t = step + 1)
 */
export const adagrad = defineOptimizer({
  name: 'adagrad',
  description: 'Adagrad: per-coordinate steps scaled by the root of the summed squared gradients',
  rule: 'α̃ = α / (1 + (t − 1)·η);  s ← s + g²;  θ ← θ − α̃·g / (√s + ε)',
  hyperparameters: {
    lr: learningRate(0.01, { min: 1e-3, max: 1 }), // its steps shrink as squares accumulate, so it wants larger α than sgd
    lr_decay: { type: 'number', default: 0, min: 0, search: false, description: 'learning-rate decay η: α̃ = α / (1 + (t − 1)·η)' },
    weight_decay: l2WeightDecay,
    initial_accumulator_value: { type: 'number', default: 0, min: 0, search: false, description: 'starting value of the sum of squares s' },
    eps: { type: 'number', default: 1e-10, min: 0, minExclusive: true, log: true, search: false, description: 'ε added to √s to avoid dividing by zero' },
  },
  init: (params, hp) => ({ sum: params.map((p) => fullArrayLike(p, hp.initial_accumulator_value)) }),
  update({ params, grads, state, hp, step }) {
    const { lr, lr_decay, weight_decay, eps } = hp;
    const sums = state.sum as FloatArray[];
    const decayedLr = lr / (1 + step * lr_decay);
    for (let p = 0; p < params.length; p++) {
      const theta = params[p];
      const grad = grads[p];
      const sum = sums[p];
      for (let i = 0; i < theta.length; i++) {
        const g = grad[i] + weight_decay * theta[i];
        sum[i] += g * g;
        theta[i] -= (decayedLr * g) / (Math.sqrt(sum[i]) + eps);
      }
    }
    return { params: params as FloatArray[], state };
  },
});
