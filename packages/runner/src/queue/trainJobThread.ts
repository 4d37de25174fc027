import { resolve } from 'node:path';
import { PluginError } from '@descent/optim';
import { loadCatalog, type LoadedCatalog } from '../loadCatalog.js';
import { encodeJson } from '../json.js';
import { encodeRecord } from '../recordCodec.js';
import type { RunStatus } from '../types.js';
import { trainTask } from '../worker.js';
import { PluginChangedError } from '../pluginChanged.js';
import { hardenWorkerThread } from '../hardenWorkerThread.js';
import { pluginLabel, pluginMismatch } from './pluginRefs.js';
import type { RunJobData, RunJobResult } from './runJob.js';

/** What a queue worker posts to one of its training threads. */
export interface TrainJobTask {
  job: RunJobData;
  /** This machine's workspace root: the job's relative paths resolve against it. */
  root: string;
  /** Plugin files outside the workspace this worker may import (a job names files; a worker imports only those in its workspace). */
  allowPlugins?: string[];
}

export type TrainJobOutcome =
  | { kind: 'trained'; result: RunJobResult; status: RunStatus; wallTimeMs: number | null }
  /** This worker cannot train the job the way the coordinator would (a missing or different plugin). */
  | { kind: 'refused'; message: string };

// The plugin check loads the sweep's plugins once per thread and sweep definition, not once per run.
const checked = new Map<string, Promise<LoadedCatalog>>();

/**
 * Train one queued run in a worker thread (piscina's default export): check that this machine has the
 * plugins the coordinator loaded (same content hash), then train exactly as a local run does
 * (worker.ts). It runs in a thread, not on the queue worker's main thread, so the main thread keeps
 * renewing the job's lock in Redis while a run trains: a blocked event loop would look like a dead
 * worker, and the run would be given to another.
 */
export default async function trainJob({ job, root, allowPlugins = [] }: TrainJobTask): Promise<TrainJobOutcome> {
  hardenWorkerThread(); // before any plugin loads in this thread
  const baseDir = resolve(root, job.baseDir);
  // Only the run's own plugin (none for a built-in optimizer): the sweep's other plugins are not imported here.
  const expected = job.plugins.filter((p) => job.spec.config.plugins.some((used) => used.source === p.source));
  const plugins = expected.map((p) => p.source);
  const key = JSON.stringify([baseDir, expected]);
  let pending = checked.get(key);
  const trust = { workspace: root, allowed: allowPlugins, howToAllow: (file: string) => `exp worker --allow-plugin ${file}` };
  if (!pending) checked.set(key, (pending = loadCatalog(plugins, baseDir, { trust })));
  try {
    const mismatch = pluginMismatch(expected, await pending, job.baseDir);
    if (mismatch) {
      checked.delete(key); // the files may be updated while the worker runs
      return { kind: 'refused', message: mismatch.message };
    }
  } catch (error) {
    checked.delete(key);
    if (!(error instanceof PluginError)) throw error;
    const problem = error.problems[0];
    return { kind: 'refused', message: `plugin ${pluginLabel(problem.source, job.baseDir)}: this worker cannot load it (${problem.message})` };
  }

  let trained: Awaited<ReturnType<typeof trainTask>>;
  try {
    trained = await trainTask({ spec: job.spec, sweep: job.sweep, baseDir, plugins });
  } catch (error) {
    // Edited since the check above: this worker would train code other than the one the job names.
    if (error instanceof PluginChangedError) return { kind: 'refused', message: `plugin ${pluginLabel(job.spec.config.plugins[0]?.source ?? error.plugin, job.baseDir)}: ${error.message}` };
    throw error;
  }
  const { record, meta } = trained;
  return {
    kind: 'trained',
    result: { record: encodeRecord(record), meta: meta === null ? null : encodeJson(meta) },
    status: record.status,
    wallTimeMs: meta?.wallTimeMs ?? null,
  };
}
