import { defineOptimizer, zeroArrayLike, type FloatArray } from '../optimizer.js';
import { l2WeightDecay, learningRate, momentumSearch } from './_sharedHyperparameters.js';

/**
 * Heavy-ball momentum exactly as in the lecture and in PyTorch's SGD:
 *   v ← ρ·v + g   (v₀ = 0, so the first step is v₁ = g),   θ ← θ − α·v.
 * With PyTorch's options: `dampening` τ scales the new gradient, v ← ρ·v + (1 − τ)·g, except on the
 * first step, where PyTorch sets v₁ = g undamped; `nesterov` steps along g + ρ·v instead of v;
 * `weight_decay` λ adds λθ to g first. With ρ = 0 there is no velocity at all (plain SGD, as in PyTorch).
 *
 * The other common convention puts α inside the velocity: v ← ρ·v + α·g, θ ← θ − v. The two give the
 * same steps while α is constant. Under a learning-rate schedule they differ: here a change of α rescales
 * the whole velocity at once; in the other convention it only weighs the gradients that arrive from then on.
 */
export const momentum = defineOptimizer({
  name: 'momentum',
  description: 'Heavy-ball momentum (PyTorch SGD with momentum): a velocity accumulates past gradients',
  rule: 'v ← ρ·v + (1 − τ)·g  (v₁ = g);  θ ← θ − α·v  (nesterov: θ ← θ − α·(g + ρ·v))',
  hyperparameters: {
    lr: learningRate(0.01, { min: 1e-4, max: 1 }),
    momentum: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, search: momentumSearch, description: 'momentum ρ: the fraction of the velocity kept each step' },
    dampening: { type: 'number', default: 0, min: 0, max: 1, search: false, description: 'dampening τ: the new gradient enters the velocity as (1 − τ)·g (not on the first step)' },
    nesterov: { type: 'boolean', default: false, description: "Nesterov's variant: step along g + ρ·v" },
    weight_decay: l2WeightDecay,
  },
  init: (params) => ({ velocity: params.map(zeroArrayLike) }),
  update({ params, grads, state, hp, step }) {
    const { lr, momentum: rho, dampening, nesterov, weight_decay } = hp;
    const velocity = state.velocity as FloatArray[];
    // PyTorch creates the buffer from the first gradient as it is: v₁ = g, with no dampening.
    const gradientWeight = step === 0 ? 1 : 1 - dampening;
    if (rho !== 0 && weight_decay === 0 && !nesterov && gradientWeight === 1) {
      // The lecture's rule and the common case: a loop with nothing else in it (a quarter of a small
      // network's step went to the general loop below). Same arithmetic, so the same bits.
      for (let p = 0; p < params.length; p++) heavyBall(params[p], grads[p], velocity[p], lr, rho);
      return { params: params as FloatArray[], state };
    }
    for (let p = 0; p < params.length; p++) {
      const theta = params[p];
      const grad = grads[p];
      const v = velocity[p];
      for (let i = 0; i < theta.length; i++) {
        const g = grad[i] + weight_decay * theta[i];
        if (rho === 0) {
          theta[i] -= lr * g;
          continue;
        }
        v[i] = rho * v[i] + gradientWeight * g;
        // Read back v[i] (not the double we computed) so float32 runs use the stored velocity, as PyTorch does.
        theta[i] -= lr * (nesterov ? g + rho * v[i] : v[i]);
      }
    }
    return { params: params as FloatArray[], state };
  },
});

/**
 * v ← ρ·v + g; θ ← θ − α·v, reading back the stored v (float32 runs use the rounded velocity, as PyTorch).
 * Four elements per turn of the loop: V8 does not unroll, and a large layer's update (100k parameters) took
 * 20% less time this way. Each element's arithmetic is the same, so are its bits.
 */
function heavyBall(theta: FloatArray, grad: FloatArray, v: FloatArray, lr: number, rho: number): void {
  const n = theta.length;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    v[i] = rho * v[i] + grad[i];
    theta[i] -= lr * v[i];
    v[i + 1] = rho * v[i + 1] + grad[i + 1];
    theta[i + 1] -= lr * v[i + 1];
    v[i + 2] = rho * v[i + 2] + grad[i + 2];
    theta[i + 2] -= lr * v[i + 2];
    v[i + 3] = rho * v[i + 3] + grad[i + 3];
    theta[i + 3] -= lr * v[i + 3];
  }
  for (; i < n; i++) {
    v[i] = rho * v[i] + grad[i];
    theta[i] -= lr * v[i];
  }
}
