import type { MessagePort } from 'node:worker_threads';
import { loadCatalog, type LoadedCatalog } from './catalog.js';
import { trainRun } from './train.js';
import type { RunSpec } from './sweep/index.js';
import { descentVersion, gitCommit, machineDescription, runMeta } from './meta.js';
import type { RunMeta, RunRecord } from './types.js';

/** A task posted to a worker thread: plain data only. */
export interface RunTask {
  spec: RunSpec;
  sweep: string;
  baseDir: string;
  plugins: string[];
  /**
   * Told 'started' (then closed) when training begins: after the thread has loaded the training stack and
   * the sweep's plugins, so a per-run timeout measures the run, not the start of a fresh thread.
   */
  started?: MessagePort;
}

export interface RunOutcome {
  record: RunRecord;
  /** Null when the run produced no timing facts (a run stopped by the per-run timeout). */
  meta: RunMeta | null;
}

// Plugins are loaded once per worker thread and sweep, not once per run.
const catalogs = new Map<string, Promise<LoadedCatalog>>();

/** Train one run. The default export is what piscina calls in a worker thread. */
export default async function runTask(task: RunTask): Promise<RunOutcome> {
  const key = JSON.stringify([task.baseDir, task.plugins]);
  let catalog = catalogs.get(key);
  if (!catalog) catalogs.set(key, (catalog = loadCatalog(task.plugins, task.baseDir)));
  const ready = await catalog;
  // The run's facts that cost a `git` call are looked up once per thread, before the clock starts.
  gitCommit();
  descentVersion();
  machineDescription();
  task.started?.postMessage('started');
  task.started?.close();
  const result = trainRun(task.spec, {
    sweep: task.sweep,
    baseDir: task.baseDir,
    optimizer: ready.optimizer,
    pluginOf: ready.pluginOf,
    now: () => performance.now(),
  });
  return { record: result.record, meta: runMeta(task.spec.runId, result.wallTimeMs, result.stepTimesMs, result.epochTimesMs) };
}
