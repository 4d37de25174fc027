// An optimizer that ends its thread (process.exit in a worker thread stops only that thread) at its
// second update: a worker that dies mid-run. Only ever trained in a worker thread: in-process it would
// end the test runner.
export default {
  name: 'exits_thread',
  description: 'calls process.exit(3) at step 1',
  rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.01, min: 0, description: 'learning rate α' } },
  init: () => ({}),
  update({ params, grads, state, hp, step }) {
    if (step === 1) process.exit(3);
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * grads[p][i])));
    return { params, state };
  },
};
