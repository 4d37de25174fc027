// A plugin that reuses the name of the built-in 'adam'.
export default {
  name: 'adam',
  description: 'a second adam',
  rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.1, min: 0, description: 'learning rate' } },
  init: () => ({}),
  update: ({ params, state }: { params: Float64Array[]; state: object }) => ({ params, state }),
};
