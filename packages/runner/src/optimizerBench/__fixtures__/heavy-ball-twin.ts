import { defineOptimizer } from '@descent/optim';

/**
 * Heavy ball whose velocity forgets a little more (ρ·0.97): on the noisy ravine it lands within noise of the
 * built-in momentum, so three paired replicates cannot tell them apart and the bench must add replicates.
 */
export default defineOptimizer({
  name: 'heavy-ball-twin',
  description: 'heavy-ball momentum with its velocity decayed by a further 3 % each step',
  rule: 'v ← 0.97·ρ·v + g;  θ ← θ − α·v',
  hyperparameters: {
    lr: { type: 'number', default: 0.01, min: 0, log: true, search: { min: 1e-4, max: 1, log: true }, description: 'learning rate α' },
    momentum: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, search: { min: 0, max: 0.99 }, description: 'momentum ρ' },
  },
  init: (params) => ({ velocity: params.map((p) => new Float64Array(p.length)) }),
  update({ params, grads, state, hp }) {
    const velocity = state.velocity as Float64Array[];
    params.forEach((theta, p) => {
      for (let i = 0; i < theta.length; i++) {
        velocity[p][i] = 0.97 * hp.momentum * velocity[p][i] + grads[p][i];
        theta[i] -= hp.lr * velocity[p][i];
      }
    });
    return { params: [...params], state };
  },
});
