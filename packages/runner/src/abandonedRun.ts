import { failedRecord } from './failedRecord.js';
import { describeThrown } from '@descent/settings';
import type { RunSpec } from '@descent/sweep';
import type { RunRecord } from './types.js';

/**
 * Records of runs stopped from outside their training: over the per-run timeout, or their worker thread
 * died (a plugin called process.exit, ran out of memory...). They are stored as failed so the sweep goes
 * on and exits non-zero, but they hold no result of the training itself, so re-running one cannot
 * reproduce its record: `exp verify` skips them.
 */
const TIMED_OUT = 'timed out after ';
const THREAD_DIED = 'its worker thread died: ';

export function timedOutRecord(spec: RunSpec, sweep: string, timeoutMs: number): RunRecord {
  return failedRecord(spec, sweep, `${TIMED_OUT}${timeoutMs / 1000} s (run it again with a longer --timeout, and --force)`, null);
}

/**
 * The thread died under the run: when the run's optimizer comes from a plugin, the plugin is named (it is
 * the only user code the thread ran for this run: a process.exit, an exception thrown from a timer).
 */
export function threadDiedRecord(spec: RunSpec, sweep: string, error: unknown): RunRecord {
  // Errors from a thread's module loader arrive as plain objects ({ code, url }): describeThrown shows them as JSON.
  const plugin = spec.config.plugins[0]?.source ?? null;
  return failedRecord(spec, sweep, `${THREAD_DIED}${describeThrown(error)}${plugin === null ? '' : ` (running an optimizer of plugin ${plugin})`}`, plugin);
}

/** True for a record made by `timedOutRecord` or `threadDiedRecord`. */
export function isAbandoned(record: RunRecord): boolean {
  const message = record.status === 'failed' ? record.error?.message : undefined;
  return message !== undefined && (message.startsWith(TIMED_OUT) || message.startsWith(THREAD_DIED));
}
