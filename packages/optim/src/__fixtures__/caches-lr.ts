// A plugin that reads lr once, at init, and keeps it in its state: a schedule that changes lr mid-run is ignored.
export default {
  name: 'caches_lr',
  description: 'gradient descent with the learning rate frozen at init',
  rule: 'θ ← θ − α₀·g',
  hyperparameters: { lr: { type: 'number', default: 0.01, min: 0, log: true, search: { min: 1e-4, max: 1, log: true }, description: 'learning rate' } },
  init: (_params: Float64Array[], hp: { lr: number }) => ({ lr: hp.lr }),
  update({ params, grads, state }: { params: Float64Array[]; grads: Float64Array[]; state: { lr: number } }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - state.lr * grads[p][i])));
    return { params, state };
  },
};
