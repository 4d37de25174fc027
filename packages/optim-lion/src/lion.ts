import { defineOptimizer, zeroArrayLike, type FloatArray } from '@descent/optim';

/**
 * Lion, "EvoLved Sign Momentum" (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"):
 *   c = β₁·m + (1 − β₁)·g;   θ ← θ − α·(sign(c) + λθ);   m ← β₂·m + (1 − β₂)·g
 * Every coordinate moves by exactly α (plus decay): the sign throws away the gradient's size, so Lion wants
 * a learning rate 3–10× smaller than AdamW's. The step interpolates with β₁, the memory decays with β₂.
 */
export const lion = defineOptimizer({
  name: 'lion',
  description: 'Lion (Chen et al. 2023): steps of equal size along the sign of an interpolated momentum',
  rule: 'c = β₁·m + (1 − β₁)·g;  θ ← θ − α·(sign(c) + λθ);  m ← β₂·m + (1 − β₂)·g',
  hyperparameters: {
    lr: { type: 'number', default: 1e-4, min: 0, log: true, description: 'learning rate α (the size of every step)' },
    beta1: { type: 'number', default: 0.9, min: 0, max: 1, description: 'β₁: weight of the momentum in the direction c of this step' },
    beta2: { type: 'number', default: 0.99, min: 0, max: 1, description: 'β₂: decay of the momentum m kept between steps' },
    weight_decay: { type: 'number', default: 0, min: 0, description: 'decoupled weight decay λ: subtracts α·λθ' },
  },
  init: (params) => ({ exp_avg: params.map(zeroArrayLike) }),
  update({ params, grads, state, hp }) {
    const { lr, beta1, beta2, weight_decay } = hp;
    const momenta = state.exp_avg as FloatArray[];
    for (let p = 0; p < params.length; p++) {
      const theta = params[p];
      const grad = grads[p];
      const m = momenta[p];
      for (let i = 0; i < theta.length; i++) {
        const direction = Math.sign(beta1 * m[i] + (1 - beta1) * grad[i]);
        theta[i] -= lr * (direction + weight_decay * theta[i]);
        m[i] = beta2 * m[i] + (1 - beta2) * grad[i];
      }
    }
    return { params: params as FloatArray[], state };
  },
});

export default [lion];
