import { firstNonFinite, guardedInit, GuardedUpdate, OptimizerContractError, resolveHyperparameters, scheduleFactorOf, type FloatArray, type Optimizer, type OptimizerState } from '@descent/optim';
import { describeThrown } from '@descent/settings';
import { BatchSampler, stepsPerEpoch } from '@descent/data';
import { rng, type Rng } from '@descent/tensor';
import { datasetProblem } from './problems/dataset.js';
import { landscapeProblem } from './problems/landscape.js';
import type { Problem } from './problems/problem.js';
import type { ResolvedConfig, StreamName } from '@descent/sweep';
import { EPOCH_METRIC_FIELDS, RECORD_SCHEMA, type Divergence, type EpochPoint, type RunRecord, type RunStatus, type RunSummary, type StepPoint, type TrajectoryPoint } from './types.js';

import type { RunSpec } from '@descent/sweep';
import { RunInterrupted } from './runInterrupted.js';

export interface TrainContext {
  sweep: string;
  /** Folder of the sweep file: CSV paths resolve against it. */
  baseDir: string;
  /** Finds the optimizer named by the config (built-in or plugin). */
  optimizer(name: string): Optimizer;
  /** The plugin file or package an optimizer comes from, for error messages (null for built-ins). */
  pluginOf(name: string): string | null;
  /** Wall-clock source; injected so that nothing in the record can read it. */
  now(): number;
  /** Asked every STOP_CHECK_STEPS steps: true stops the run with RunInterrupted (nothing recorded). */
  shouldStop?(): boolean;
}

/** How often a run asks whether its sweep was interrupted: often enough to stop within a fraction of a second. */
const STOP_CHECK_STEPS = 64;

export interface TrainResult {
  record: RunRecord;
  /** Wall time of the whole run and at each logged step (non-deterministic; stored apart). */
  wallTimeMs: number;
  stepTimesMs: number[];
  epochTimesMs: number[];
}

/**
 * Train one run to completion (or until `ctx.shouldStop` says so: RunInterrupted). Never throws for a problem of the run itself: a diverging run is a
 * result (`diverged`), and an error (a plugin breaking its contract, a bad CSV) is recorded as `failed`.
 *
 * Streams: `init` (weights), `data` (dataset generation and split), `shuffle` (mini-batch order),
 * `noise` (landscape gradient noise), each seeded by `spec.seeds` (the sweep package's streamSeeds: under
 * `pairing: paired`, shared by replicate k of every configuration whose settings allow it), so they are
 * independent of each other and of the order in which runs execute.
 */
export function trainRun(spec: RunSpec, ctx: TrainContext): TrainResult {
  const started = ctx.now();
  const { config } = spec;
  const log = new RunLog(spec, ctx.sweep);
  const stepTimes: number[] = [];
  const epochTimes: number[] = [];
  let status: RunStatus = 'finished';
  let error: RunRecord['error'] = null;
  let divergence: Divergence | null = null;

  try {
    const { problem, sampler } = setUpRun(spec, ctx.baseDir);
    const optimizer = ctx.optimizer(config.optimizer.name);
    const plugin = ctx.pluginOf(config.optimizer.name);
    const guard = new GuardedUpdate(optimizer, plugin);
    const { name: _name, ...hpGiven } = config.optimizer;
    const hp = resolveHyperparameters(optimizer, hpGiven) as Record<string, number | boolean | string>;
    const state = guardedInit(optimizer, plugin)(problem.params, hp as never);
    if (problem.trainSize !== null) {
      log.epoch(0, 0, 0, problem.evaluate());
      epochTimes.push(ctx.now() - started);
    }
    const start = problem.position();
    if (start) log.trajectory({ step: 0, ...start });

    const loop = new StepLoop(config, problem, sampler, guard, state, hp, log, () => ctx.now() - started, stepTimes, epochTimes, horizonSteps(spec, problem.trainSize));
    for (let step = 0; step < loop.stopAt; step++) {
      if (loop.step(step)) break;
      if (step % STOP_CHECK_STEPS === STOP_CHECK_STEPS - 1 && ctx.shouldStop?.()) throw new RunInterrupted();
    }
    divergence = loop.divergence;
    if (divergence) status = 'diverged';
  } catch (e) {
    if (e instanceof RunInterrupted) throw e; // not a result of the run
    status = 'failed';
    // describeThrown and a guarded instanceof: what a plugin throws may be hostile (a Proxy that throws on every trap).
    error = { message: describeThrown(e), plugin: contractErrorPlugin(e) };
  }

  const record = log.finish(status, error, divergence);
  return { record, wallTimeMs: ctx.now() - started, stepTimesMs: stepTimes, epochTimesMs: epochTimes };
}

/**
 * One run's training loop, a step at a time. The body of the loop is a method rather than inline in
 * trainRun because trainRun is entered once per run: a loop inside it reaches optimised code only by
 * on-stack replacement, run after run, until trainRun itself has been called often enough, while a method
 * called every step is optimised within the first run of each worker thread. Same arithmetic, same order.
 */
class StepLoop {
  readonly totalSteps: number;
  /** Where this run stops: totalSteps, or early termination's rung (`spec.horizon`) as a prefix of the full run. */
  readonly stopAt: number;
  divergence: Divergence | null = null;
  private readonly baseLr: number;
  private readonly learningRateFactor: (step: number, totalSteps: number) => number;
  private readonly batchSize: number;
  private readonly perEpoch: number | null;
  private readonly landscapeBatch: Int32Array = new Int32Array(0);
  private readonly logEvery: number;
  private readonly previous: Float64Array[];
  private readonly hpAtStep: Record<string, number | boolean | string>;
  private readonly divergeFactor: number;
  private readonly goal: 'minimize' | 'maximize';
  private readonly target: number | null;
  private examples = 0;
  private firstLoss: number | null = null;
  private lastFiniteLoss: number | null = null;
  private targetReached = false;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly problem: Problem,
    private readonly sampler: BatchSampler | null,
    private readonly guard: GuardedUpdate,
    private state: OptimizerState,
    hp: Record<string, number | boolean | string>,
    private readonly log: RunLog,
    private readonly elapsed: () => number,
    private readonly stepTimes: number[],
    private readonly epochTimes: number[],
    horizon: number | null,
  ) {
    this.baseLr = hp.lr as number;
    this.learningRateFactor = scheduleFactorOf(config.schedule as never);
    this.batchSize = config.train.batch_size;
    this.totalSteps = budgetSteps(config, problem.trainSize);
    this.stopAt = horizon === null ? this.totalSteps : Math.min(horizon, this.totalSteps);
    this.perEpoch = problem.trainSize === null ? null : stepsPerEpoch(problem.trainSize, this.batchSize);
    this.logEvery = Math.max(1, Math.ceil(this.totalSteps / Math.max(1, config.train.max_points - 1)));
    this.previous = problem.params.map((p) => new Float64Array(p.length));
    this.hpAtStep = { ...hp };
    this.divergeFactor = config.train.diverge_factor;
    this.goal = config.metric.goal;
    this.target = config.metric.target;
  }

  /** Take step `step`; true when the run stops here (diverged). */
  step(step: number): boolean {
    const { problem, totalSteps, perEpoch, log, previous } = this;
    const last = step === totalSteps - 1 || step === this.stopAt - 1;
    let batch = this.landscapeBatch;
    let batchLength = this.batchSize;
    if (this.sampler) {
      const next = this.sampler.next();
      batch = next.indices;
      batchLength = next.length;
    }
    const loss = problem.lossAndGradient(batch, batchLength);
    const firstLoss = this.firstLoss;
    const reason = !Number.isFinite(loss)
      ? 'non-finite loss'
      : firstLoss !== null && Math.abs(loss) > this.divergeFactor * (Math.abs(firstLoss) + 1e-12)
        ? 'exploding loss'
        : null;
    if (reason) {
      this.divergence = { step, examples: this.examples, reason, lastFiniteLoss: this.lastFiniteLoss };
      log.step({ step, epoch: epochOf(step, perEpoch), examples: this.examples, loss, gradNorm: NaN, updateNorm: NaN });
      this.stepTimes.push(this.elapsed());
      return true;
    }
    this.firstLoss ??= loss;
    this.lastFiniteLoss = loss;

    const grads = problem.grads;
    for (let i = 0; i < previous.length; i++) previous[i].set(problem.params[i]);
    this.hpAtStep.lr = this.baseLr * this.learningRateFactor(step, totalSteps);
    const result = this.guard.update({ params: problem.params, grads, state: this.state, hp: this.hpAtStep as never, step });
    this.state = result.state;
    for (let i = 0; i < problem.params.length; i++) {
      if (result.params[i] !== problem.params[i]) problem.params[i].set(result.params[i]);
    }
    this.examples += batchLength;
    const examples = this.examples;

    const bad = firstNonFinite(problem.params);
    const at = problem.position();
    // A landscape's loss is known exactly at every step: the step that first reaches the target is
    // always logged, so time to target is exact rather than rounded up to the sampling interval.
    const hitsTarget = at !== null && !this.targetReached && this.reachesTarget(at.loss);
    if (hitsTarget) this.targetReached = true;
    const shouldLog = step % this.logEvery === 0 || last || bad >= 0 || hitsTarget;
    if (shouldLog) {
      // The norms only for the steps that record them: two passes over every parameter were a fifth of a
      // digits run's time (784-32-10, 400 steps, ~30 logged). Nothing has changed grads or params since the update.
      const gradNorm = norm(grads);
      const updateNorm = distance(problem.params, previous);
      log.step({ step, epoch: epochOf(step, perEpoch), examples, loss, gradNorm, updateNorm });
      this.stepTimes.push(this.elapsed());
      if (at) log.trajectory({ step: step + 1, ...at });
    }
    if (bad >= 0) {
      this.divergence = { step, examples, reason: 'non-finite parameters', lastFiniteLoss: this.lastFiniteLoss };
      return true;
    }
    if (perEpoch !== null && ((step + 1) % perEpoch === 0 || last)) {
      log.epoch(Math.ceil((step + 1) / perEpoch), step + 1, examples, problem.evaluate());
      this.epochTimes.push(this.elapsed());
    }
    return false;
  }

  private reachesTarget(loss: number): boolean {
    const target = this.target;
    return target !== null && (this.goal === 'minimize' ? loss <= target : loss >= target);
  }
}

/**
 * A run before its first step: the problem (data, split and initial weights, or a landscape with its noise)
 * and the mini-batch sampler, each from its own stream of `spec.seeds`.
 */
export function setUpRun(spec: RunSpec, baseDir: string): { problem: Problem; sampler: BatchSampler | null } {
  const { config } = spec;
  const stream = (name: StreamName): Rng => {
    const seed = spec.seeds[name];
    if (seed === null) throw new Error(`run ${spec.runId} has no ${name} stream (its problem is a ${config.problem.kind})`);
    return rng(seed);
  };
  if (config.problem.kind === 'landscape') return { problem: landscapeProblem(config.problem.landscape, stream('noise')), sampler: null };
  const problem = datasetProblem(config.problem, { data: stream('data'), init: stream('init') }, baseDir);
  return { problem, sampler: new BatchSampler(problem.trainSize!, config.train.batch_size, stream('shuffle')) };
}

/** Number of optimizer steps the budget allows. Partial last batches count as steps. */
export function budgetSteps(config: ResolvedConfig, trainSize: number | null): number {
  const { epochs, steps, examples, batch_size } = config.train;
  if (steps !== undefined) return steps;
  if (examples !== undefined) return Math.ceil(examples / batch_size);
  if (epochs !== undefined && trainSize !== null) return epochs * Math.ceil(trainSize / batch_size);
  throw new Error('train: the budget needs one of epochs (datasets only), steps or examples');
}

/**
 * The steps of early termination's rung `spec.horizon` (a budget in train:'s unit, converted as the full budget
 * is), or null for a whole run. Rung budgets below the full one keep the full run's schedule and logging.
 */
export function horizonSteps(spec: RunSpec, trainSize: number | null): number | null {
  if (spec.horizon === undefined) return null;
  const train = spec.config.train;
  const unit = train.steps !== undefined ? 'steps' : train.examples !== undefined ? 'examples' : 'epochs';
  return budgetSteps({ ...spec.config, train: { ...train, [unit]: spec.horizon } }, trainSize);
}

function epochOf(step: number, perEpoch: number | null): number {
  return perEpoch === null ? 0 : step / perEpoch;
}

function norm(arrays: readonly FloatArray[]): number {
  let s = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function distance(a: readonly FloatArray[], b: readonly Float64Array[]): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const x = a[k], y = b[k];
    for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
  }
  return Math.sqrt(s);
}

/** Collects a run's series and computes its summary. */
class RunLog {
  readonly steps: StepPoint[] = [];
  readonly epochs: EpochPoint[] = [];
  readonly path: TrajectoryPoint[] = [];

  constructor(private readonly spec: RunSpec, private readonly sweep: string) {}

  step(point: StepPoint): void {
    this.steps.push(point);
  }

  epoch(epoch: number, step: number, examples: number, e: ReturnType<Problem['evaluate']>): void {
    if (e) this.epochs.push({ epoch, step, examples, ...e });
  }

  trajectory(point: TrajectoryPoint): void {
    this.path.push(point);
  }

  finish(status: RunStatus, error: RunRecord['error'], divergence: Divergence | null): RunRecord {
    const { config } = this.spec;
    return {
      schema: RECORD_SCHEMA,
      runId: this.spec.runId,
      sweep: this.sweep,
      replicate: this.spec.replicate,
      seed: this.spec.seed,
      seeds: this.spec.seeds,
      config,
      status,
      error,
      divergence,
      steps: this.steps,
      epochs: this.epochs,
      trajectory: this.path,
      summary: summarize(config, this.steps, this.epochs, this.path, divergence),
    };
  }
}

/** The metric's series as (step, examples, value) points, in order. */
export function metricSeries(config: ResolvedConfig, epochs: EpochPoint[], path: TrajectoryPoint[]) {
  if (config.problem.kind === 'landscape') return path.map((p) => ({ step: p.step, examples: p.step * config.train.batch_size, value: p.loss }));
  const key = EPOCH_METRIC_FIELDS[config.metric.name as keyof typeof EPOCH_METRIC_FIELDS];
  return epochs.map((e) => ({ step: e.step, examples: e.examples, value: (e[key] ?? NaN) as number }));
}

export function summarize(config: ResolvedConfig, steps: StepPoint[], epochs: EpochPoint[], path: TrajectoryPoint[], divergence: Divergence | null): RunSummary {
  const minimize = config.metric.goal === 'minimize';
  const series = metricSeries(config, epochs, path);
  const values = series.map((p) => p.value).filter((v) => !Number.isNaN(v));
  const better = (a: number, b: number) => (minimize ? a < b : a > b);
  let best = values.length ? values[0] : NaN;
  for (const v of values) if (better(v, best)) best = v;
  const target = config.metric.target;
  const reached = target === null ? undefined : series.find((p) => (minimize ? p.value <= target : p.value >= target));
  // Best and final loss on the same footing: the whole training set at epoch ends, or the exact path value.
  const losses = config.problem.kind === 'landscape' ? path.map((p) => p.loss) : epochs.map((e) => e.trainLoss);
  const lastEpoch = epochs.at(-1);
  const lastStep = steps.at(-1);
  const finalLoss = divergence ? NaN : config.problem.kind === 'landscape' ? (path.at(-1)?.loss ?? NaN) : (lastEpoch?.trainLoss ?? NaN);
  const finiteLosses = losses.filter(Number.isFinite);
  return {
    steps: divergence ? divergence.step : lastStep ? lastStep.step + 1 : 0,
    examples: divergence ? divergence.examples : (lastStep?.examples ?? 0),
    finalLoss,
    bestLoss: finiteLosses.length ? Math.min(...finiteLosses) : NaN,
    finalMetric: divergence ? NaN : (series.at(-1)?.value ?? NaN),
    bestMetric: best,
    finalTrainAccuracy: divergence ? null : (lastEpoch?.trainAccuracy ?? null),
    finalTestAccuracy: divergence ? null : (lastEpoch?.testAccuracy ?? null),
    // Only for a run with validation rows: a record without them keeps the fields (and bytes) it always had.
    ...(epochs.some((e) => e.validationLoss !== undefined) ? { finalValidationAccuracy: divergence ? null : (lastEpoch?.validationAccuracy ?? null) } : {}),
    stepsToTarget: reached ? reached.step : null,
    examplesToTarget: reached ? reached.examples : null,
    lossNoise: oscillation(steps.map((s) => s.loss)),
  };
}

/**
 * Oscillation of the training loss: the standard deviation of the step-to-step change of log10 of the
 * logged mini-batch loss over the second half of the run (where the trend has flattened and noise
 * dominates). In log10 so that a run whose loss is 100× lower does not look 100× calmer; when a loss is
 * not positive (landscapes can go below 0) the change of the loss itself.
 */
export function oscillation(losses: number[]): number {
  const tail = losses.slice(Math.floor(losses.length / 2)).filter(Number.isFinite);
  if (tail.length < 3) return NaN;
  const scale = tail.every((v) => v > 0) ? Math.log10 : (v: number) => v;
  const diffs = tail.slice(1).map((v, i) => scale(v) - scale(tail[i]));
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  return Math.sqrt(diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / diffs.length);
}

/** The plugin named by an OptimizerContractError, else null; never throws (`instanceof` runs a Proxy's traps). */
function contractErrorPlugin(e: unknown): string | null {
  try {
    return e instanceof OptimizerContractError ? (e.plugin ?? null) : null;
  } catch {
    return null;
  }
}
