// Optimizers that break the contract at run time, one way each, for the training-loop tests.
// Plain objects with no imports, so the file loads from any folder.
const lr = { type: 'number', default: 0.01, min: 0, description: 'learning rate' };
const base = { rule: 'θ ← θ − α·g', hyperparameters: { lr }, init: () => ({}) };

/** Returns one parameter array too few. */
export const wrongShape = {
  ...base,
  name: 'wrong_shape',
  description: 'drops the last parameter array',
  update: ({ params, state }) => ({ params: params.slice(0, -1), state }),
};

/** Updates correctly, then zeroes the gradients it was given. */
export const mutatesGradients = {
  ...base,
  name: 'mutates_gradients',
  description: 'writes into the gradients',
  update({ params, grads, state, hp }) {
    params.forEach((theta, p) => theta.forEach((x, i) => (theta[i] = x - hp.lr * grads[p][i])));
    for (const g of grads) g.fill(0);
    return { params: [...params], state };
  },
};

/** Throws on its third update. */
export const throwsInUpdate = {
  ...base,
  name: 'throws_in_update',
  description: 'throws at step 2',
  update({ params, state, step }) {
    if (step === 2) throw new Error('deliberate failure at step 2');
    return { params: [...params], state };
  },
};

/** Throws before the first step. */
export const throwsInInit = {
  ...base,
  name: 'throws_in_init',
  description: 'throws in init',
  init: () => {
    throw new Error('deliberate failure in init');
  },
  update: ({ params, state }) => ({ params: [...params], state }),
};
