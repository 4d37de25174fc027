import { relative, sep } from 'node:path';
import type { ExecuteRequest, Executor } from '../executor.js';
import type { ConnectOptions } from './connectQueue.js';
import { pluginRefs } from './pluginRefs.js';
import type { QueueAddress } from './queueAddress.js';
import { runOnQueue, type QueueRunSummary } from './runOnQueue.js';

export interface QueueExecutorOptions {
  /** The workspace root: jobs name the sweep's folder relative to it, so a worker on another machine finds it in its own checkout. */
  root: string;
  /** Enqueue and return at once; a later run or `collectFromQueue` collects the results. */
  detach?: boolean;
  /** Told once a sweep's jobs are queued: how many were added now, how many are queued in all, workers connected. */
  onQueued?: (queued: { sweep: string; added: number; outstanding: number; workers: number | null }) => void;
  /** How often to look at every outstanding job (default 2 s). */
  pollMs?: number;
  connect?: ConnectOptions;
}

/** A queue's summary also says how many jobs were added, and how many were still queued at the end. */
export interface QueueExecutor extends Executor {
  execute(specs: Parameters<Executor['execute']>[0], request: ExecuteRequest): Promise<QueueRunSummary>;
}

/**
 * Runs on `exp worker` processes (`startQueueWorker`, any machine) through a BullMQ queue in Redis:
 * each sweep's runs are enqueued and their results stored here as they come back (see `runOnQueue`).
 * Holds no connection between sweeps, so `close` has nothing to release.
 */
export function queueExecutor(address: QueueAddress, options: QueueExecutorOptions): QueueExecutor {
  return {
    execute: async (specs, request) =>
      runOnQueue(address, specs, {
        sweep: request.sweep,
        store: request.store,
        baseDir: relative(options.root, request.baseDir).split(sep).join('/'),
        plugins: pluginRefs(request.plugins, request.catalog),
        force: request.force,
        detach: options.detach,
        signal: request.signal,
        onProgress: request.onProgress,
        onQueued: options.onQueued && ((queued) => options.onQueued!({ sweep: request.sweep, ...queued })),
        pollMs: options.pollMs,
        connect: options.connect,
      }),
    close: async () => {},
  };
}
