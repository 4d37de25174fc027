import type { Setting } from '@descent/settings';

/**
 * Declarations of the sweep's own settings, the ones around the configuration (seed, replicates, search
 * method), in the same form as an optimizer's hyperparameters, so validateSweep and the JSON Schema read them alike.
 */

/**
 * grid: every combination; random: `samples` independent draws; quasirandom: `samples` points of a scrambled Sobol
 * sequence (quasirandom.ts); bayes: `startup` quasirandom points, then rounds of `batch` proposed by TPE (bayes.ts).
 */
export const METHODS = ['grid', 'random', 'quasirandom', 'bayes'] as const;
export type SearchMethod = (typeof METHODS)[number];
/**
 * Names other tools give a method, too far from ours for "did you mean" to find by spelling (`quasi-random`
 * and `quasi` it finds): compared in lower case without '-', '_' and spaces.
 */
export const METHOD_SYNONYMS: Readonly<Record<string, SearchMethod>> = { sobol: 'quasirandom', halton: 'quasirandom', qmc: 'quasirandom', lowdiscrepancy: 'quasirandom', quasimontecarlo: 'quasirandom', bayesian: 'bayes', tpe: 'bayes', bayesopt: 'bayes' };
/** paired: replicate k of every configuration shares the random streams its settings allow (identity.ts, streamSeeds); independent: every stream from the run's own seed. */
export const PAIRINGS = ['paired', 'independent'] as const;
/** How `parameters` entries draw values in random search (`categorical` picks from `values`). */
export const DISTRIBUTIONS = ['categorical', 'uniform', 'log_uniform_values', 'int_uniform'] as const;

export const sweepSettings = {
  seed: { type: 'integer', default: 0, min: 0, max: Number.MAX_SAFE_INTEGER, description: 'the sweep seed; run seeds derive from it, the config and the replicate' },
  replicates: { type: 'integer', default: 1, min: 1, description: 'seeds per configuration; or { min, max, step } to add them only where the answer is open' },
  method: { type: 'choice', default: 'grid', choices: METHODS, description: 'grid: every combination; random: `samples` draws; quasirandom: `samples` evenly spread points (scrambled Sobol); bayes: TPE proposals from the finished runs' },
  samples: { type: 'integer', default: 1, min: 1, description: 'random, quasirandom and bayes search: configurations drawn from the sweep seed (bayes: in all)' },
  batch: { type: 'integer', default: 4, min: 1, description: 'bayes search: configurations TPE proposes per round, from the runs finished before it' },
  startup: { type: 'integer', default: 10, min: 1, description: 'bayes search: quasirandom configurations run before TPE proposes (default: 10, at most samples)' },
  pairing: {
    type: 'choice',
    default: 'paired',
    choices: PAIRINGS,
    description: 'paired: replicate k of every configuration shares initial weights, data, batch order and gradient noise where its settings allow; independent: every stream from the run seed',
  },
  // No default value: without `delta:` the verdicts take δ from the sweep's spread (defaultDelta in @descent/stats);
  // the 0 here is never used (validateSweep gives null) and is left out of the JSON Schema.
  delta: {
    type: 'number',
    default: 0,
    min: 0,
    minExclusive: true,
    description: 'the smallest difference in the sweep metric that matters: verdicts call configurations equivalent within ±delta (default: 5 % of the metric\'s spread over the sweep)',
  },
} as const satisfies Record<string, Setting>;

/**
 * `replicates: { min, max, step }`: every configuration gets `min` replicates, then rounds of `step` more go
 * only to the configurations whose verdict against the leader is still undecided, up to `max`.
 */
export const adaptiveReplicateSettings = {
  min: { type: 'integer', default: 3, min: 2, description: 'replicates of every configuration before the first decision (a comparison needs two)' },
  max: { type: 'integer', default: 30, min: 2, description: 'the most replicates any configuration gets' },
  step: { type: 'integer', default: 3, min: 1, description: 'replicates added per round to each configuration whose verdict is still undecided' },
} as const satisfies Record<string, Setting>;

/** What `early_terminate:` runs: Hyperband's brackets, or successive halving (one bracket per round of configurations). */
export const EARLY_TERMINATE_TYPES = ['hyperband', 'successive_halving'] as const;
export type EarlyTerminateType = (typeof EARLY_TERMINATE_TYPES)[number];
/**
 * Names other tools give these methods and their keys (W&B, Optuna, Ray Tune), too far from ours for "did you mean"
 * by spelling: compared in lower case without '-', '_' and spaces.
 */
export const EARLY_TERMINATE_SYNONYMS: Readonly<Record<string, string>> = {
  sha: 'successive_halving',
  asha: 'successive_halving',
  successivehalvingpruner: 'successive_halving',
  hyperbandpruner: 'hyperband',
  miniter: 'min_budget',
  minresource: 'min_budget',
  gracperiod: 'min_budget',
  graceperiod: 'min_budget',
  reductionfactor: 'eta',
};

/**
 * `early_terminate: { type, min_budget, eta }`: configurations train to rungs of growing budget (min_budget,
 * min_budget·eta, …, the full budget of train:) and only the best 1/eta of each rung go on (earlyTerminate.ts).
 */
export const earlyTerminateSettings = {
  type: { type: 'choice', default: 'hyperband', choices: EARLY_TERMINATE_TYPES, description: 'hyperband: brackets that start at different rungs; successive_halving: every configuration starts at min_budget' },
  min_budget: { type: 'integer', default: 1, min: 1, description: "the first rung's budget, in the unit of train: (epochs, steps or examples); rungs grow by eta up to the full budget" },
  eta: { type: 'integer', default: 3, min: 2, description: 'each rung keeps the best 1/eta of its configurations and trains them eta times longer' },
} as const satisfies Record<string, Setting>;

/**
 * The fewest paired replicates with which a rank test can reach p ≤ 0.05 at all (every difference of one
 * sign gives p = 2/2ⁿ: 0.0625 at 5, 0.031 at 6). Below it only `equivalent` can be decided; an adaptive
 * `max` below it could never call anything better or worse.
 */
export const REPLICATES_TO_DECIDE_A_DIRECTION = 6;
