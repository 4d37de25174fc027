import type { ExecuteSummary, ProgressEvent } from '../execute.js';
import type { RunStore } from '../store.js';
import type { RunSpec } from '@descent/sweep';
import { statusCounts } from '../types.js';
import type { ConnectOptions } from './connectQueue.js';
import type { QueueAddress } from './queueAddress.js';
import type { PluginRef } from './runJob.js';
import { SweepQueue, type CollectedRun } from './sweepQueue.js';
import { settleWithin } from './_settleWithin.js';

export interface QueueRunOptions {
  sweep: string;
  store: RunStore;
  /** The sweep file's folder relative to the workspace root, '/' separators. */
  baseDir: string;
  /** The sweep's plugins with the content hashes the coordinator loaded (see `pluginRefs`). */
  plugins: PluginRef[];
  /** Redo runs that already have a record. */
  force?: boolean;
  /** Enqueue and return at once; a later `runOnQueue` or `collectFromQueue` collects the results. */
  detach?: boolean;
  /** Aborting stops waiting (the jobs stay queued; the next invocation collects them). */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Told once the jobs are queued: how many were added now, how many are queued in all, workers connected. */
  onQueued?: (queued: { added: number; outstanding: number; workers: number | null }) => void;
  /** How often to look at every outstanding job (default 2 s); finished jobs are also announced by events. */
  pollMs?: number;
  connect?: ConnectOptions;
}

export interface QueueRunSummary extends ExecuteSummary {
  /** Jobs added by this invocation (the rest were queued already). */
  added: number;
  /** Runs still queued when this invocation returned (detached or interrupted). */
  outstanding: number;
}

/**
 * Run a sweep on a BullMQ queue: collect results that earlier (detached) invocations left in Redis,
 * enqueue every run without a record, then wait for workers (`startQueueWorker`, on any machine) and
 * write each result to the store as it arrives. The same summary as `executeRuns`, so the caller
 * reports either way alike.
 */
export async function runOnQueue(address: QueueAddress, specs: readonly RunSpec[], options: QueueRunOptions): Promise<QueueRunSummary> {
  const { store, sweep } = options;
  const force = options.force === true;
  const completed = statusCounts();
  store.sweepTemporaries(sweep);
  const runIds = specs.map((s) => s.runId);
  const skipped = force ? 0 : runIds.filter((id) => store.has(sweep, id)).length;
  // workers: the queue's workers are other processes, not counted here; elapsedMs stays 0 (not measured).
  const summary: QueueRunSummary = { total: specs.length, skipped, completed, busy: 0, interrupted: false, workers: 0, elapsedMs: 0, added: 0, outstanding: 0 };

  const queue = await SweepQueue.open(address, options.connect);
  let done = skipped;
  const record = (runs: CollectedRun[]) => {
    for (const run of runs) {
      completed[run.record.status]++;
      done++;
      options.onProgress?.({ done, total: specs.length, skipped, record: run.record });
    }
  };
  try {
    // Results of a redone sweep are old news; otherwise results waiting in Redis are this sweep's.
    if (force) await queue.discardFinished(sweep, runIds);
    else record((await queue.collect(store, sweep, runIds)).filter((run) => run.stored));

    const pending = force ? [...specs] : specs.filter((s) => !store.has(sweep, s.runId));
    const request = { sweep, baseDir: options.baseDir, plugins: options.plugins, force };
    summary.added = await queue.enqueue(pending, request);
    const outstanding = new Map(pending.map((s) => [s.runId, s]));
    options.onQueued?.({ added: summary.added, outstanding: outstanding.size, workers: await queue.workerCount() });
    if (options.detach || outstanding.size === 0) {
      summary.outstanding = outstanding.size;
      return summary;
    }
    summary.interrupted = !(await waitForResults(queue, outstanding, { ...options, request, record, summary }));
    summary.outstanding = outstanding.size;
    return summary;
  } finally {
    await queue.close();
  }
}

/**
 * Collect results until no run is outstanding (true) or the signal aborts (false). Woken by
 * BullMQ's queue events, with a periodic look at every outstanding job as a fallback.
 */
async function waitForResults(
  queue: SweepQueue,
  outstanding: Map<string, RunSpec>,
  context: QueueRunOptions & { request: Parameters<SweepQueue['enqueue']>[1]; record: (runs: CollectedRun[]) => void; summary: QueueRunSummary },
): Promise<boolean> {
  const { sweep, store, signal } = context;
  const { QueueEvents } = await import('bullmq');
  const events = new QueueEvents(queue.address.queueName, { connection: queue.connection.bullmq });
  events.on('error', () => {}); // a lost server is reported by the watchdog
  let wake = () => {};
  const onJobEvent = ({ jobId }: { jobId: string }) => {
    if (outstanding.has(jobId.slice(sweep.length + 1))) wake();
  };
  events.on('completed', onJobEvent);
  events.on('failed', onJobEvent);
  const aborted = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    while (outstanding.size > 0 && !signal?.aborted) {
      const ids = [...outstanding.keys()];
      const states = await queue.states(sweep, ids);
      // A job that vanished without us collecting it: another coordinator stored it, or Redis lost it.
      const vanished = ids.filter((_, i) => states[i] === 'unknown');
      const lostJobs: RunSpec[] = [];
      for (const id of vanished) {
        if (store.has(sweep, id) && !context.force) {
          outstanding.delete(id);
          context.summary.busy++;
        } else lostJobs.push(outstanding.get(id)!);
      }
      if (lostJobs.length) await queue.enqueue(lostJobs, context.request);
      const collected = await queue.collect(store, sweep, ids, states);
      for (const run of collected) outstanding.delete(run.record.runId);
      context.record(collected);
      if (outstanding.size === 0) break;

      let timer: NodeJS.Timeout | undefined;
      await queue.guard(
        Promise.race([
          new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, context.pollMs ?? 2000);
          }),
          aborted,
        ]),
      );
      clearTimeout(timer);
    }
    return outstanding.size === 0;
  } finally {
    await settleWithin(events.close(), 3000);
  }
}

/** Collect finished results of a sweep's runs from the queue into the store (for `exp report --queue`). */
export async function collectFromQueue(address: QueueAddress, store: RunStore, sweep: string, runIds: readonly string[], connect?: ConnectOptions): Promise<CollectedRun[]> {
  const queue = await SweepQueue.open(address, connect);
  try {
    return await queue.collect(store, sweep, runIds);
  } finally {
    await queue.close();
  }
}
