// A plugin whose `lr` default is outside its own declared range and whose `beta` has an unknown type.
export default {
  name: 'bad_hyperparameter',
  description: 'declares hyperparameters badly',
  rule: 'θ ← θ − α·g',
  hyperparameters: {
    lr: { type: 'number', default: -1, min: 0, description: 'learning rate' },
    beta: { type: 'float', default: 0.9, description: 'not a known type' },
  },
  init: () => ({}),
  update: ({ params, state }: { params: Float64Array[]; state: object }) => ({ params, state }),
};
