import { defineOptimizer } from '@descent/optim';

/** Signum (Bernstein et al. 2018, "signSGD"): m ← β·m + (1 − β)·g;  θ ← θ − α·sign(m). */
export default defineOptimizer({
  name: 'signum',
  description: 'Signum: steps of size α along the sign of the momentum (signSGD with momentum)',
  rule: 'm ← β·m + (1 − β)·g;  θ ← θ − α·sign(m)',
  hyperparameters: {
    lr: { type: 'number', default: 1e-3, min: 0, log: true, search: { min: 1e-5, max: 1e-1, log: true }, description: 'learning rate α (the size of every step)' },
    momentum: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, search: { min: 0, max: 0.99 }, description: 'momentum β' },
  },
  // Only the sign of m reaches θ: scaling every gradient by c > 0 scales m and changes nothing.
  invariances: ['gradient-scale'],
  init: (params) => ({ momentum: params.map((p) => p.map(() => 0)) }),
  update({ params, grads, state, hp }) {
    const momenta = state.momentum as typeof grads;
    params.forEach((theta, p) => {
      for (let i = 0; i < theta.length; i++) {
        momenta[p][i] = hp.momentum * momenta[p][i] + (1 - hp.momentum) * grads[p][i];
        theta[i] -= hp.lr * Math.sign(momenta[p][i]);
      }
    });
    return { params: [...params], state };
  },
});
