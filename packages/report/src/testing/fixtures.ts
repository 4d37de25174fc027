import type { EarlyTerminateInfo, EpochPoint, LandscapeGrid, Pruning, RunMeta, RunRecord, RunStatus, StepPoint, SweepInfo, TrajectoryPoint } from '@descent/runner';
import type { MetricConfig, ResolvedConfig, SearchMethod } from '@descent/sweep';
import type { ReportRun, SweepReportInput } from '../types.js';

/**
 * Hand-made run records for tests of the reporter (and of whatever renders real sweeps later).
 * Curves are synthetic and deterministic: a decaying loss with a hash-based wiggle, no Math.random.
 */

/** A deterministic wiggle in [−1, 1] for (seed, k): an integer hash, not a random generator. */
export function wiggle(seed: string, k: number): number {
  let h = 2166136261 ^ k;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (((h ^ (h >>> 16)) >>> 0) / 4294967295) * 2 - 1;
}

export interface FixtureRunOptions {
  sweep?: string;
  replicate?: number;
  lr?: number;
  momentum?: number;
  batchSize?: number;
  optimizer?: string;
  /** A landscape run instead of a dataset run: its name, and the trajectory to record. */
  landscape?: { name: string; trajectory: { x: number; y: number; loss: number }[] };
  status?: RunStatus;
  /** The sweep metric's final value (also where the synthetic loss curve ends). Default 0.1. */
  finalMetric?: number;
  /** First logged loss. Default 1. */
  startLoss?: number;
  /** Logged points. Default 50. */
  points?: number;
  /** Relative oscillation of the logged loss around its decay. Default 0.05. */
  oscillation?: number;
  /** The dataset's size in the config. Default 200. */
  epochSize?: number;
  /** End-of-epoch evaluations after the start (dataset runs): the run's steps split into this many epochs. Default 10. */
  epochs?: number;
  metric?: MetricConfig;
  /** For status 'failed'. */
  errorMessage?: string;
  /** For status 'diverged': the logged point index at which the loss blew up. Default half-way. */
  divergeAt?: number;
  /**
   * For status 'pruned': how many points were logged before early termination stopped it (default half-way),
   * and its pruning record (filled with a rung-1-of-3 default where not given).
   */
  prunedAt?: number;
  pruning?: Partial<Pruning>;
  /** Steps to target, or null for never. Default null. */
  stepsToTarget?: number | null;
  lossNoise?: number;
}

export const FIXTURE_METRIC: MetricConfig = { name: 'train_loss', goal: 'minimize', target: null };

/** A fully resolved config as the runner would write it, with the given optimizer and batch settings. */
export function fixtureConfig(options: FixtureRunOptions): ResolvedConfig {
  const metric = options.metric ?? FIXTURE_METRIC;
  return {
    seed: 7,
    pairing: 'paired',
    problem:
      options.landscape !== undefined
        ? {
            kind: 'landscape',
            landscape: {
              name: options.landscape.name,
              start: [options.landscape.trajectory[0].x, options.landscape.trajectory[0].y],
              noise: 0,
            },
          }
        : {
            kind: 'dataset',
            dataset: { name: 'moons', test_fraction: 0.2, size: options.epochSize ?? 200, noise: 0.1 },
            model: { hidden: [8], activation: 'tanh', output: 'identity', init: 'xavier' },
            loss: 'bce',
          },
    optimizer: { name: options.optimizer ?? 'momentum', lr: options.lr ?? 0.1, momentum: options.momentum ?? 0 },
    schedule: { name: 'constant' },
    train: { batch_size: options.batchSize ?? 32, epochs: options.epochs ?? 10, diverge_factor: 1000, max_points: 200 },
    metric,
    plugins: [],
  };
}

/**
 * A run record with synthetic curves. Dataset runs log steps 0, 10, 20, ... with a noisy mini-batch loss
 * loss_k = final + (start − final)·e^(−5k/(n−1))·(1 + oscillation·wiggle), and evaluate the whole sets at
 * `epochs` evenly spaced epoch ends: trainLoss = the same decay without the wiggle, testLoss = 1.1·trainLoss,
 * accuracy = 1 − trainLoss/2 (clamped to [0, 1]). A diverging run's losses climb ×3 per logged point.
 * Landscape runs record the given trajectory (position after `step` updates) and, as the runner does, log
 * step s − 1 together with trajectory step s.
 */
export function makeRunRecord(options: FixtureRunOptions = {}): RunRecord {
  const config = fixtureConfig(options);
  const replicate = options.replicate ?? 0;
  const status = options.status ?? 'finished';
  const sweep = options.sweep ?? 'fixture';
  const runId = `${sweep}-${config.optimizer.name}-${config.optimizer.lr}-${config.optimizer.momentum}-${config.train.batch_size}-${
    options.landscape?.name ?? 'data'
  }-r${replicate}`;
  const final = options.finalMetric ?? 0.1;
  const start = options.startLoss ?? 1;
  const points = options.points ?? 50;
  const oscillation = options.oscillation ?? 0.05;
  const batch = config.train.batch_size;
  const epochCount = options.epochs ?? 10;
  const logged =
    status === 'failed' ? 3
    : status === 'diverged' ? (options.divergeAt ?? Math.floor(points / 2))
    : status === 'pruned' ? (options.prunedAt ?? Math.floor(points / 2))
    : points;
  const totalSteps = 10 * (points - 1);
  const decay = (k: number) => final + (start - final) * Math.exp((-5 * k) / Math.max(1, points - 1));
  // A diverging run climbs by ×3 per logged point instead of decaying.
  const cleanLoss = (k: number) => (status === 'diverged' ? start * 3 ** k : decay(k));
  const steps: StepPoint[] = [];
  const epochs: EpochPoint[] = [];
  const trajectory: TrajectoryPoint[] = [];
  if (options.landscape !== undefined) {
    const path = options.landscape.trajectory;
    path.forEach((point, k) => trajectory.push({ step: 10 * k, ...point }));
    for (let k = 1; k < path.length; k++) {
      const step = 10 * k - 1;
      steps.push({ step, epoch: 0, examples: (step + 1) * batch, loss: path[k - 1].loss + oscillation * wiggle(runId, k), gradNorm: 1, updateNorm: 0.1 });
    }
  } else {
    for (let k = 0; k < logged; k++) {
      const step = k * 10;
      const loss = status === 'diverged' ? cleanLoss(k) : decay(k) * (1 + oscillation * wiggle(runId, k));
      steps.push({ step, epoch: (step * epochCount) / totalSteps, examples: step * batch, loss, gradNorm: 1, updateNorm: 0.1 });
    }
    const lastStep = 10 * (logged - 1);
    for (let epoch = 0; epoch <= epochCount; epoch++) {
      const step = Math.round((epoch * totalSteps) / epochCount);
      if (step > lastStep) break;
      const trainLoss = cleanLoss(step / 10);
      const accuracy = Math.min(1, Math.max(0, 1 - trainLoss / 2));
      epochs.push({ epoch, step, examples: step * batch, trainLoss, testLoss: 1.1 * trainLoss, trainAccuracy: accuracy, testAccuracy: accuracy });
    }
  }
  const lastLoss = steps.length > 0 ? steps[steps.length - 1].loss : NaN;
  const objective = options.landscape !== undefined ? trajectory.map((point) => point.loss) : epochs.map((point) => point.trainLoss);
  const finalLoss = status === 'finished' ? (objective[objective.length - 1] ?? NaN) : NaN;
  const stepsRun = options.landscape !== undefined ? 10 * (trajectory.length - 1) : logged * 10;
  // A pruned run's summary is over the series it trained, as the runner writes it: its metric is the value at its rung.
  const prunedMetric = status === 'pruned' ? (objective[objective.length - 1] ?? NaN) : NaN;
  const summaryMetric = status === 'finished' ? final : prunedMetric;
  return {
    schema: 4, // RECORD_SCHEMA (a type error when it changes)
    runId,
    sweep,
    replicate,
    seed: `7/${runId}`,
    // Paired: every configuration's replicate k shares its streams.
    seeds:
      config.problem.kind === 'landscape'
        ? { data: null, init: null, shuffle: null, noise: `noise-${replicate}` }
        : { data: `data-${replicate}`, init: `init-${replicate}`, shuffle: `shuffle-${replicate}`, noise: null },
    config,
    status,
    ...(status === 'pruned' ? { pruning: fixturePruning(options.pruning, stepsRun, 10 * points, prunedMetric, config.metric.name) } : {}),
    error: status === 'failed' ? { message: options.errorMessage ?? 'shape mismatch', plugin: null } : null,
    divergence:
      status === 'diverged'
        ? { step: logged * 10, examples: logged * 10 * batch, reason: 'exploding loss', lastFiniteLoss: lastLoss }
        : null,
    steps,
    epochs,
    trajectory,
    summary: {
      steps: stepsRun,
      examples: stepsRun * batch,
      finalLoss,
      // As the runner computes it: over the whole-training-set evaluations (or the exact path values).
      bestLoss: objective.reduce((best, loss) => (Number.isFinite(loss) ? Math.min(best, loss) : best), Infinity),
      finalMetric: summaryMetric,
      bestMetric: summaryMetric,
      finalTrainAccuracy: null,
      finalTestAccuracy: null,
      stepsToTarget: options.stepsToTarget ?? null,
      examplesToTarget: options.stepsToTarget === undefined || options.stepsToTarget === null ? null : options.stepsToTarget * batch,
      lossNoise: options.lossNoise ?? oscillation * final,
    },
  };
}

/** A pruning record in steps (the fixture's unit; the full budget is a finished run's steps): stopped at rung 1 of 3 unless `given` says otherwise. */
function fixturePruning(given: Partial<Pruning> | undefined, budget: number, fullBudget: number, value: number, metric: string): Pruning {
  const pruning = { rung: 1, rungs: 3, bracket: 1, budget, fullBudget, unit: 'steps' as const, metric, value, rank: 3, of: 4, advanced: 2, cutAt: value / 2, ...given };
  return {
    ...pruning,
    reason: given?.reason ?? `rung ${pruning.rung} of ${pruning.rungs}: ${metric} ${value.toPrecision(2)}, rank ${pruning.rank} of ${pruning.of}, cut at ${pruning.cutAt.toPrecision(2)}`,
  };
}

/** Wall-time meta for a record: `msPerStep` per step, slower per step for bigger batches as real runs are; an evaluation takes no time. */
export function makeRunMeta(record: RunRecord, msPerStep = 0.5): RunMeta {
  const perStep = msPerStep * (1 + record.config.train.batch_size / 64);
  return {
    schema: 1,
    runId: record.runId,
    wallTimeMs: record.summary.steps * perStep,
    stepTimesMs: record.steps.map((point) => point.step * perStep),
    epochTimesMs: record.epochs.map((point) => point.step * perStep),
    finishedAt: '2025-01-01T00:00:00.000Z',
    node: 'v20.20.2',
    machine: 'fixture-machine',
    gitCommit: 'abc1234',
    descentVersion: '0.1.0',
    kernels: 'wasm-simd',
  };
}

/** A run with its meta. */
export function makeReportRun(options: FixtureRunOptions = {}, withMeta = true): ReportRun {
  const record = makeRunRecord(options);
  return { record, meta: withMeta ? makeRunMeta(record) : null };
}

export interface FixtureSweepOptions {
  name?: string;
  varied: string[];
  runs: ReportRun[];
  metric?: MetricConfig;
  landscapes?: LandscapeGrid[];
  description?: string | null;
  method?: SearchMethod;
  earlyTerminate?: EarlyTerminateInfo;
  /** A bayes search's quasirandom startup (SweepInfo.bayes). */
  bayes?: { startup: number };
  /** The order the search asked for the runs (SweepInfo.runIds); default: the order of `runs`. */
  runIds?: string[];
}

export function makeSweepInput(options: FixtureSweepOptions): SweepReportInput {
  const name = options.name ?? 'fixture';
  const sweep: SweepInfo = {
    schema: 1,
    name,
    file: `sweeps/${name}.yaml`,
    description: options.description ?? 'A fixture sweep.',
    seed: 7,
    method: options.method ?? 'grid',
    replicates: Math.max(1, ...options.runs.map((run) => run.record.replicate + 1)),
    varied: options.varied,
    metric: options.metric ?? FIXTURE_METRIC,
    plugins: [],
    runIds: options.runIds ?? options.runs.map((run) => run.record.runId),
    command: `pnpm exp run sweeps/${name}.yaml`,
    ...(options.earlyTerminate !== undefined ? { earlyTerminate: options.earlyTerminate } : {}),
    ...(options.bayes !== undefined ? { bayes: options.bayes } : {}),
  };
  return {
    sweep,
    runs: options.runs,
    landscapes: options.landscapes ?? [],
    environment: { descentVersion: '0.1.0', gitCommit: 'abc1234', node: 'v20.20.2', generatedBy: 'report tests' },
  };
}

/** A grid of f(x, y) over [x0, x1] × [y0, y1] with n points per side, in the LandscapeGrid layout. */
export function sampleGrid(
  name: string,
  f: (x: number, y: number) => number,
  [x0, x1]: [number, number],
  [y0, y1]: [number, number],
  n: number,
  points: LandscapeGrid['points'],
): LandscapeGrid {
  const x = Array.from({ length: n }, (_, i) => x0 + ((x1 - x0) * i) / (n - 1));
  const y = Array.from({ length: n }, (_, j) => y0 + ((y1 - y0) * j) / (n - 1));
  const values: number[] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) values.push(f(x[i], y[j]));
  return { name, x, y, values, points };
}
