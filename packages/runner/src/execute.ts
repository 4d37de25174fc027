import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { threadDiedRecord, timedOutRecord } from './abandonedRun.js';
import type { RunStore } from './store.js';
import type { RunSpec } from './sweep/index.js';
import type { RunMeta, RunRecord, RunStatus } from './types.js';
import type { RunOutcome, RunTask } from './worker.js';

export interface ExecuteOptions {
  sweep: string;
  baseDir: string;
  plugins: string[];
  store: RunStore;
  /** Worker threads (default: the number of CPU cores). Each run is single-threaded. */
  workers?: number;
  /**
   * Threads started earlier with `startRunPool` (so they load the training stack while the caller reads
   * and expands the sweep); `workers` is then ignored. executeRuns destroys the pool when it is done.
   */
  pool?: RunPool;
  /** Redo runs that already have a record. */
  force?: boolean;
  /** Per-run time limit in milliseconds (0 = none). A run over it is recorded as failed. */
  timeoutMs?: number;
  /** Aborting stops dispatching, cancels runs in flight (they are redone next time) and resolves. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  done: number;
  total: number;
  skipped: number;
  record: RunRecord;
  meta: RunMeta | null;
}

export interface ExecuteSummary {
  total: number;
  /** Runs that already had a record (and were not forced). */
  skipped: number;
  /** Runs completed by this invocation, by status. */
  completed: Record<RunStatus, number>;
  /** Runs another process was working on (left to it). */
  busy: number;
  interrupted: boolean;
  /** Worker threads used, and wall time from the start of executeRuns to the last result (0 when nothing ran). */
  workers: number;
  elapsedMs: number;
}

/** Worker threads for runs, started ahead of them: a fresh thread takes about a second to load the training stack. */
export interface RunPool {
  readonly threads: number;
  destroy(): Promise<void>;
}

/** Start `workers` threads (default: one per core) that will train runs; give them to executeRuns, or destroy them. */
export function startRunPool(workers: number = defaultWorkers()): RunPool {
  return new ThreadPool(workers);
}

class ThreadPool implements RunPool {
  readonly piscina: Piscina<RunTask, RunOutcome>;
  constructor(readonly threads: number) {
    this.piscina = new Piscina<RunTask, RunOutcome>({
      ...workerFile(),
      minThreads: threads,
      maxThreads: threads,
      // One run per thread at a time: runs are CPU-bound, and queueing in the main thread keeps order.
      concurrentTasksPerWorker: 1,
      idleTimeout: 1000,
    });
  }
  private destroyed: Promise<void> | null = null;
  /** Idempotent: the caller that started the pool may destroy it again after executeRuns has. */
  destroy(): Promise<void> {
    return (this.destroyed ??= this.piscina.destroy());
  }
}

/** Default worker count: one single-threaded run per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Execute the runs of a sweep that have no record yet, in parallel worker threads, writing each record
 * to the store as soon as it completes (so an interruption loses only the runs in flight).
 */
export async function executeRuns(specs: RunSpec[], options: ExecuteOptions): Promise<ExecuteSummary> {
  const { store, sweep } = options;
  const completed: Record<RunStatus, number> = { finished: 0, diverged: 0, failed: 0 };
  store.sweepTemporaries(sweep);
  const pending = options.force ? specs : specs.filter((s) => !store.has(sweep, s.runId));
  const skipped = specs.length - pending.length;
  const summary: ExecuteSummary = { total: specs.length, skipped, completed, busy: 0, interrupted: false, workers: 0, elapsedMs: 0 };
  if (pending.length === 0) {
    await options.pool?.destroy();
    return summary;
  }

  // Throughput is reported to the user, never recorded in a run: reading the clock here is fine.
  const started = performance.now();
  const given = options.pool instanceof ThreadPool ? options.pool : null;
  const workers = given ? Math.min(given.threads, pending.length) : Math.max(1, Math.min(options.workers ?? defaultWorkers(), pending.length));
  summary.workers = workers;
  const threads = given ?? new ThreadPool(workers);
  const pool = threads.piscina;

  let done = skipped;
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onAbort);

  const runOne = async (spec: RunSpec): Promise<void> => {
    if (abort.signal.aborted) return;
    if (!store.claim(sweep, spec.runId)) {
      summary.busy++;
      return;
    }
    try {
      if (!options.force && store.has(sweep, spec.runId)) return; // finished by another process meanwhile
      const outcome = await runWithTimeout(pool, { spec, sweep, baseDir: options.baseDir, plugins: options.plugins }, options.timeoutMs ?? 0, abort.signal).catch(
        // The thread died under the run (trainRun itself never throws): that run failed, the others go on.
        (error: unknown): RunOutcome => ({ record: threadDiedRecord(spec, sweep, error), meta: null }),
      );
      if (outcome === 'aborted') return;
      // A run cut off by the timeout has no wall time or step times worth keeping: no meta.
      const { record, meta } = outcome === 'timeout' ? { record: timedOutRecord(spec, sweep, options.timeoutMs ?? 0), meta: null } : outcome;
      store.write(record, meta, { replace: options.force });
      completed[record.status]++;
      done++;
      options.onProgress?.({ done, total: specs.length, skipped, record, meta });
    } finally {
      store.release(sweep, spec.runId);
    }
  };

  // A simple work queue: loops take the next spec; results are stored as they come. Two loops per thread,
  // so each thread has its next run waiting in the pool's queue and starts it as soon as it posts a result,
  // not after the main thread has written that result and claimed another run (which, with every core
  // busy training, can wait a while). A run waiting in the queue is claimed but not yet timed.
  let next = 0;
  const loops = Array.from({ length: Math.min(pending.length, workers * 2) }, async () => {
    while (next < pending.length && !abort.signal.aborted) await runOne(pending[next++]);
  });
  try {
    await Promise.all(loops);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await threads.destroy();
  }
  summary.interrupted = abort.signal.aborted;
  summary.elapsedMs = performance.now() - started;
  return summary;
}

async function runWithTimeout(pool: Piscina<RunTask, RunOutcome>, task: RunTask, timeoutMs: number, stop: AbortSignal): Promise<RunOutcome | 'timeout' | 'aborted'> {
  const controller = new AbortController();
  const onStop = () => controller.abort('stop');
  stop.addEventListener('abort', onStop);
  // The clock starts when the worker starts training, not when the task is queued: a fresh thread first
  // loads the training stack and the plugins, which can take seconds on a busy machine.
  let timer: NodeJS.Timeout | null = null;
  const channel = timeoutMs > 0 ? new MessageChannel() : null;
  channel?.port1.once('message', () => {
    timer = setTimeout(() => controller.abort('timeout'), timeoutMs);
  });
  try {
    if (channel === null) return await pool.run(task, { signal: controller.signal });
    return await pool.run({ ...task, started: channel.port2 }, { signal: controller.signal, transferList: [channel.port2] });
  } catch (error) {
    // Piscina terminates the worker of an aborted task, so a hung run cannot hold its thread.
    if (controller.signal.aborted) return controller.signal.reason === 'timeout' ? 'timeout' : 'aborted';
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    channel?.port1.close();
    stop.removeEventListener('abort', onStop);
  }
}

/**
 * The worker module. From sources (dev, tests, `pnpm exp`) it is workerEntry.mjs, which registers tsx in
 * the thread before importing worker.ts; from a build it is worker.js.
 */
function workerFile(): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './workerEntry.mjs' : './worker.js', import.meta.url).href;
  return fromSource ? { filename, execArgv: ['--conditions=development'] } : { filename };
}
