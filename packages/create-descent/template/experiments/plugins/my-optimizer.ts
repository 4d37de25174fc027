import { defineOptimizer } from '@descent/optim';

/**
 * Your optimizer. This one is momentum whose gradient is clipped coordinate by coordinate before it enters
 * the velocity, so one huge gradient cannot throw the parameters far:
 *   v ← ρ·v + clip(g, −c, c);  θ ← θ − α·v
 * Change the rule, keep the shape: `npm test` runs Descent's conformance kit on it, and
 * `npx exp run sweeps/first.yaml` races it against plain gradient descent and momentum.
 */
export default defineOptimizer({
  name: 'clipped_momentum',
  description: 'momentum with each gradient coordinate clipped to [−c, c] before it enters the velocity',
  rule: 'v ← ρ·v + clip(g, −c, c);  θ ← θ − α·v',
  hyperparameters: {
    // min/max (and log) are the ranges a search draws from: declare them for every hyperparameter. Where the
    // accepted range is open or has an excluded end (momentum < 1), `search` says where tuning draws from.
    lr: { type: 'number', default: 0.01, min: 1e-5, max: 10, log: true, description: 'learning rate α' },
    momentum: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, search: { min: 0, max: 0.99 }, description: 'momentum ρ' },
    clip: { type: 'number', default: 1, min: 1e-3, max: 100, log: true, description: 'largest size c of a gradient coordinate' },
  },
  init: (params) => ({ velocity: params.map((p) => p.map(() => 0)) }),
  update({ params, grads, state, hp }) {
    const velocity = state.velocity as typeof grads;
    params.forEach((theta, p) => {
      for (let i = 0; i < theta.length; i++) {
        const g = Math.min(hp.clip, Math.max(-hp.clip, grads[p][i]));
        velocity[p][i] = hp.momentum * velocity[p][i] + g;
        theta[i] -= hp.lr * velocity[p][i];
      }
    });
    return { params: [...params], state };
  },
});
