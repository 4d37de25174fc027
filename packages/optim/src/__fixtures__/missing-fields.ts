// A plugin that forgot its description, its rule and its update function.
export default {
  name: 'missing_fields',
  hyperparameters: {
    lr: { type: 'number', default: 0.1, min: 0, description: 'learning rate' },
  },
  init: () => ({}),
};
