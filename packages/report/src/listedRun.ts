import { RECORD_SCHEMA, wallTimeToTarget, type RunEnvironment, type RunListing, type RunRecord } from '@descent/runner';
import type { ReportRun } from './types.js';

/**
 * A report of a sweep with more runs than a page draws (pageSample.ts) reads whole records only for the runs whose
 * series it draws (runsWithSeries.ts); every other run comes from its run listing (runner/src/runListing.ts), ~400
 * bytes instead of a record's ~15 KB. Such a run's record holds the listed facts (id, replicate, status, config,
 * summary, pruning, error) and no series: a trap for a view that reads steps, epochs, trajectory, divergence or
 * seeds of every run. Views that summarise every run read those facts through divergenceStepOf,
 * wallTimeToTargetOf and environmentOf; views that draw series read drawn runs only (drawnModel).
 */
const NO_SEEDS = Object.freeze({}) as RunRecord['seeds'];
const NO_SERIES = Object.freeze([]) as never[];

export function listedRun(listing: RunListing, sweep: string): ReportRun {
  const { runId, replicate, status, config, summary, pruning, error } = listing;
  const record: RunRecord = {
    schema: RECORD_SCHEMA,
    runId,
    sweep,
    replicate,
    // Not listed: only the table of runs shows them, and it draws runs read whole.
    seed: '',
    seeds: NO_SEEDS,
    config,
    status,
    ...(pruning === null ? {} : { pruning }),
    error,
    divergence: null,
    // One frozen empty series for every listed run (100,000 of them): a view that wrote into one would throw.
    steps: NO_SERIES,
    epochs: NO_SERIES,
    trajectory: NO_SERIES,
    summary,
  };
  return { record, meta: null, listed: listing };
}

/** The step a run diverged at; null when it did not. */
export function divergenceStepOf(run: ReportRun): number | null {
  return run.listed !== undefined ? run.listed.divergenceStep : (run.record.divergence?.step ?? null);
}

/** Milliseconds of training until the run first reached the metric's target (wallTimeToTarget). */
export function wallTimeToTargetOf(run: ReportRun): number | null {
  return run.listed !== undefined ? run.listed.wallTimeToTargetMs : wallTimeToTarget(run.record, run.meta);
}

/** Where a run ran, from its meta; null when it has none. */
export function environmentOf(run: ReportRun): RunEnvironment | null {
  return run.listed !== undefined ? run.listed.environment : run.meta;
}
