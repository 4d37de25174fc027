import type { JobsOptions } from 'bullmq';
import type { RunSpec } from '@descent/sweep';

/** A plugin a sweep loads, as its runs' configs name it: the spec as written and the sha256 of its content. */
export interface PluginRef {
  source: string;
  sha256: string;
}

/**
 * One run as a BullMQ job: plain JSON, self-contained, so any worker on any machine can train it.
 * Paths are relative to the workspace root, which is the same checkout on every machine.
 */
export interface RunJobData {
  /** Bumped when the shape changes, so an older worker refuses a job instead of misreading it. */
  format: typeof RUN_JOB_FORMAT;
  sweep: string;
  spec: RunSpec;
  /** The sweep file's folder relative to the workspace root, with '/' separators (plugins and CSV files resolve against it). */
  baseDir: string;
  /** Every plugin of the sweep, in the sweep's order, with the content hash the coordinator loaded. */
  plugins: PluginRef[];
  /** The coordinator's Descent version and git commit, so a worker at another commit can say so. */
  descent: { version: string; commit: string | null };
  /** Enqueued by `exp run --force`: the result replaces a record already in the store. */
  force: boolean;
}

/** What a worker returns: the record and meta in the store's JSON (NaN and ±Infinity survive, unlike plain JSON). */
export interface RunJobResult {
  record: string;
  /** Null when the run left no timing facts. */
  meta: string | null;
}

export const RUN_JOB_FORMAT = 1 as const;

/**
 * `<sweep>/<runId>`: the same run always gets the same job id, so enqueueing twice adds it once.
 * (BullMQ refuses ':' in custom ids; sweep names never contain '/'.)
 */
export function jobIdOf(sweep: string, runId: string): string {
  return `${sweep}/${runId}`;
}

/**
 * A failing job is tried twice in all (a crashed thread may be a fluke), never forever; refusals
 * (a plugin with another hash) fail at once. Finished and failed jobs stay in Redis, with their
 * results, until a coordinator collects them into the run store and removes them.
 */
export const RUN_JOB_OPTIONS: JobsOptions = {
  attempts: 2,
  removeOnComplete: false,
  removeOnFail: false,
};
