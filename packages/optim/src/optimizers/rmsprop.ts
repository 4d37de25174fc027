import { defineOptimizer, zeroArrayLike, type FloatArray, type OptimizerState } from '../optimizer.js';
import { l2WeightDecay, learningRate } from './_sharedHyperparameters.js';

/**
 * RMSprop as in PyTorch: divide by a running root-mean-square of the gradients.
 *   g ← g + λθ;  v ← a·v + (1 − a)·g²;  centered: ḡ ← a·ḡ + (1 − a)·g, ṽ = v − ḡ²  (else ṽ = v)
 *   momentum μ > 0: b ← μ·b + g / (√ṽ + ε), θ ← θ − α·b;   else θ ← θ − α·g / (√ṽ + ε)
 */
export const rmsprop = defineOptimizer({
  name: 'rmsprop',
  description: 'RMSprop: steps divided by a running root-mean-square of recent gradients',
  rule: 'v ← a·v + (1 − a)·g²;  b ← μ·b + g / (√v + ε);  θ ← θ − α·b',
  hyperparameters: {
    lr: learningRate(0.01, { min: 1e-5, max: 1e-1 }),
    alpha: { type: 'number', default: 0.99, min: 0, max: 1, search: { min: 0.9, max: 0.999 }, description: 'smoothing constant a of the mean square' },
    eps: { type: 'number', default: 1e-8, min: 0, minExclusive: true, log: true, search: false, description: 'ε added to the root mean square' },
    weight_decay: l2WeightDecay,
    momentum: { type: 'number', default: 0, min: 0, max: 1, maxExclusive: true, search: false, description: 'momentum μ of the scaled step (0 = none)' },
    centered: { type: 'boolean', default: false, description: 'divide by an estimate of the variance (v − ḡ²) instead of the mean square' },
  },
  // Buffers exist only when the hyperparameters use them (they are fixed for a run; only lr is scheduled).
  init(params, hp) {
    const state: OptimizerState = { square_avg: params.map(zeroArrayLike) };
    if (hp.momentum > 0) state.momentum_buffer = params.map(zeroArrayLike);
    if (hp.centered) state.grad_avg = params.map(zeroArrayLike);
    return state;
  },
  update({ params, grads, state, hp }) {
    const { lr, alpha, eps, weight_decay, momentum, centered } = hp;
    const squareAvgs = state.square_avg as FloatArray[];
    const momentumBuffers = state.momentum_buffer as FloatArray[] | undefined;
    const gradAvgs = state.grad_avg as FloatArray[] | undefined;
    for (let p = 0; p < params.length; p++) {
      const theta = params[p];
      const grad = grads[p];
      const squareAvg = squareAvgs[p];
      for (let i = 0; i < theta.length; i++) {
        const g = grad[i] + weight_decay * theta[i];
        squareAvg[i] = alpha * squareAvg[i] + (1 - alpha) * g * g;
        let meanSquare = squareAvg[i];
        if (centered) {
          const gradAvg = gradAvgs![p];
          gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g;
          meanSquare -= gradAvg[i] * gradAvg[i];
        }
        const scaled = g / (Math.sqrt(meanSquare) + eps);
        if (momentum > 0) {
          const buffer = momentumBuffers![p];
          buffer[i] = momentum * buffer[i] + scaled;
          theta[i] -= lr * buffer[i];
        } else {
          theta[i] -= lr * scaled;
        }
      }
    }
    return { params: params as FloatArray[], state };
  },
});
