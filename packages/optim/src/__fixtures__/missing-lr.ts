// A plugin that declares no learning rate.
export default {
  name: 'missing_lr',
  description: 'has no lr',
  rule: 'θ ← θ − g',
  hyperparameters: {
    step_size: { type: 'number', default: 0.1, min: 0, description: 'what everyone else calls lr' },
  },
  init: () => ({}),
  update: ({ params, state }: { params: Float64Array[]; state: object }) => ({ params, state }),
};
