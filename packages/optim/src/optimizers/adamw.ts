import { defineOptimizer } from '../optimizer.js';
import { adam } from './adam.js';

/**
 * AdamW (Loshchilov & Hutter) as in PyTorch: weight decay decoupled from the gradient, applied first,
 *   θ ← θ·(1 − α·λ),  then the Adam step on the undecayed gradient.
 */
export const adamw = defineOptimizer({
  name: 'adamw',
  description: 'AdamW: Adam with decoupled weight decay (shrinks θ directly instead of adding λθ to g)',
  rule: 'θ ← θ·(1 − α·λ);  m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  θ ← θ − α·m̂ / (√v̂ + ε)',
  hyperparameters: {
    ...adam.hyperparameters,
    weight_decay: { type: 'number', default: 0.01, min: 0, search: false, description: 'decoupled weight decay λ: θ ← θ·(1 − α·λ) each step' },
  },
  init: (params, hp) => adam.init(params, { ...hp, weight_decay: 0 }),
  update(input) {
    const shrink = 1 - input.hp.lr * input.hp.weight_decay;
    for (const theta of input.params) for (let i = 0; i < theta.length; i++) theta[i] *= shrink;
    return adam.update({ ...input, hp: { ...input.hp, weight_decay: 0 } });
  },
});
