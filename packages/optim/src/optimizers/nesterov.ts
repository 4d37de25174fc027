import { defineOptimizer } from '../optimizer.js';
import { momentum } from './momentum.js';

/**
 * Nesterov momentum in PyTorch's form, nameable on its own: `momentum` with nesterov on and no dampening.
 *   v ← ρ·v + g  (v₁ = g);   θ ← θ − α·(g + ρ·v)
 */
export const nesterov = defineOptimizer({
  name: 'nesterov',
  description: "Nesterov's accelerated gradient (PyTorch SGD with nesterov=True): looks ahead along the velocity",
  rule: 'v ← ρ·v + g  (v₁ = g);  θ ← θ − α·(g + ρ·v)',
  hyperparameters: {
    lr: momentum.hyperparameters.lr,
    momentum: momentum.hyperparameters.momentum,
    weight_decay: momentum.hyperparameters.weight_decay,
  },
  init: (params, hp) => momentum.init(params, { ...hp, dampening: 0, nesterov: true }),
  update: (input) => momentum.update({ ...input, hp: { ...input.hp, dampening: 0, nesterov: true } }),
});
