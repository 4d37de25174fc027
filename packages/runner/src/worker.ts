import type { MessagePort } from 'node:worker_threads';
import { loadCatalog, type LoadedCatalog } from './loadCatalog.js';
import { trainRun } from './train.js';
import { assertBuiltInsIntact, checkBuiltInsAfterRun, hardenWorkerThread, pluginsOfRun } from './hardenWorkerThread.js';
import type { RunSpec } from '@descent/sweep';
import { descentVersion, gitCommit, machineDescription, runMeta, useRunFacts, type RunFacts } from './meta.js';
import { RunStore } from './store.js';
import { haltOutcome, type HaltOutcome } from './halt.js';
import { checkedCatalog } from './pluginChanged.js';
import type { RunDigest, RunMeta, RunRecord } from './types.js';
import { listingOf, type RunListing } from './runListing.js';
import { RunInterrupted, stopRequested, type InterruptedAnswer, type StopFlag } from './runInterrupted.js';

/** A task posted to a worker thread: plain data only. */
export interface RunTask {
  spec: RunSpec;
  sweep: string;
  baseDir: string;
  plugins: string[];
  /** Where the run ran (commit, version, machine), looked up once by the pool; else the thread asks git itself. */
  facts?: RunFacts;
  /**
   * Told 'started' (then closed) when training begins: after the thread has loaded the training stack and
   * the sweep's plugins, so a per-run timeout measures the run, not the start of a fresh thread.
   */
  started?: MessagePort;
  /** Set by the coordinating thread when the sweep is interrupted: the run stops at its next check (runInterrupted.ts). */
  stop?: StopFlag;
}

/**
 * What a thread posts back of a run it stored: its digest, and its listing for the sweep's run listing (null when
 * another process had stored the run first, or no meta.json was written: the listing is then read from the files).
 */
export type StoredRunAnswer = RunDigest & { listing: RunListing | null };

/** A local run: the thread also writes the result into the run store, and posts back only its digest and listing. */
export interface StoredRunTask extends RunTask {
  /** The run store's root folder. */
  store: string;
  /** Replace an existing record (--force). */
  replace: boolean;
}

export interface RunOutcome {
  record: RunRecord;
  /** Null when the run produced no timing facts (a run stopped by the per-run timeout). */
  meta: RunMeta | null;
}

// Plugins are loaded once per worker thread and plugin, not once per run; a thread imports only the plugins its runs use.
const catalogs = new Map<string, Promise<LoadedCatalog>>();

/**
 * The store a run is written to: one per thread and store root, not one per run. A new store reads the sweep's
 * `.run-states.json` (one entry per run) on its first question, so a store per run read a file growing with the
 * sweep before every write. Its answers stay right across runs: each run's state is checked against the stamps
 * of its files. Trap: replacing a run (--force) reads the old record into the store's cache of entries, which a
 * long-lived store would keep for every run of the sweep; those writes get a store of their own.
 */
const stores = new Map<string, RunStore>();
function storeFor(task: StoredRunTask): RunStore {
  if (task.replace) return new RunStore(task.store);
  let store = stores.get(task.store);
  if (store === undefined) stores.set(task.store, (store = new RunStore(task.store)));
  return store;
}

/**
 * Train one run and store it (piscina calls this default export in a worker thread). The thread encodes
 * and writes the record itself, atomically as always: with every core training, work left to the main
 * thread (decoding a 30 kB record, encoding it again, five file operations) was time taken from a training
 * thread, about a tenth of a run.
 */
export default async function storeRun(task: StoredRunTask): Promise<StoredRunAnswer | HaltOutcome | InterruptedAnswer> {
  try {
    const { record, meta } = await trainTask(task);
    const written = storeFor(task).write(record, meta, { replace: task.replace });
    const { runId, status, error, summary } = record;
    return { runId, status, error, summary, listing: written && meta ? listingOf({ record, meta }) : null };
  } catch (error) {
    if (error instanceof RunInterrupted) return { interrupted: true };
    // A full disk or a plugin edited under the sweep: an answer that stops the sweep, not a dead thread (whose run would be stored as failed).
    const halt = haltOutcome(error);
    if (halt) return halt;
    throw error;
  }
}

/** Train one run and return its record and meta (queue workers send them back through Redis). */
export async function trainTask(task: RunTask): Promise<RunOutcome> {
  hardenWorkerThread();
  const plugins = pluginsOfRun(task.spec);
  const key = JSON.stringify([task.baseDir, plugins]);
  let catalog = catalogs.get(key);
  if (!catalog) catalogs.set(key, (catalog = loadCatalog(plugins, task.baseDir)));
  const ready = await checkedCatalog(task.spec, catalog, task.baseDir, () => catalogs.delete(key));
  assertBuiltInsIntact();
  // The run's facts that cost a `git` call: from the pool, or looked up once per thread, before the clock starts.
  if (task.facts) useRunFacts(task.facts);
  gitCommit();
  descentVersion();
  machineDescription();
  task.started?.postMessage('started');
  task.started?.close();
  // A run that waited in the queue while the sweep was interrupted does not start.
  if (stopRequested(task.stop)) throw new RunInterrupted();
  const result = trainRun(task.spec, {
    sweep: task.sweep,
    baseDir: task.baseDir,
    optimizer: ready.optimizer,
    pluginOf: ready.pluginOf,
    now: () => performance.now(),
    shouldStop: task.stop === undefined ? undefined : () => stopRequested(task.stop),
  });
  return { record: checkBuiltInsAfterRun(task.spec, task.sweep, result.record), meta: runMeta(task.spec.runId, result.wallTimeMs, result.stepTimesMs, result.epochTimesMs) };
}
