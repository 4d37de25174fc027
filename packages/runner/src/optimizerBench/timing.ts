import { timeToTarget } from '@descent/stats';
import type { RunStore } from '../store.js';
import type { RunMeta, RunRecord } from '../types.js';
import { wallTimeToTarget } from '../wallTimeToTarget.js';

/**
 * What `exp optimizers bench` writes to timing.json beside summary.json: wall times, read from the runs' metas.
 * They depend on the machine, on its load and on what else ran beside each run, so they are kept out of the
 * summary (which is the same bytes on any machine, any number of workers, after a resume) and score nothing.
 */
export interface OptimizerBenchTiming {
  schema: 1;
  /** Ties the file to its summary: the same suite, seed, budget and kernels. */
  suite: string;
  seed: number;
  budget: 'quick' | 'full';
  kernels: string;
  /** Where the times were measured, as the runs' metas say (cached runs may come from an earlier bench), most runs first. */
  machines: BenchMachine[];
  results: BenchTimingResult[];
}

export interface BenchMachine {
  /** The meta's machine: host, platform, cores × CPU model. */
  machine: string;
  node: string;
  kernels: string;
  /** How many of the timed runs (tuning trials and replicates) ran there. */
  runs: number;
}

/** One optimizer on one workload: the wall times of the runs behind its BenchResult. */
export interface BenchTimingResult {
  optimizer: string;
  workload: string;
  /** Median over the replicates of the wall time at which each reached the target (∞ when it did not); null when a majority did not. */
  wallTimeToTargetMs: number | null;
  /** Replicate k's wall time to target (null: not reached, or no meta) and its whole training time (null: no meta). */
  replicates: { wallTimeToTargetMs: number | null; trainingMs: number | null }[];
  /** The replicates' training time, summed. */
  trainingMs: number;
  /** The tuning trials' training time, summed: what tuning this optimizer on this workload cost. */
  tuningMs: number;
}

/** A run's record and meta (null when the store has none: a run recorded without its wall time). */
export interface TimedRun {
  record: RunRecord;
  meta: RunMeta | null;
}

/** The records with their metas, from the store that holds them. */
export function timedRuns(store: RunStore, records: readonly RunRecord[]): TimedRun[] {
  return records.map((record) => ({ record, meta: store.read(record.sweep, record.runId).meta }));
}

// stats' timeToTarget takes positive times; a target reached at the start (0 ms) counts as the metas' resolution, 1 µs.
const METAS_RESOLUTION_MS = 0.001;

/** The timing of one optimizer on one workload, from its replicates and its tuning trials. */
export function benchTimingResult(optimizer: string, workload: string, replicates: readonly TimedRun[], trials: readonly TimedRun[]): BenchTimingResult {
  const perReplicate = replicates.map(({ record, meta }) => ({ wallTimeToTargetMs: wallTimeToTarget(record, meta), trainingMs: meta?.wallTimeMs ?? null }));
  const median = timeToTarget(perReplicate.map((r) => (r.wallTimeToTargetMs === null ? null : Math.max(r.wallTimeToTargetMs, METAS_RESOLUTION_MS))));
  const total = (runs: readonly TimedRun[]) => roundMs(runs.reduce((sum, run) => sum + (run.meta?.wallTimeMs ?? 0), 0));
  return {
    optimizer,
    workload,
    wallTimeToTargetMs: median.time === null ? null : roundMs(median.time),
    replicates: perReplicate,
    trainingMs: total(replicates),
    tuningMs: total(trials),
  };
}

/** The machines the runs' metas name, with how many runs each, most first (then by name). */
export function benchMachines(runs: readonly TimedRun[]): BenchMachine[] {
  const counts = new Map<string, BenchMachine>();
  for (const { meta } of runs) {
    if (meta === null) continue;
    const key = JSON.stringify([meta.machine, meta.node, meta.kernels]);
    const entry = counts.get(key) ?? { machine: meta.machine, node: meta.node, kernels: meta.kernels, runs: 0 };
    entry.runs += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.runs - a.runs || (a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : 0));
}

/** The metas' times are rounded to the microsecond; sums and means are kept to it too. */
const roundMs = (ms: number) => Math.round(ms * 1000) / 1000;
