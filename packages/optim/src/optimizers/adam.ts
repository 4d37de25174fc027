import { defineOptimizer, zeroArrayLike, type FloatArray, type OptimizerState } from '../optimizer.js';
import { l2WeightDecay, learningRate } from './_sharedHyperparameters.js';

/**
 * Adam as in PyTorch (L2 weight decay added to the gradient; see `adamw` for the decoupled kind):
 *   g ← g + λθ;  m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  m̂ = m / (1 − β₁ᵗ);
 *   v̂ = v / (1 − β₂ᵗ)  (amsgrad: v̂ = max of all v so far / (1 − β₂ᵗ));  θ ← θ − α·m̂ / (√v̂ + ε)   (t = step + 1)
 */
export const adam = defineOptimizer({
  name: 'adam',
  description: 'Adam: momentum on the gradient, divided by the root of a running mean of its square, bias-corrected',
  rule: 'm ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;  θ ← θ − α·m̂ / (√v̂ + ε)',
  hyperparameters: {
    lr: learningRate(0.001, { min: 1e-5, max: 1e-1 }),
    beta1: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, search: { min: 0.5, max: 0.99 }, description: 'decay β₁ of the running mean of gradients' },
    beta2: { type: 'number', default: 0.999, min: 0, max: 1, maxExclusive: true, search: { min: 0.9, max: 0.9999 }, description: 'decay β₂ of the running mean of squared gradients' },
    eps: { type: 'number', default: 1e-8, min: 0, minExclusive: true, log: true, search: false, description: 'ε added to √v̂' },
    weight_decay: l2WeightDecay,
    amsgrad: { type: 'boolean', default: false, description: 'AMSGrad: divide by the largest v seen so far' },
  },
  init(params, hp) {
    const state: OptimizerState = { exp_avg: params.map(zeroArrayLike), exp_avg_sq: params.map(zeroArrayLike) };
    if (hp.amsgrad) state.max_exp_avg_sq = params.map(zeroArrayLike);
    return state;
  },
  update({ params, grads, state, hp, step }) {
    const { lr, beta1, beta2, eps, weight_decay, amsgrad } = hp;
    const firstMoments = state.exp_avg as FloatArray[];
    const secondMoments = state.exp_avg_sq as FloatArray[];
    const maxSecondMoments = state.max_exp_avg_sq as FloatArray[] | undefined;
    const t = step + 1;
    // Both averages start at 0 and so are biased towards 0 early on; dividing by these undoes it.
    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2 = 1 - beta2 ** t;
    for (let p = 0; p < params.length; p++) {
      const theta = params[p];
      const grad = grads[p];
      const m = firstMoments[p];
      const v = secondMoments[p];
      for (let i = 0; i < theta.length; i++) {
        const g = grad[i] + weight_decay * theta[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        let secondMoment = v[i];
        if (amsgrad) {
          const vMax = maxSecondMoments![p];
          if (v[i] > vMax[i]) vMax[i] = v[i];
          secondMoment = vMax[i];
        }
        theta[i] -= (lr * (m[i] / biasCorrection1)) / (Math.sqrt(secondMoment / biasCorrection2) + eps);
      }
    }
    return { params: params as FloatArray[], state };
  },
});
