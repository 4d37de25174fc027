// A plugin that declares gradient-scale invariance, but is plain gradient descent: ×1000 gradients give ×1000 steps.
export default {
  name: 'claims_scale_invariance',
  description: 'gradient descent that wrongly claims to ignore the gradient scale',
  rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.01, min: 0, log: true, search: { min: 1e-4, max: 1, log: true }, description: 'learning rate' } },
  invariances: ['gradient-scale'],
  init: () => ({}),
  update({ params, grads, state, hp }: { params: Float64Array[]; grads: Float64Array[]; state: object; hp: { lr: number } }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * grads[p][i])));
    return { params, state };
  },
};
