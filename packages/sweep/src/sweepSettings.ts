import type { Setting } from '@descent/settings';

/**
 * Declarations of the sweep's own settings, the ones around the configuration (seed, replicates, search
 * method), in the same form as an optimizer's hyperparameters, so validateSweep and the JSON Schema read them alike.
 */

export const METHODS = ['grid', 'random'] as const;
/** paired: replicate k of every configuration shares the random streams its settings allow (identity.ts, streamSeeds); independent: every stream from the run's own seed. */
export const PAIRINGS = ['paired', 'independent'] as const;
/** How `parameters` entries draw values in random search (`categorical` picks from `values`). */
export const DISTRIBUTIONS = ['categorical', 'uniform', 'log_uniform_values', 'int_uniform'] as const;

/** The names a sweep may be saved under: a folder name that cannot climb out of its parent. */
export const SWEEP_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const sweepSettings = {
  seed: { type: 'integer', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, description: 'the sweep seed; run seeds derive from it, the config and the replicate' },
  replicates: { type: 'integer', default: 1, min: 1, description: 'seeds per configuration' },
  method: { type: 'choice', default: 'grid', choices: METHODS, description: 'grid: every combination; random: `samples` draws' },
  samples: { type: 'integer', default: 1, min: 1, description: 'random search: configurations drawn from the sweep seed' },
  pairing: {
    type: 'choice',
    default: 'paired',
    choices: PAIRINGS,
    description: 'paired: replicate k of every configuration shares initial weights, data, batch order and gradient noise where its settings allow; independent: every stream from the run seed',
  },
} as const satisfies Record<string, Setting>;
