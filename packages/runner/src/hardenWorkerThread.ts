import { isMainThread } from 'node:worker_threads';
import { hardenBuiltIns, hardenedBuiltInChanged, restoreHardenedBuiltIns } from '@descent/optim';
import type { RunSpec } from '@descent/sweep';
import { failedRecord } from './failedRecord.js';
import type { RunRecord } from './types.js';

/**
 * A thread that trains runs hardens JavaScript's built-ins (Math, typed arrays, ...: see hardenBuiltIns)
 * before it loads any plugin, so runs of different plugins, and of built-ins, that share the thread cannot
 * compute with one plugin's patch. Never in the main thread: it renders reports with libraries that were
 * not written for frozen built-ins.
 */
export function hardenWorkerThread(): void {
  if (!isMainThread) hardenBuiltIns();
}

/** The plugin files and packages a run's optimizer comes from (none for a built-in): all its thread must import. */
export function pluginsOfRun(spec: RunSpec): string[] {
  return spec.config.plugins.map((p) => p.source);
}

/**
 * Before each run: the built-ins are as hardened (what little hardening leaves writable is put back);
 * throws when they cannot be, so no run computes with a changed built-in.
 */
export function assertBuiltInsIntact(): void {
  if (hardenedBuiltInChanged() === null) return;
  restoreHardenedBuiltIns();
  const changed = hardenedBuiltInChanged();
  if (changed !== null) throw new Error(`JavaScript's built-in ${changed} was changed in this worker thread (by a plugin loaded in it) and cannot be put back; the run was not started`);
}

/**
 * After each run: a run whose plugin changed a built-in while training is failed, naming the plugin (its
 * numbers may have been computed with the change), and the built-ins are put back for the next run.
 */
export function checkBuiltInsAfterRun(spec: RunSpec, sweep: string, record: RunRecord): RunRecord {
  const changed = hardenedBuiltInChanged();
  if (changed === null) return explainFrozen(record);
  restoreHardenedBuiltIns();
  const plugin = spec.config.plugins[0]?.source ?? null;
  const who = `optimizer '${spec.config.optimizer.name}'${plugin === null ? '' : ` (plugin ${plugin})`}`;
  return failedRecord(spec, sweep, `${who} changes the built-in ${changed} while training; a plugin may not change JavaScript's built-ins (other runs in the same thread would compute with it)`, plugin);
}

// V8's words for a write to a frozen object in strict code.
const FROZEN_WRITE = /Cannot (assign to read only property|add property|define property|redefine property|delete property) /;

/** A plugin's run that failed writing to a frozen object: say why built-ins are frozen (the engine's message names only the key). */
function explainFrozen(record: RunRecord): RunRecord {
  const error = record.error;
  if (record.status !== 'failed' || error === null || error.plugin === null || !FROZEN_WRITE.test(error.message)) return record;
  const message = `${error.message} (JavaScript's built-ins are frozen in the threads that train runs: a plugin may not change them, since other runs in the same thread would compute with the change)`;
  return { ...record, error: { ...error, message } };
}
