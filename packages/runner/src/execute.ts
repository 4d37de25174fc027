import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
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
  const summary: ExecuteSummary = { total: specs.length, skipped, completed, busy: 0, interrupted: false };
  if (pending.length === 0) return summary;

  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(), pending.length));
  const pool = new Piscina<RunTask, RunOutcome>({
    ...workerFile(),
    minThreads: workers,
    maxThreads: workers,
    // One run per thread at a time: runs are CPU-bound, and queueing in the main thread keeps order.
    concurrentTasksPerWorker: 1,
    idleTimeout: 1000,
  });

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
      const outcome = await runWithTimeout(pool, { spec, sweep, baseDir: options.baseDir, plugins: options.plugins }, options.timeoutMs ?? 0, abort.signal);
      if (outcome === 'aborted') return;
      const { record, meta } = outcome === 'timeout' ? timedOut(spec, sweep, options.timeoutMs ?? 0) : outcome;
      store.write(record, meta, { replace: options.force });
      completed[record.status]++;
      done++;
      options.onProgress?.({ done, total: specs.length, skipped, record, meta });
    } finally {
      store.release(sweep, spec.runId);
    }
  };

  // A simple work queue: `workers` loops take the next spec; results are stored as they come.
  let next = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (next < pending.length && !abort.signal.aborted) await runOne(pending[next++]);
  });
  try {
    await Promise.all(loops);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  summary.interrupted = abort.signal.aborted;
  return summary;
}

async function runWithTimeout(pool: Piscina<RunTask, RunOutcome>, task: RunTask, timeoutMs: number, stop: AbortSignal): Promise<RunOutcome | 'timeout' | 'aborted'> {
  const controller = new AbortController();
  const onStop = () => controller.abort('stop');
  stop.addEventListener('abort', onStop);
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort('timeout'), timeoutMs) : null;
  try {
    return await pool.run(task, { signal: controller.signal });
  } catch (error) {
    // Piscina terminates the worker of an aborted task, so a hung run cannot hold its thread.
    if (controller.signal.aborted) return controller.signal.reason === 'timeout' ? 'timeout' : 'aborted';
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  }
}

function timedOut(spec: RunSpec, sweep: string, timeoutMs: number): RunOutcome {
  const nan = NaN;
  const record: RunRecord = {
    schema: 1,
    runId: spec.runId,
    sweep,
    replicate: spec.replicate,
    seed: spec.seed,
    config: spec.config,
    status: 'failed',
    error: { message: `timed out after ${timeoutMs / 1000} s (run it again with a longer --timeout, and --force)`, plugin: null },
    divergence: null,
    steps: [],
    epochs: [],
    trajectory: [],
    summary: {
      steps: 0, examples: 0, finalLoss: nan, bestLoss: nan, finalMetric: nan, bestMetric: nan,
      finalTrainAccuracy: null, finalTestAccuracy: null, stepsToTarget: null, examplesToTarget: null, lossNoise: nan,
    },
  };
  return { record, meta: null as unknown as RunMeta };
}

/**
 * The worker module. From sources (dev, tests, `pnpm exp`) it is worker.ts and the thread needs tsx;
 * worker threads do not inherit `--import tsx` on Node 20, so it is passed explicitly.
 */
function workerFile(): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href;
  return fromSource ? { filename, execArgv: ['--import', 'tsx', '--conditions=development'] } : { filename };
}
