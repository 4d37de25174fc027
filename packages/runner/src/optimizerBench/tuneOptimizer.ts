import { meanCurve } from './meanCurve.js';
import type { Optimizer } from '@descent/optim';
import { searchRange } from '@descent/settings';
import { timeToTarget } from '@descent/stats';
import type { RunRecord } from '../types.js';
import { runBenchSweep, type BenchPlace } from './benchSweepRunner.js';
import { benchSweepName, replicatesSweepText, tuneSweepText, type BenchEntrant, type TunedRange } from './benchSweeps.js';
import { BENCH_PROTOCOLS, targetOf, type BenchBudget, type BenchSuite } from './suite.js';
import type { BenchResult } from './types.js';
import { heldOutVariant, tuningMetric, type WorkloadSpec } from './workloads.js';
import { withMetric } from '../withMetric.js';

/** What one bench of the suite shares across optimizers and workloads. */
export interface BenchSetting {
  suite: BenchSuite;
  budget: BenchBudget;
  /** The suite seed: it picks the held-out variants. */
  seed: number;
  /** The kernels the runs use (activeKernels().name): part of every sweep name, since they fix the last bits. */
  kernels: string;
}

/**
 * The ranges the tuning protocol searches: every number hyperparameter's `searchRange` (log where declared);
 * 'fixed' ones, and those that are not numbers, keep their defaults. An open range is the conformance kit's to
 * refuse before anything trains; here it is an error.
 */
export function tuningRanges(optimizer: Optimizer): TunedRange[] {
  const ranges: TunedRange[] = [];
  for (const [key, setting] of Object.entries(optimizer.hyperparameters)) {
    if (setting.type !== 'number') continue;
    const range = searchRange(setting);
    if (range === null) throw new Error(`optimizer bench: ${optimizer.name}'s hyperparameter ${key} has no search range (the conformance kit refuses it)`);
    if (range !== 'fixed') ranges.push({ key, ...range });
  }
  return ranges;
}

/**
 * The best of the tuning sweep's trials by the final value of the workload's tuning metric (a dataset's validation
 * metric, read from each trial's series whatever metric its sweep named); a diverged or failed trial, NaN, or one
 * that does not record the metric ranks last; ties keep plan order.
 */
export function bestTrial(trials: readonly RunRecord[], workload: Pick<WorkloadSpec, 'metric' | 'goal'>): RunRecord {
  const metric = { name: tuningMetric(workload), goal: workload.goal, target: null };
  const score = (r: RunRecord) => {
    const final = withMetric(r, metric)?.summary.finalMetric ?? NaN;
    return Number.isFinite(final) ? (workload.goal === 'minimize' ? final : -final) : Infinity;
  };
  return trials.reduce((best, trial) => (score(trial) < score(best) ? trial : best));
}

/** The hyperparameters a run trained with (its optimizer config without the name). */
export function hyperparametersOf(record: RunRecord): Record<string, number | string | boolean> {
  const { name: _name, ...hp } = record.config.optimizer as Record<string, number | string | boolean>;
  return hp;
}

/**
 * A trained configuration's hyperparameters split into those the protocol searched (the keys of `ranges`) and the
 * rest, which every trial kept (their defaults): the report shows what tuning chose; together they are what the replicates trained with.
 */
export function splitTuned(hyperparameters: Record<string, number | string | boolean>, ranges: readonly TunedRange[]): Pick<BenchResult, 'tuned' | 'fixed'> {
  const searched = new Set(ranges.map((range) => range.key));
  const entries = Object.entries(hyperparameters);
  return { tuned: Object.fromEntries(entries.filter(([key]) => searched.has(key))), fixed: Object.fromEntries(entries.filter(([key]) => !searched.has(key))) };
}

/** A replicate's time to target in steps or examples; reached before the first step (0) counts as 1, so ratios stay defined. */
const positive = (t: number | null) => (t === null ? null : Math.max(t, 1));

export function sweepNameParts(setting: BenchSetting, workload: WorkloadSpec, entrant: BenchEntrant) {
  return { suite: setting.suite.version, budget: setting.budget, kernels: setting.kernels, workload: workload.id, optimizer: entrant.name };
}

/** The tuning sweep's trials on the published variant, in plan order (no target: the targets are derived from them). */
export async function runTuningTrials(place: BenchPlace, setting: BenchSetting, workload: WorkloadSpec, entrant: BenchEntrant, optimizer: Optimizer): Promise<RunRecord[]> {
  const name = benchSweepName(sweepNameParts(setting, workload, entrant), 'tune');
  return runBenchSweep(place, name, tuneSweepText(name, workload, entrant, tuningRanges(optimizer), BENCH_PROTOCOLS[setting.budget].trials));
}

/** One optimizer on one workload: tuned on the published variant, then replicated on the held-out one. */
export interface TunedWorkload {
  result: BenchResult;
  /** The replicates' records (time to target, final metric), replicate k at index k. */
  replicates: RunRecord[];
}

/** What the tuning protocol chose for one optimizer on one workload. */
export interface TuningOutcome {
  /** The best trial's hyperparameters: what the replicates train with. */
  config: Record<string, number | string | boolean>;
  /** The same, split into those the protocol searched and those every trial kept (the report shows the first). */
  tuned: BenchResult['tuned'];
  fixed: BenchResult['fixed'];
  /** The tuning trials' records, in plan order (their wall times go to timing.json). */
  trials: RunRecord[];
}

/**
 * The tuning protocol, the same for every optimizer: `trials` quasirandom configurations over the declared
 * search ranges on the published variant, the best by the final tuning metric (a dataset workload's validation
 * split; the test rows never choose).
 */
export async function tuneOptimizer(place: BenchPlace, setting: BenchSetting, workload: WorkloadSpec, entrant: BenchEntrant, optimizer: Optimizer): Promise<TuningOutcome> {
  const trials = await runTuningTrials(place, setting, workload, entrant, optimizer);
  const config = hyperparametersOf(bestTrial(trials, workload));
  return { config, ...splitTuned(config, tuningRanges(optimizer)), trials };
}

/**
 * The tuned configuration `count` times on the held-out variant with the target set, paired: replicate k of
 * every optimizer draws the same data, weights, batches and noise. The sweep keeps its name whatever the count, so
 * adding replicates later trains only the new ones.
 */
export async function replicateTuned(place: BenchPlace, setting: BenchSetting, workload: WorkloadSpec, entrant: BenchEntrant, tuning: TuningOutcome, count: number): Promise<TunedWorkload> {
  const variant = heldOutVariant(workload, setting.seed);
  const target = targetOf(setting.suite, workload.id);
  const name = benchSweepName(sweepNameParts(setting, workload, entrant), 'replicates');
  const replicates = await runBenchSweep(place, name, replicatesSweepText(name, workload, variant, entrant, tuning.config, count, target));
  replicates.sort((a, b) => a.replicate - b.replicate);

  const scored = replicates.slice(0, BENCH_PROTOCOLS[setting.budget].replicates);
  const steps = timeToTarget(scored.map((r) => positive(r.summary.stepsToTarget)));
  const examples = timeToTarget(scored.map((r) => positive(r.summary.examplesToTarget)));
  const result: BenchResult = {
    optimizer: entrant.name,
    workload: workload.id,
    tuned: tuning.tuned,
    fixed: tuning.fixed,
    trials: tuning.trials.length,
    replicates: replicates.length,
    scored: scored.length,
    reached: examples.replicatesReached,
    stepsToTarget: steps.time,
    examplesToTarget: examples.time,
    finalMetrics: replicates.map((r) => (Number.isFinite(r.summary.finalMetric) ? r.summary.finalMetric : null)),
    diverged: replicates.filter((r) => r.status === 'diverged').length,
    failed: replicates.filter((r) => r.status === 'failed').length,
    curve: meanCurve(replicates),
  };
  return { result, replicates };
}
