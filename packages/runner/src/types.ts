/**
 * The data that crosses package and process boundaries: a run's fully resolved configuration, and
 * the record a run leaves behind. The reporter reads only these types.
 *
 * Everything here is plain JSON data (after NaN/±Infinity are encoded by the store), so a record can
 * travel between worker threads, processes and machines and be compared byte for byte.
 */

import type { Claim, DATASET_METRICS, MetricConfig, ResolvedConfig, SearchMethod, StreamSeeds } from '@descent/sweep';

/**
 * How a run ended. `pruned`: early termination (`early_terminate:`) stopped it at a rung because its configuration
 * ranked below the cut; its record keeps the curve up to there and says why (`pruning`).
 */
export const RUN_STATUSES = ['finished', 'diverged', 'failed', 'pruned'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const NO_RUNS = Object.freeze(Object.fromEntries(RUN_STATUSES.map((status) => [status, 0])) as Record<RunStatus, number>);

/** A count of runs per status, every status present (0 when none). */
export function statusCounts(statuses: Iterable<RunStatus> = []): Record<RunStatus, number> {
  // A copy of one zeroed object: building each from entries made slow objects (a report counts 100,000 configurations).
  const counts = { ...NO_RUNS };
  for (const status of statuses) counts[status]++;
  return counts;
}

/**
 * Why early termination stopped a run: where (rung and bracket), at what budget, and how its configuration
 * ranked there. Every number comes from the rung's records, so the same sweep writes the same pruning.
 */
export interface Pruning {
  /** The rung it stopped after, 1-based, of the `rungs` its bracket has (the last rung trains the full budget). */
  rung: number;
  rungs: number;
  /** The bracket, 1-based (successive halving has one per round of configurations; Hyperband cycles through its brackets). */
  bracket: number;
  /** The budget trained when stopped and the full budget, in the sweep's budget unit. */
  budget: number;
  fullBudget: number;
  unit: 'epochs' | 'steps' | 'examples';
  /** The sweep metric and its configuration's value at the rung (the mean over its replicates; NaN when one diverged or failed). */
  metric: string;
  value: number;
  /** The configuration's rank at the rung (1 = best) of the `of` configurations that reached it. */
  rank: number;
  of: number;
  /** How many configurations went on, and the value of the last of them (the cut). */
  advanced: number;
  cutAt: number;
  /** All of the above in one line, e.g. "rung 2 of 4: test_loss 0.31, rank 7 of 9, cut at 0.22". */
  reason: string;
}

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

/** End-of-epoch evaluation on the whole train, test and validation sets (datasets only). */
export interface EpochPoint {
  epoch: number;
  step: number;
  examples: number;
  trainLoss: number;
  testLoss: number;
  /** Fraction correct; null for regression targets. */
  trainAccuracy: number | null;
  testAccuracy: number | null;
  /** On the validation rows: present only when `problem.dataset.validation_fraction` holds some out. */
  validationLoss?: number;
  validationAccuracy?: number | null;
}

/** Where each dataset metric of a sweep (`metric: { name: ... }`) is read in an epoch point. */
export const EPOCH_METRIC_FIELDS = {
  train_loss: 'trainLoss',
  test_loss: 'testLoss',
  train_accuracy: 'trainAccuracy',
  test_accuracy: 'testAccuracy',
  validation_loss: 'validationLoss',
  validation_accuracy: 'validationAccuracy',
} as const satisfies Record<(typeof DATASET_METRICS)[number], keyof EpochPoint>;

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
  /** Present only when the run has validation rows (as its epoch points' validation fields). */
  finalValidationAccuracy?: number | null;
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

/**
 * The version of the RunRecord format. 4: every dataset problem trains through nn's capturedStep (the readable
 * engine, captured and replayed). MLPs trained through nn's hand-fused compileMlpStep before, which computed the
 * loss in float64 and rounded once and summed bias gradients in another order, so their losses and gradients
 * differ in the last bits: an MLP's record of 2 or 3 is set apart and trained again (recordCodec.ts readsAsCurrent),
 * while the other records of 2 and 3 (landscapes, residual MLPs) hold the values this version makes.
 * 3: record.json holds each series as columns (recordCodec.ts), the same values as 2. 2: runs carry `seeds` and
 * draw their streams from them (paired seeds); the run ids and seeds of 1 were derived differently, so the store
 * sets records of 1 (and of versions it does not know) apart.
 */
export const RECORD_SCHEMA = 4;
/** The oldest record format whose run ids and seeds are derived as now: the store reads it as current unless readsAsCurrent says otherwise. */
export const OLDEST_CURRENT_SCHEMA = 2;
/** The first record format whose MLPs trained through capturedStep: an MLP's record of an older one holds compileMlpStep's bits. */
export const CAPTURED_MLP_SCHEMA = 4;

/** The deterministic record of one run: byte-identical for the same spec on any worker, any machine. */
export interface RunRecord {
  schema: typeof RECORD_SCHEMA;
  runId: string;
  sweep: string;
  replicate: number;
  /** The run's own seed, derived from (sweep seed, config, replicate). */
  seed: string;
  /** The seeds its random streams were drawn from (the sweep package's streamSeeds). */
  seeds: StreamSeeds;
  config: ResolvedConfig;
  status: RunStatus;
  /** Present only on a pruned run: where and why early termination stopped it. */
  pruning?: Pruning;
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

/** What a decision between rounds reads of a run: a record, or the store's listing of it (the same values, RunStore.listing). */
export type DecidedRun = Pick<RunRecord, 'config' | 'replicate' | 'status' | 'summary'>;

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
   * The tensor kernels the run used ('js', 'wasm-simd' or 'wasm-relaxed-simd'). They differ in summation order
   * or rounding, so they fix the last bits of a result: records are byte-identical for a given kernel choice
   * (DESCENT_KERNELS sets it). 'wasm-relaxed-simd' also depends on whether the engine fuses its multiply-add
   * (V8 does on x64 with FMA3 and on ARM64): reproducible on the same kind of machine and runtime.
   */
  kernels: string;
}

/** What the store keeps about a sweep besides its runs (written when the sweep starts; read by reports). */
export interface SweepInfo {
  schema: 1;
  name: string;
  /** The sweep file, relative to the workspace root when inside it, e.g. 'experiments/sweeps/momentum.yaml'. */
  file: string;
  description: string | null;
  seed: number;
  method: SearchMethod;
  /** Replicates per configuration: the fixed count, or with adaptive replicates the first round's (`min`). */
  replicates: number;
  /** Dotted keys whose values differ across configurations, e.g. ['optimizer.lr', 'optimizer.momentum', 'train.batch_size']. */
  varied: string[];
  metric: MetricConfig;
  plugins: string[];
  /**
   * Run ids of the sweep's current definition (a store may hold runs of older definitions too). With adaptive
   * replicates: the runs its rounds have asked for so far, rewritten before each round.
   */
  runIds: string[];
  /** The command that re-creates the sweep, shell-quoted (`rerunCommand`), e.g. 'pnpm exp run sweeps/momentum.yaml'. Readers derive it from `file` again: older stores hold it unquoted. */
  command: string;
  /** The sweep's claims (absent when it declares none), so a report can check them from the store alone. */
  claims?: Claim[];
  /**
   * `early_terminate:` as the sweep declares it (absent without one), so reports can tell pruned runs' budgets.
   */
  earlyTerminate?: EarlyTerminateInfo;
  /** `method: bayes`: how many configurations it drew quasirandomly before TPE proposed (absent for other methods), so a report can tell them apart. */
  bayes?: { startup: number };
  /**
   * δ the sweep declares (`delta:`, the smallest difference in its metric that matters), so a report decides
   * with the δ the runner's rounds decided with; absent: the default rule (a fraction of the metric's spread).
   */
  delta?: number;
}

/** `early_terminate:` as stored in sweep.json. */
export interface EarlyTerminateInfo {
  type: 'hyperband' | 'successive_halving';
  minBudget: number;
  eta: number;
  unit: 'epochs' | 'steps' | 'examples';
  fullBudget: number;
}
