// A JavaScript plugin whose default export array holds an optimizer and a number.
const plain = {
  name: 'fixture_plain_js',
  description: 'gradient descent written in plain JavaScript',
  rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.1, min: 0, description: 'learning rate' } },
  init: () => ({}),
  update: ({ params, state }) => ({ params, state }),
};

export default [plain, 42];
