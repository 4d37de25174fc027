/**
 * A run's fully resolved configuration: what a sweep file means once every default is filled in. Its
 * canonical JSON is the run's identity, and the runner, the store and the reporter all read it.
 * Plain JSON data, so it travels between threads, processes and machines unchanged.
 */

/** Values a scalar setting can take in a sweep. */
export type Scalar = number | boolean | string;

/** A dataset to train on, with its own declared parameters (size, noise, ...) filled in. */
export interface DatasetConfig {
  /** A name from the dataset registry: 'lecture', 'xor', 'moons', 'circles', 'spirals', 'blobs', 'digits', 'csv'. */
  name: string;
  /** Fraction of the examples held out for the test metrics, in [0, 1). */
  test_fraction: number;
  /** The dataset's own parameters (e.g. size, noise, classes, path), every default filled in. */
  [parameter: string]: Scalar;
}

export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'identity';
export type Initializer = 'uniform' | 'xavier' | 'he';
/** squared_error: ½·mean((ŷ − y)²) as in the lecture; bce: binary cross-entropy from logits; cross_entropy: softmax cross-entropy with integer labels. */
export type LossName = 'squared_error' | 'bce' | 'cross_entropy';

export interface ModelConfig {
  /** Hidden layer sizes; input and output sizes come from the dataset. `[4]` is the lecture's network. */
  hidden: number[];
  activation: Activation;
  /** Activation of the output layer ('identity' gives logits for bce / cross_entropy). */
  output: Activation;
  init: Initializer;
}

export interface DatasetProblem {
  kind: 'dataset';
  dataset: DatasetConfig;
  model: ModelConfig;
  loss: LossName;
}

export interface LandscapeConfig {
  /** A name from the landscape registry: 'ravine', 'rosenbrock', 'saddle', 'two_minima', ... */
  name: string;
  /** Starting point [x, y] (the landscape's own default when not given). */
  start: [number, number];
  /**
   * Per-example gradient noise σ. A step's gradient gets N(0, σ²/batch_size) noise per coordinate:
   * the mean of batch_size noisy per-example gradients (a mini-batch noise model). 0 = exact gradients.
   */
  noise: number;
  /** The landscape's own parameters, every default filled in. */
  [parameter: string]: Scalar | [number, number];
}

export interface LandscapeProblem {
  kind: 'landscape';
  landscape: LandscapeConfig;
}

export type ProblemConfig = DatasetProblem | LandscapeProblem;

export interface OptimizerConfig {
  /** A registered optimizer name (built-in or from a plugin). */
  name: string;
  /** Every declared hyperparameter of that optimizer (lr included), defaults filled in. */
  [hyperparameter: string]: Scalar;
}

/** A learning-rate schedule as data: multiplies the optimizer's `lr` at step t (0-based). */
export type ScheduleConfig =
  | { name: 'constant' }
  | { name: 'step'; every: number; gamma: number }
  | { name: 'cosine'; min_factor: number }
  | { name: 'warmup'; steps: number };

export interface TrainConfig {
  /** Examples per step. For a dataset: 1 is SGD, the training-set size is full-batch gradient descent. */
  batch_size: number;
  /** The budget: exactly one of epochs, steps, examples is set. */
  epochs?: number;
  steps?: number;
  examples?: number;
  /** A loss above diverge_factor × the first loss (or non-finite) marks the run diverged. */
  diverge_factor: number;
  /** About this many points in the by-step series: sampled evenly, plus the last step and a landscape's first step at the target. */
  max_points: number;
}

export interface MetricConfig {
  /** 'train_loss' | 'test_loss' | 'test_accuracy' | 'train_accuracy' (datasets); 'loss' for landscapes. */
  name: string;
  goal: 'minimize' | 'maximize';
  /** Value to reach for time-to-target, or null. */
  target: number | null;
}

/** One run's complete configuration: every default filled in. Its canonical JSON is the run's identity. */
export interface ResolvedConfig {
  /** The sweep's seed. */
  seed: number;
  problem: ProblemConfig;
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  train: TrainConfig;
  metric: MetricConfig;
  /** Plugins loaded by the sweep: path or package name and the sha256 of its content. */
  plugins: { source: string; sha256: string }[];
}
