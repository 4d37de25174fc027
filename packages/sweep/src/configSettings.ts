import type { ChoiceSetting, Setting } from '@descent/settings';

/**
 * Declarations of the sweep format's own settings (the ones no registry declares), in the same form as
 * an optimizer's hyperparameters, so one validator and the JSON Schema read them alike.
 */

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'identity'] as const;
export const INITIALIZERS = ['uniform', 'xavier', 'he'] as const;
export const LOSSES = ['squared_error', 'bce', 'cross_entropy'] as const;
export const DATASET_METRICS = ['train_loss', 'test_loss', 'train_accuracy', 'test_accuracy'] as const;
export const LANDSCAPE_METRICS = ['loss'] as const;
export const METHODS = ['grid', 'random'] as const;
export const BUDGETS = ['epochs', 'steps', 'examples'] as const;
/** How `parameters` entries draw values in random search (`categorical` picks from `values`). */
export const DISTRIBUTIONS = ['categorical', 'uniform', 'log_uniform_values', 'int_uniform'] as const;

/** The names a sweep may be saved under: a folder name that cannot climb out of its parent. */
export const SWEEP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The model when a sweep does not say: one hidden layer of 16 tanh units with logits out. */
export const DEFAULT_HIDDEN = [16];

export const sweepSettings = {
  seed: { type: 'integer', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, description: 'the sweep seed; run seeds derive from it, the config and the replicate' },
  replicates: { type: 'integer', default: 1, min: 1, description: 'seeds per configuration' },
  method: { type: 'choice', default: 'grid', choices: METHODS, description: 'grid: every combination; random: `samples` draws' },
  samples: { type: 'integer', default: 1, min: 1, description: 'random search: configurations drawn from the sweep seed' },
} as const satisfies Record<string, Setting>;

export const testFractionSetting: Setting = {
  type: 'number',
  default: 0.2,
  min: 0,
  max: 1,
  maxExclusive: true,
  description: 'fraction of the examples held out for the test metrics',
};

export const landscapeNoiseSetting: Setting = {
  type: 'number',
  default: 0,
  min: 0,
  description: 'per-example gradient noise σ (a step gets N(0, σ²/batch_size) per coordinate)',
};

export const hiddenUnitsSetting: Setting = { type: 'integer', default: 16, min: 1, description: 'units in a hidden layer' };

export const modelSettings = {
  activation: { type: 'choice', default: 'tanh', choices: ACTIVATIONS, description: 'activation of the hidden layers' },
  output: { type: 'choice', default: 'identity', choices: ACTIVATIONS, description: "activation of the output layer ('identity' gives logits)" },
  init: { type: 'choice', default: 'xavier', choices: INITIALIZERS, description: 'weight initialisation' },
} as const satisfies Record<string, Setting>;

export const lossSetting: Setting = { type: 'choice', default: 'squared_error', choices: LOSSES, description: 'training loss' };

const budget = (unit: string): Setting => ({ type: 'integer', default: 1, min: 1, description: `training budget in ${unit}` });

export const trainSettings = {
  batch_size: { type: 'integer', default: 1, min: 1, description: 'examples per step' },
  epochs: budget('passes over the training set'),
  steps: budget('optimizer steps'),
  examples: budget('examples seen'),
  diverge_factor: { type: 'number', default: 1e3, min: 1, minExclusive: true, description: 'a loss above this × the first loss marks the run diverged' },
  max_points: { type: 'integer', default: 200, min: 2, description: 'at most this many points in the by-step series' },
} as const satisfies Record<string, Setting>;

export const metricGoalSetting: ChoiceSetting = { type: 'choice', default: 'minimize', choices: ['minimize', 'maximize'], description: 'whether lower or higher is better' };

export const metricTargetSetting: Setting = { type: 'number', default: 0, description: 'value to reach for time-to-target (null for none)' };
