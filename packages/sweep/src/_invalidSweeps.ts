/**
 * Sweeps with exactly one mistake each and the one located line validation reports for it: shared by
 * the validator's tests and the JSON Schema's (which must refuse the ones a schema can express).
 */
import { NAME_RULE } from './sweepName.js';

export const MOONS = 'problem: { dataset: { name: moons } }';
export const TRAIN = 'train: { batch_size: 8, epochs: 1 }';
const TOP_KEYS = 'one of name, description, seed, replicates, method, samples, batch, startup, early_terminate, pairing, delta, plugins, claims, problem, optimizer, schedule, train, metric, parameters';

// Each text has exactly one mistake. Columns are counted by hand in the comment beside each case.
export const invalidSweeps: { name: string; text: string; issue: string }[] = [
  {
    name: 'a number in quotes',
    // "optimizer: { name: sgd, lr: " is 28 characters, so the value starts at column 29.
    text: [MOONS, 'optimizer: { name: sgd, lr: "0.1" }', TRAIN].join('\n'),
    issue: 'bad.yaml:2:29: optimizer.lr: wrong type: a number in quotes is a string; remove the quotes (got the string "0.1"; expected a finite number in (0, ∞))',
  },
  {
    name: 'a misspelt top-level key',
    text: [MOONS, 'optimiser: { name: sgd }', TRAIN].join('\n'),
    issue: `bad.yaml:2:1: optimiser: unknown key 'optimiser'; did you mean 'optimizer'? (expected ${TOP_KEYS})`,
  },
  {
    name: 'a misspelt pairing',
    // "pairing: " is 9 characters.
    text: [MOONS, 'pairing: pared', TRAIN].join('\n'),
    issue: `bad.yaml:2:10: pairing: unknown choice; did you mean 'paired'? (got "pared"; expected one of 'paired', 'independent')`,
  },
  {
    name: 'a negative learning rate',
    text: [MOONS, 'optimizer: { name: sgd, lr: -0.1 }', TRAIN].join('\n'),
    issue: 'bad.yaml:2:29: optimizer.lr: out of range (got -0.1; expected a finite number in (0, ∞))',
  },
  {
    name: 'a non-finite learning rate',
    text: [MOONS, 'optimizer: { name: sgd, lr: .inf }', TRAIN].join('\n'),
    issue: 'bad.yaml:2:29: optimizer.lr: not a finite number (got .inf; expected a finite number in (0, ∞))',
  },
  {
    name: 'momentum outside [0, 1)',
    // "optimizer: { name: momentum, momentum: " is 39 characters.
    text: [MOONS, 'optimizer: { name: momentum, momentum: 1 }', TRAIN].join('\n'),
    issue: 'bad.yaml:2:40: optimizer.momentum: out of range (got 1; expected a finite number in [0, 1))',
  },
  {
    name: 'a YAML 1.1 boolean',
    text: [MOONS, 'optimizer: { name: momentum, nesterov: yes }', TRAIN].join('\n'),
    issue: 'bad.yaml:2:40: optimizer.nesterov: wrong type: YAML reads only true and false as booleans (got the string "yes"; expected true or false)',
  },
  {
    name: 'a fractional batch size',
    // "train: { batch_size: " is 21 characters.
    text: [MOONS, 'train: { batch_size: 2.5, epochs: 1 }'].join('\n'),
    issue: 'bad.yaml:2:22: train.batch_size: not an integer (got 2.5; expected an integer in [1, ∞))',
  },
  {
    name: 'a zero batch size',
    text: [MOONS, 'train: { batch_size: 0, epochs: 1 }'].join('\n'),
    issue: 'bad.yaml:2:22: train.batch_size: out of range (got 0; expected an integer in [1, ∞))',
  },
  {
    name: 'a batch larger than the training set',
    // 100 examples, test = round(100 × 0.2) = 20, train = 80.
    text: ['problem: { dataset: { name: moons, size: 100 } }', 'train: { batch_size: 81, epochs: 1 }'].join('\n'),
    issue:
      'bad.yaml:2:22: train.batch_size: larger than the training set (got 81; expected an integer in [1, 80] (moons has 100 examples; test_fraction 0.2 holds out 20, leaving 80 for training))',
  },
  {
    name: 'an unknown optimizer',
    // "optimizer: { name: " is 19 characters.
    text: [MOONS, 'optimizer: { name: adamw }', TRAIN].join('\n'),
    issue: `bad.yaml:2:20: optimizer.name: unknown optimizer 'adamw'; did you mean 'adam'? (got "adamw"; expected one of sgd, momentum, adam, signum)`,
  },
  {
    name: 'an unknown dataset',
    // "problem: { dataset: { name: " is 28 characters.
    text: ['problem: { dataset: { name: moon } }', TRAIN].join('\n'),
    issue: `bad.yaml:1:29: problem.dataset.name: unknown dataset 'moon'; did you mean 'moons'? (got "moon"; expected one of moons, blobs, xor, sine, csv)`,
  },
  {
    name: "a misspelt dataset setting",
    // "problem: { dataset: { name: moons, " is 35 characters.
    text: ['problem: { dataset: { name: moons, nois: 0.2 } }', TRAIN].join('\n'),
    issue: `bad.yaml:1:36: problem.dataset.nois: dataset 'moons' has no setting 'nois'; did you mean 'noise'? (expected one of name, test_fraction, validation_fraction, size, noise)`,
  },
  {
    name: 'a test fraction of 1',
    // "problem: { dataset: { name: moons, test_fraction: " is 50 characters.
    text: ['problem: { dataset: { name: moons, test_fraction: 1 } }', TRAIN].join('\n'),
    issue: 'bad.yaml:1:51: problem.dataset.test_fraction: out of range (got 1; expected a finite number in [0, 1))',
  },
  {
    name: 'a validation fraction of 1',
    // "problem: { dataset: { name: moons, validation_fraction: " is 56 characters.
    text: ['problem: { dataset: { name: moons, validation_fraction: 1 } }', TRAIN].join('\n'),
    issue: 'bad.yaml:1:57: problem.dataset.validation_fraction: out of range (got 1; expected a finite number in [0, 1))',
  },
  {
    name: 'an unknown schedule',
    // "schedule: { name: " is 18 characters.
    text: [MOONS, 'schedule: { name: cosin }', TRAIN].join('\n'),
    issue: `bad.yaml:2:19: schedule.name: unknown schedule 'cosin'; did you mean 'cosine'? (got "cosin"; expected one of constant, step, cosine, warmup)`,
  },
  {
    name: "'constructor' as a schedule name (a plain record's inherited key)",
    text: [MOONS, 'schedule: { name: constructor }', TRAIN].join('\n'),
    issue: `bad.yaml:2:19: schedule.name: unknown schedule 'constructor' (got "constructor"; expected one of constant, step, cosine, warmup)`,
  },
  {
    name: 'an unknown landscape',
    // "problem: { landscape: { name: " is 30 characters.
    text: ['problem: { landscape: { name: ravin } }', 'train: { steps: 10 }'].join('\n'),
    issue: `bad.yaml:1:31: problem.landscape.name: unknown landscape 'ravin'; did you mean 'ravine'? (got "ravin"; expected one of ravine, rosenbrock)`,
  },
  {
    name: 'epochs for a landscape',
    // "train: { " is 9 characters.
    text: ['problem: { landscape: { name: ravine } }', 'train: { epochs: 5 }'].join('\n'),
    issue: 'bad.yaml:2:10: train.epochs: a landscape has no epochs (there is no dataset to pass over) (expected steps or examples)',
  },
  {
    name: 'a dataset metric for a landscape',
    // "metric: { name: " is 16 characters.
    text: ['problem: { landscape: { name: ravine } }', 'train: { steps: 5 }', 'metric: { name: test_loss }'].join('\n'),
    issue: 'bad.yaml:3:17: metric.name: not a metric of a landscape problem (got "test_loss"; expected one of loss)',
  },
  {
    name: 'no budget',
    // The mapping after "train: " starts at column 8.
    text: [MOONS, 'train: { batch_size: 8 }'].join('\n'),
    issue: 'bad.yaml:2:8: train: missing a budget (expected exactly one of epochs, steps, examples)',
  },
  {
    name: 'an unknown model kind',
    // "problem: { dataset: { name: moons }, model: { kind: " is 52 characters.
    text: ['problem: { dataset: { name: moons }, model: { kind: resnet, hidden: [4, 4] } }', TRAIN].join('\n'),
    issue: `bad.yaml:1:53: problem.model.kind: unknown choice (got "resnet"; expected one of 'mlp', 'residual_mlp')`,
  },
  {
    name: 'a residual MLP with unequal hidden widths',
    // "problem: { dataset: { name: moons }, model: { kind: residual_mlp, hidden: " is 74 characters.
    text: ['problem: { dataset: { name: moons }, model: { kind: residual_mlp, hidden: [4, 8] } }', TRAIN].join('\n'),
    issue:
      'bad.yaml:1:75: problem.model.hidden: kind residual_mlp needs two or more hidden layers of one width (a residual block x + f(x) keeps its width) (got [4,8]; expected equal widths, like [4, 4, 4])',
  },
  {
    name: 'layer_norm on a plain MLP',
    // "problem: { dataset: { name: moons }, model: { layer_norm: " is 58 characters.
    text: ['problem: { dataset: { name: moons }, model: { layer_norm: true } }', TRAIN].join('\n'),
    issue: 'bad.yaml:1:59: problem.model.layer_norm: layer norms sit in residual blocks: set kind residual_mlp, or leave layer_norm out (got true; expected problem.model.kind: residual_mlp)',
  },
  {
    name: 'bce for a multiclass dataset',
    // "problem: { dataset: { name: blobs }, loss: " is 43 characters.
    text: ['problem: { dataset: { name: blobs }, loss: bce }', TRAIN].join('\n'),
    issue: `bad.yaml:1:44: problem.loss: bce needs a binary dataset with one output; 'blobs' is multiclass with 3 outputs (got "bce"; expected cross_entropy)`,
  },
  {
    name: 'squared error for a multiclass dataset',
    // "problem: { dataset: { name: blobs }, loss: " is 43 characters.
    text: ['problem: { dataset: { name: blobs }, loss: squared_error }', TRAIN].join('\n'),
    issue: `bad.yaml:1:44: problem.loss: squared_error needs real-valued targets; 'blobs' is multiclass (integer class labels) (got "squared_error"; expected cross_entropy)`,
  },
  {
    // Only the loss that was written is judged against the task (not the declared fallback squared_error).
    name: 'an unknown loss for a multiclass dataset',
    // "problem: { dataset: { name: blobs }, loss: " is 43 characters.
    text: ['problem: { dataset: { name: blobs }, loss: mse }', TRAIN].join('\n'),
    issue: `bad.yaml:1:44: problem.loss: unknown choice (got "mse"; expected one of 'squared_error', 'bce', 'cross_entropy')`,
  },
  {
    name: 'an empty grid',
    // "  optimizer.lr: { values: " is 26 characters.
    text: [MOONS, TRAIN, 'parameters:', '  optimizer.lr: { values: [] }'].join('\n'),
    issue: 'bad.yaml:4:27: parameters.optimizer.lr.values: empty grid: nothing to try (got an empty list; expected at least one value)',
  },
  {
    name: 'a duplicate key',
    text: [MOONS, 'train:', '  batch_size: 8', '  epochs: 1', '  batch_size: 16'].join('\n'),
    issue: "bad.yaml:5:3: train.batch_size: duplicate key: 'batch_size' is already set at line 3",
  },
  {
    name: 'random search without samples',
    text: ['method: random', MOONS, TRAIN].join('\n'),
    issue: 'bad.yaml:1:1: samples: missing: random search needs the number of configurations to draw (expected samples: an integer in [1, ∞))',
  },
  {
    name: 'quasirandom search without samples',
    text: ['method: quasirandom', MOONS, TRAIN].join('\n'),
    issue: 'bad.yaml:1:1: samples: missing: quasirandom search needs the number of configurations to draw (expected samples: an integer in [1, ∞))',
  },
  {
    name: "another tool's name for a method",
    // "method: " is 8 characters.
    text: ['method: sobol', 'samples: 4', MOONS, TRAIN].join('\n'),
    issue: `bad.yaml:1:9: method: unknown choice; did you mean 'quasirandom' (scrambled Sobol points)? (got "sobol"; expected one of 'grid', 'random', 'quasirandom', 'bayes')`,
  },
  {
    name: 'more quasirandom samples than distinct configurations',
    // "samples: " is 9 characters.
    text: ['method: quasirandom', 'samples: 3', MOONS, TRAIN, 'parameters:', '  train.batch_size: { distribution: int_uniform, min: 1, max: 2 }'].join('\n'),
    issue:
      'bad.yaml:2:10: samples: the parameters allow only 2 distinct configurations (train.batch_size: 2), and quasirandom search draws none twice (got 3; expected samples: 2 or fewer, or a continuous range (distribution: uniform or log_uniform_values))',
  },
  {
    name: 'a misspelt bayes key',
    text: ['method: bayes', 'samples: 12', 'batchs: 4', MOONS, TRAIN, 'parameters:', '  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }'].join('\n'),
    issue: `bad.yaml:3:1: batchs: unknown key 'batchs'; did you mean 'batch'? (expected ${TOP_KEYS})`,
  },
  {
    name: 'a bayes batch of 0',
    // "batch: " is 7 characters.
    text: ['method: bayes', 'samples: 12', 'batch: 0', MOONS, TRAIN, 'parameters:', '  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }'].join('\n'),
    issue:
      'bad.yaml:3:8: batch: out of range (got 0; expected an integer in [1, ∞))',
  },
  {
    name: 'a bayes startup above samples',
    // "startup: " is 9 characters.
    text: ['method: bayes', 'samples: 12', 'startup: 20', MOONS, TRAIN, 'parameters:', '  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }'].join('\n'),
    issue:
      'bad.yaml:3:10: startup: startup is more than samples (12): the startup points are part of the configurations sampled (got 20; expected startup ≤ 12)',
  },
  {
    name: 'batch for a quasirandom search',
    text: ['method: quasirandom', 'samples: 12', 'batch: 4', MOONS, TRAIN, 'parameters:', '  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }'].join('\n'),
    issue:
      "bad.yaml:3:1: batch: batch applies to method: bayes only (it sets TPE's rounds) (expected no batch, or method: bayes)",
  },
  {
    name: 'bayes with adaptive replicates',
    // "replicates: " is 12 characters.
    text: ['method: bayes', 'samples: 12', 'replicates: { min: 3, max: 9 }', MOONS, TRAIN, 'parameters:', '  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }'].join('\n'),
    issue:
      "bad.yaml:3:13: replicates: method: bayes takes a fixed number of replicates: its rounds propose configurations from the finished results, and adaptive replicates would add runs to the same rounds (got { min: 3, max: 9 }; expected replicates: 3 (every configuration's mean over its replicates is what TPE sees), or method: grid, random or quasirandom)",
  },
  {
    name: 'a distribution in a grid',
    // "  optimizer.lr: { distribution: " is 32 characters.
    text: [MOONS, TRAIN, 'parameters:', '  optimizer.lr: { distribution: uniform, min: 0.01, max: 1 }'].join('\n'),
    issue:
      'bad.yaml:4:33: parameters.optimizer.lr.distribution: a grid takes values: [...]; distribution uniform needs method: random or quasirandom (got "uniform"; expected values: [...], or method: random or quasirandom)',
  },
  {
    name: 'min above max',
    // "  optimizer.lr: { distribution: uniform, min: " is 46 characters.
    text: ['method: random', 'samples: 4', MOONS, TRAIN, 'parameters:', '  optimizer.lr: { distribution: uniform, min: 1, max: 0.1 }'].join('\n'),
    issue: 'bad.yaml:6:47: parameters.optimizer.lr.min: min is larger than max (got min 1, max 0.1; expected min ≤ max)',
  },
  {
    name: 'log_uniform_values from 0',
    // "  optimizer.lr: { distribution: log_uniform_values, min: " is 57 characters.
    text: ['method: random', 'samples: 4', MOONS, TRAIN, 'parameters:', '  optimizer.lr: { distribution: log_uniform_values, min: 0, max: 1 }'].join('\n'),
    issue: 'bad.yaml:6:58: parameters.optimizer.lr.min: log_uniform_values needs a positive min (it draws exp(uniform(log min, log max))) (got 0; expected min > 0)',
  },
  {
    name: 'a continuous distribution for an integer setting',
    // "  train.batch_size: { distribution: " is 36 characters.
    text: ['method: random', 'samples: 4', MOONS, TRAIN, 'parameters:', '  train.batch_size: { distribution: uniform, min: 1, max: 16 }'].join('\n'),
    issue: 'bad.yaml:6:37: train.batch_size: uniform draws fractional numbers; use int_uniform (got "uniform"; expected int_uniform for an integer in [1, ∞))',
  },
  {
    name: '__proto__ among hyperparameters',
    // "optimizer: { name: sgd, " is 24 characters.
    text: [MOONS, 'optimizer: { name: sgd, __proto__: 1 }', TRAIN].join('\n'),
    issue: "bad.yaml:2:25: optimizer.__proto__: optimizer 'sgd' has no hyperparameter '__proto__' (expected one of name, lr)",
  },
  {
    name: "'constructor' as a dotted parameter key",
    text: [MOONS, TRAIN, 'parameters:', '  optimizer.constructor: { values: [1] }'].join('\n'),
    issue: "bad.yaml:4:3: optimizer.constructor: optimizer 'sgd' has no hyperparameter 'constructor' (expected one of name, lr)",
  },
  {
    name: 'a misspelt key inside a subtree value',
    // "  optimizer: { values: [ { name: sgd, lr: 0.5 }, { name: adam, " is 63 characters.
    text: [MOONS, TRAIN, 'parameters:', '  optimizer: { values: [ { name: sgd, lr: 0.5 }, { name: adam, lrr: 0.01 } ] }'].join('\n'),
    issue: `bad.yaml:4:64: optimizer.lrr: optimizer 'adam' has no hyperparameter 'lrr'; did you mean 'lr'? (expected one of name, lr, beta1, beta2, eps)`,
  },
  {
    name: 'a base hyperparameter the swept optimizer lacks',
    // "optimizer: { name: momentum, " is 29 characters.
    text: [MOONS, TRAIN, 'optimizer: { name: momentum, momentum: 0.9 }', 'parameters:', '  optimizer.name: { values: [momentum, sgd] }'].join('\n'),
    issue: "bad.yaml:3:30: optimizer.momentum: optimizer 'sgd' has no hyperparameter 'momentum' (expected one of name, lr)",
  },
  {
    name: 'a swept batch size too large for a swept dataset size',
    // size 10: test = round(10 × 0.2) = 2, train = 8. "  train.batch_size: { values: [8, " is 34 characters.
    text: [MOONS, TRAIN, 'parameters:', '  problem.dataset.size: { values: [1000, 10] }', '  train.batch_size: { values: [8, 16] }'].join('\n'),
    issue:
      'bad.yaml:5:35: train.batch_size: larger than the training set (got 16; expected an integer in [1, 8] (moons has 10 examples; test_fraction 0.2 holds out 2, leaving 8 for training))',
  },
  {
    name: 'a swept metric',
    text: [MOONS, TRAIN, 'parameters:', '  metric.name: { values: [train_loss, test_loss] }'].join('\n'),
    issue: 'bad.yaml:4:3: parameters.metric.name: the metric is one per sweep and cannot be swept (expected a key under problem, optimizer, schedule, train)',
  },
  {
    name: 'an unsafe sweep name',
    // "name: " is 6 characters.
    text: ['name: ../x', MOONS, TRAIN].join('\n'),
    issue: `bad.yaml:1:7: name: the sweep name is not a safe folder name (letters, digits, '.', '_', '-', starting with a letter or digit, no '..') (got "../x"; expected ${NAME_RULE})`,
  },
  {
    name: 'a W&B key name in early_terminate',
    // "early_terminate: { type: hyperband, " is 36 characters.
    text: [MOONS, 'train: { batch_size: 8, epochs: 9 }', 'method: random', 'samples: 4', 'early_terminate: { type: hyperband, min_iter: 1 }', 'parameters:', '  optimizer.lr: { values: [0.1, 1] }'].join('\n'),
    issue: "bad.yaml:5:37: early_terminate.min_iter: unknown key 'min_iter'; did you mean 'min_budget'? (expected one of type, min_budget, eta)",
  },
  {
    name: "Ray Tune's name for successive halving",
    // "early_terminate: { type: " is 25 characters.
    text: [MOONS, 'train: { batch_size: 8, epochs: 9 }', 'early_terminate: { type: asha, min_budget: 1 }'].join('\n'),
    issue: `bad.yaml:3:26: early_terminate.type: unknown choice; did you mean 'successive_halving' (synchronous: every rung waits for its results)? (got "asha"; expected one of 'hyperband', 'successive_halving')`,
  },
  {
    name: 'early termination without min_budget',
    text: [MOONS, 'train: { batch_size: 8, epochs: 9 }', 'early_terminate: { type: successive_halving }'].join('\n'),
    issue: "bad.yaml:3:18: early_terminate.min_budget: missing: the first rung's budget (expected min_budget: an integer in [1, ∞), in the unit of train: (epochs, steps or examples))",
  },
  {
    name: 'an eta of 1',
    // "early_terminate: { type: successive_halving, min_budget: 1, eta: " is 65 characters.
    text: [MOONS, 'train: { batch_size: 8, epochs: 9 }', 'early_terminate: { type: successive_halving, min_budget: 1, eta: 1 }'].join('\n'),
    issue: 'bad.yaml:3:66: early_terminate.eta: out of range (got 1; expected an integer in [2, ∞))',
  },
  {
    name: 'a min_budget as large as the budget',
    // "early_terminate: { type: successive_halving, min_budget: " is 57 characters.
    text: [MOONS, 'train: { batch_size: 8, epochs: 9 }', 'early_terminate: { type: successive_halving, min_budget: 9 }'].join('\n'),
    issue: 'bad.yaml:3:58: early_terminate.min_budget: min_budget is not below the full budget (train.epochs: 9): early termination needs at least two rungs (got 9; expected min_budget < 9, in epochs)',
  },
  {
    name: 'Hyperband on a grid',
    text: [MOONS, 'train: { batch_size: 8, epochs: 9 }', 'early_terminate: { type: hyperband, min_budget: 1 }', 'parameters:', '  optimizer.lr: { values: [0.1, 1] }'].join('\n'),
    issue:
      "bad.yaml:3:26: early_terminate.type: Hyperband splits the configurations among its brackets in the search's order, and a grid's order is its layout (the first parameter's values would all land in one bracket) (got hyperband; expected type: successive_halving (every configuration of the grid in one bracket), or method: random, quasirandom or bayes)",
  },
  {
    name: 'a swept budget under early termination',
    text: [MOONS, 'train: { batch_size: 8, epochs: 9 }', 'early_terminate: { type: successive_halving, min_budget: 1 }', 'parameters:', '  train.epochs: { values: [3, 9] }'].join('\n'),
    issue: 'bad.yaml:5:3: parameters.train.epochs: early termination cuts short one budget, the same for every configuration; a swept budget would give its rungs different meanings (expected one train.epochs for the whole sweep, or no early_terminate)',
  },
  {
    name: 'adaptive replicates under early termination',
    // "replicates: " is 12 characters.
    text: [MOONS, 'train: { batch_size: 8, epochs: 9 }', 'replicates: { min: 3, max: 9 }', 'early_terminate: { type: successive_halving, min_budget: 1 }'].join('\n'),
    issue:
      'bad.yaml:3:13: replicates: early termination takes a fixed number of replicates: its rungs and adaptive replicates would both decide what runs next from the same results (got { min: 3, max: 9 }; expected replicates: 3 (a configuration is judged at each rung by the mean of its replicates))',
  },
  {
    name: 'two YAML documents',
    text: [MOONS, TRAIN, '---', 'seed: 2'].join('\n'),
    issue: "bad.yaml:3:1: a sweep file holds one YAML document; remove this '---' and what follows, or split it into two files",
  },
  {
    name: 'a dataset that rejects its settings itself',
    // The mapping after "problem: { dataset: " starts at column 21.
    text: ['problem: { dataset: { name: csv } }', TRAIN].join('\n'),
    issue: "bad.yaml:1:21: problem.dataset: dataset 'csv' needs path: the CSV file",
  },
];
