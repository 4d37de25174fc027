// A plugin that reuses the name of good-plugin.ts's optimizer.
export default {
  name: 'fixture_descent',
  description: 'the same name again',
  rule: 'θ ← θ − α·g',
  hyperparameters: { lr: { type: 'number', default: 0.1, min: 0, description: 'learning rate' } },
  init: () => ({}),
  update: ({ params, state }: { params: Float64Array[]; state: object }) => ({ params, state }),
};
