/**
 * The data that crosses package and process boundaries: a run's fully resolved configuration, and
 * the record a run leaves behind. The reporter reads only these types.
 *
 * Everything here is plain JSON data (after NaN/±Infinity are encoded by the store), so a record can
 * travel between worker threads, processes and machines and be compared byte for byte.
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

export type RunStatus = 'finished' | 'diverged' | 'failed';

/** One sampled training step. `examples` counts examples seen so far (the fair axis across batch sizes). */
export interface StepPoint {
  step: number;
  epoch: number;
  examples: number;
  /** Loss of the mini-batch at this step (before the update). */
  loss: number;
  gradNorm: number;
  updateNorm: number;
}

/** End-of-epoch evaluation on the whole train and test sets (datasets only). */
export interface EpochPoint {
  epoch: number;
  step: number;
  examples: number;
  trainLoss: number;
  testLoss: number;
  /** Fraction correct; null for regression targets. */
  trainAccuracy: number | null;
  testAccuracy: number | null;
}

/** A point of a landscape run's path (every step, sampled to at most max_points). */
export interface TrajectoryPoint {
  step: number;
  x: number;
  y: number;
  /** Exact (noise-free) function value. */
  loss: number;
}

export interface RunSummary {
  steps: number;
  examples: number;
  finalLoss: number;
  /** Lowest training loss on the same footing as finalLoss: whole training set at epoch ends, or the exact path value. */
  bestLoss: number;
  /** The sweep metric's final and best value. */
  finalMetric: number;
  bestMetric: number;
  finalTrainAccuracy: number | null;
  finalTestAccuracy: number | null;
  /** First step / examples seen at which the metric reached the target; null if never (or no target). */
  stepsToTarget: number | null;
  examplesToTarget: number | null;
  /**
   * The oscillation: standard deviation of the step-to-step change of log10(mini-batch loss) over the last
   * half of the run (of the loss itself when some loss is ≤ 0, as on landscapes).
   */
  lossNoise: number;
}

export interface Divergence {
  step: number;
  examples: number;
  reason: 'non-finite loss' | 'exploding loss' | 'non-finite parameters';
  /** The last finite loss before the divergence (null if the first loss was not finite). */
  lastFiniteLoss: number | null;
}

/** The deterministic record of one run: byte-identical for the same spec on any worker, any machine. */
export interface RunRecord {
  schema: 1;
  runId: string;
  sweep: string;
  replicate: number;
  /** The run's own seed, derived from (sweep seed, config, replicate). */
  seed: string;
  config: ResolvedConfig;
  status: RunStatus;
  /** For failed runs: what went wrong and, when a plugin is at fault, which one. */
  error: { message: string; plugin: string | null } | null;
  divergence: Divergence | null;
  steps: StepPoint[];
  epochs: EpochPoint[];
  trajectory: TrajectoryPoint[];
  summary: RunSummary;
}

/** What a caller watching a sweep learns of each run as it completes (the record itself is in the store). */
export type RunDigest = Pick<RunRecord, 'runId' | 'status' | 'error' | 'summary'>;

/** The non-deterministic facts about a run, stored apart from the record. */
export interface RunMeta {
  schema: 1;
  runId: string;
  /** Wall time of the run's training, in milliseconds. */
  wallTimeMs: number;
  /** Wall time at each logged step (same length as record.steps), for loss-vs-time charts. */
  stepTimesMs: number[];
  /** Wall time at each end-of-epoch evaluation (same length as record.epochs). */
  epochTimesMs: number[];
  finishedAt: string;
  node: string;
  machine: string;
  gitCommit: string | null;
  descentVersion: string;
  /**
   * The tensor kernels the run used ('js' or 'wasm-simd'). They differ in summation order, so they fix the
   * last bits of a result: records are byte-identical for a given kernel choice (DESCENT_KERNELS sets it).
   */
  kernels: string;
}

/** What the store keeps about a sweep besides its runs (written when the sweep starts; read by reports). */
export interface SweepInfo {
  schema: 1;
  name: string;
  /** The sweep file, relative to the workspace root when inside it. */
  file: string;
  description: string | null;
  seed: number;
  method: 'grid' | 'random';
  replicates: number;
  /** Dotted keys whose values differ across configurations. */
  varied: string[];
  metric: MetricConfig;
  plugins: string[];
  /** Run ids of the sweep's current definition (a store may hold runs of older definitions too). */
  runIds: string[];
  /** The command that re-creates the sweep. */
  command: string;
}
