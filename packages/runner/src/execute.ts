import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { threadDiedRecord, timedOutRecord } from './abandonedRun.js';
import type { RunStore } from './store.js';
import type { RunListing } from './runListing.js';
import type { RunSpec } from '@descent/sweep';
import { statusCounts, type RunDigest, type RunStatus } from './types.js';
import type { StoredRunAnswer, StoredRunTask } from './worker.js';
import { runFactsAsync, type RunFacts } from './meta.js';
import { builtThread } from './builtThread.js';
import { haltError, isHaltError, isHaltOutcome, type HaltOutcome } from './halt.js';
import { createStopFlag, isInterruptedAnswer, requestStop, type InterruptedAnswer } from './runInterrupted.js';
import { RunSlots } from './runSlots.js';

export interface ExecuteOptions {
  sweep: string;
  baseDir: string;
  plugins: string[];
  store: RunStore;
  /** Worker threads (default: the number of CPU cores). Each run is single-threaded. */
  workers?: number;
  /**
   * Threads started earlier with `startRunPool` (so they load the training stack while the caller reads
   * and expands the sweep); `workers` is then ignored. executeRuns destroys the pool when it is done,
   * unless `keepPool` is set.
   */
  pool?: RunPool;
  /**
   * Leave the given pool running for the caller's next sweep, whose runs then start on threads whose
   * code is already optimised; the caller destroys it. A fresh thread optimises the training code
   * from scratch, which is a large share of a short sweep.
   */
  keepPool?: boolean;
  /** Redo runs that already have a record. */
  force?: boolean;
  /** Runs the caller has just found stored: skipped without looking at their files again (ExecuteRequest.storedBefore). */
  storedBefore?: ReadonlySet<string>;
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
  /** The run just completed (its record and meta are in the store). */
  record: RunDigest;
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

/** Worker threads for runs, started ahead of them: a fresh thread takes a while to load the training stack. */
export interface RunPool {
  readonly threads: number;
  /** Whether the threads have started (start, or the first runs executeRuns gave them). */
  readonly started: boolean;
  /** Start the threads now, if they have not: ahead of runs known to come. */
  start(): void;
  destroy(): Promise<void>;
}

/** Start `workers` threads (default: one per core) that will train runs; give them to executeRuns, or destroy them. */
export function startRunPool(workers: number = defaultWorkers()): RunPool {
  const pool = new ThreadPool(workers);
  pool.start();
  return pool;
}

/**
 * A pool of `workers` threads that start when executeRuns first gives them runs, or when start() is called: a sweep
 * with nothing left to do starts none. (At 100,000 runs stored, two threads loading the training stack and the
 * run facts' git calls took 0.1 s of the 2 s of such an `exp run`, beside the look at the run folders.)
 */
export function runPoolOnDemand(workers: number = defaultWorkers()): RunPool {
  return new ThreadPool(workers);
}

const LET_GO_WAIT_MS = 10_000;

class ThreadPool implements RunPool {
  /** Two places a thread, as executeRuns keeps two runs a thread in hand (see its loops). */
  readonly slots: RunSlots;
  private running: { piscina: Piscina<StoredRunTask, StoredRunAnswer | HaltOutcome | InterruptedAnswer>; facts: Promise<RunFacts> } | null = null;
  constructor(readonly threads: number) {
    this.slots = new RunSlots(2 * threads);
  }
  get started(): boolean {
    return this.running !== null;
  }
  start(): void {
    this.run();
  }
  /** The threads, started on first use. */
  get piscina(): Piscina<StoredRunTask, StoredRunAnswer | HaltOutcome | InterruptedAnswer> {
    return this.run().piscina;
  }
  /** Looked up while the threads start, and handed to them with every task (see runFactsAsync). */
  get facts(): Promise<RunFacts> {
    return this.run().facts;
  }
  private run(): NonNullable<ThreadPool['running']> {
    if (this.running !== null) return this.running;
    if (this.destroyed !== null) throw new Error('the run pool was destroyed before its threads started');
    const facts = runFactsAsync();
    const piscina = new Piscina<StoredRunTask, StoredRunAnswer | HaltOutcome | InterruptedAnswer>({
      ...builtThread('worker.js'), // worker.ts, a tsup entry
      minThreads: this.threads,
      maxThreads: this.threads,
      // One run per thread at a time: runs are CPU-bound, and queueing in the main thread keeps order.
      concurrentTasksPerWorker: 1,
      idleTimeout: 1000,
    });
    piscina.on('workerCreate', () => this.watchThreads());
    piscina.on('error', ignoreAnswerOfLetGoTask);
    return (this.running = { piscina, facts });
  }
  /** Every thread the pool has started, until it exits. */
  private readonly exits = new Map<Worker, Promise<void>>();
  private watchThreads(): void {
    for (const thread of this.piscina.threads) {
      if (this.exits.has(thread)) continue;
      this.exits.set(thread, new Promise((resolve) => thread.once('exit', () => {
        this.exits.delete(thread);
        resolve();
      })));
    }
  }
  /**
   * Resolves when every thread the pool has let go (terminated under an aborted or timed-out run) has stopped.
   * A trap: Piscina rejects the task at once, but the thread stops later, and may meanwhile finish writing its
   * run, or be cut off between writing the run's temporary folder and renaming it into place.
   */
  async letGoThreadsStopped(): Promise<void> {
    const running = new Set(this.piscina.threads);
    const stopped = Promise.all([...this.exits].filter(([thread]) => !running.has(thread)).map(([, exited]) => exited));
    // Termination interrupts JavaScript at once, but not a blocking native call a plugin may be in (a sync
    // child process, say): the sweep goes on after a while; the next sweep clears what such a thread leaves.
    let timer: NodeJS.Timeout | undefined;
    const given = new Promise<void>((resolve) => (timer = setTimeout(resolve, LET_GO_WAIT_MS)));
    await Promise.race([stopped, given]).finally(() => clearTimeout(timer));
  }
  private destroyed: Promise<void> | null = null;
  /** Idempotent: the caller that started the pool may destroy it again after executeRuns has. */
  destroy(): Promise<void> {
    return (this.destroyed ??= this.running === null ? Promise.resolve() : stopWhenLoaded(this.running.piscina));
  }
}

/** How long destroying a pool waits for threads still loading their code (stopWhenLoaded). */
const LOAD_WAIT_MS = 10_000;

/**
 * Stop the pool's threads once each has loaded its code. A trap: Node 20 aborts the whole process (exit 134, "FATAL
 * ERROR: v8::Module::IsGraphAsync must be used on an instantiated module") when a thread is terminated while it is
 * still loading worker.js (Piscina require()s it, an ES module). A pool that started just before it is destroyed
 * has such threads: `exp run` with one run left to do started two threads, trained on one and stopped both, and
 * 1 in ~13 such runs aborted. A thread counts as loaded once Piscina has it ready and idle (every task has ended
 * when a pool is destroyed); after LOAD_WAIT_MS the threads are stopped as they are.
 */
async function stopWhenLoaded(piscina: Piscina<StoredRunTask, StoredRunAnswer | HaltOutcome | InterruptedAnswer>): Promise<void> {
  for (let waited = 0; piscina.idleThreads < piscina.threads.length && waited < LOAD_WAIT_MS; waited += 5) await sleep(5);
  await piscina.destroy();
}

/**
 * Piscina's 'error' event, which throws in the main thread when nothing listens. A trap: a thread let go under an
 * aborted run may post that run's answer before it stops; Piscina has already settled the task, finds no task for
 * the answer and emits "Unexpected message from Worker" (seen once in CI, as an uncaught exception after every
 * test had passed). That answer is not needed: the run it stored is read from the store like any other
 * (letGoThreadsStopped). Every other error is thrown, as Piscina would have.
 */
function ignoreAnswerOfLetGoTask(error: unknown): void {
  if (error instanceof Error && error.message.startsWith('Unexpected message from Worker')) return;
  throw error;
}

/** The path of the module a pool's threads load (for tests and diagnostics): the package's built worker.js. */
export function runPoolWorkerFile(pool: RunPool): string {
  if (!(pool instanceof ThreadPool)) throw new Error('runPoolWorkerFile: not a pool from startRunPool');
  return pool.piscina.options.filename!;
}

/** Default worker count: one single-threaded run per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Execute the runs of a sweep that have no record yet, in parallel worker threads, writing each record
 * to the store as soon as it completes (so an interruption loses only the runs in flight).
 * A full disk (StorageError) or a plugin edited under the sweep (PluginChangedError) stops dispatching: runs
 * in flight finish (each is stored, or not recorded at all), then executeRuns rejects with that error.
 */
export async function executeRuns(specs: readonly RunSpec[], options: ExecuteOptions): Promise<ExecuteSummary> {
  const { store, sweep } = options;
  const completed = statusCounts();
  store.sweepTemporaries(sweep);
  const pending = options.force ? specs : specs.filter((s) => !(options.storedBefore?.has(s.runId) || store.has(sweep, s.runId)));
  const skipped = specs.length - pending.length;
  const summary: ExecuteSummary = { total: specs.length, skipped, completed, busy: 0, interrupted: false, workers: 0, elapsedMs: 0 };
  if (pending.length === 0) {
    if (!options.keepPool) await options.pool?.destroy();
    return summary;
  }

  // Throughput is reported to the user, never recorded in a run: reading the clock here is fine.
  const started = performance.now();
  const given = options.pool instanceof ThreadPool ? options.pool : null;
  const workers = given ? Math.min(given.threads, pending.length) : Math.max(1, Math.min(options.workers ?? defaultWorkers(), pending.length));
  summary.workers = workers;
  const threads = given ?? new ThreadPool(workers);
  const pool = threads.piscina;
  const facts = await threads.facts;

  let done = skipped;
  const abort = new AbortController();
  // The runs in flight stop at their next step when asked through the flag; their threads stay (runInterrupted.ts).
  const stop = createStopFlag();
  const onAbort = () => {
    requestStop(stop);
    abort.abort();
  };
  options.signal?.addEventListener('abort', onAbort);
  // Aborted before this call (Ctrl-C while the sweep was being expanded, or a sweep run beside this one stopped by
  // an error): the event has fired already, and nothing may start.
  if (options.signal?.aborted) onAbort();

  // The first error that halts the sweep (see halt.ts); nothing is recorded for the run that met it.
  let halted: Error | null = null;
  const runOne = async (spec: RunSpec): Promise<void> => {
    try {
      await runOrHalt(spec);
    } catch (error) {
      if (!isHaltError(error)) throw error;
      halted ??= error;
    }
  };
  const runOrHalt = async (spec: RunSpec): Promise<void> => {
    if (abort.signal.aborted || halted) return;
    if (!store.claim(sweep, spec.runId)) {
      summary.busy++;
      return;
    }
    try {
      if (!options.force && store.has(sweep, spec.runId)) return; // finished by another process meanwhile
      const task: StoredRunTask = { spec, sweep, baseDir: options.baseDir, plugins: options.plugins, facts, store: store.root, replace: options.force ?? false, stop };
      const outcome = await runWithTimeout(pool, task, options.timeoutMs ?? 0, abort.signal).catch((error: unknown) => ({ died: error }));
      if (outcome === 'aborted' || outcome === 'timeout') {
        // Until its thread has stopped, the run may still appear in the store; after, a folder it was writing may be left.
        await threads.letGoThreadsStopped();
        store.clearOwnTemporaries(sweep, spec.runId);
      }
      const cutOff = outcome === 'aborted' || outcome === 'timeout' || 'died' in outcome;
      if (outcome !== 'aborted' && outcome !== 'timeout' && isHaltOutcome(outcome)) throw haltError(outcome);
      let record: RunDigest;
      let listing: RunListing | null = null;
      if (!cutOff) {
        ({ listing, ...record } = outcome); // the thread has stored it
      } else if (!options.force && store.has(sweep, spec.runId)) {
        // The thread stored its record just before it was cut off: keep that result.
        record = store.read(sweep, spec.runId).record;
      } else if (outcome === 'aborted') {
        return; // not recorded: the next run of the sweep trains it
      } else {
        // Cut off by the timeout (no wall time or step times worth keeping: no meta), or the thread died
        // under the run (trainRun itself never throws): that run failed, the others go on.
        const failed = outcome === 'timeout' ? timedOutRecord(spec, sweep, options.timeoutMs ?? 0) : threadDiedRecord(spec, sweep, outcome.died);
        store.write(failed, null, { replace: options.force });
        record = failed;
      }
      // A later has() need not read the record back to trust it, nor `exp list` to list it (a run the thread stored).
      store.noteWritten(sweep, spec.runId, listing);
      completed[record.status]++;
      done++;
      options.onProgress?.({ done, total: specs.length, skipped, record });
    } finally {
      store.release(sweep, spec.runId);
    }
  };

  // A simple work queue: loops take the next spec; results are stored as they come. Two loops per thread,
  // so each thread has its next run waiting in the pool's queue and starts it as soon as it posts a result,
  // not after the main thread has written that result and claimed another run (which, with every core
  // busy training, can wait a while). A run waiting in the queue is claimed but not yet timed. Each run holds a
  // place of the pool from its claim to its stored result: sweeps run at once on one pool take turns, the one with
  // the fewest runs left to start first (RunSlots); alone, a sweep's loops never wait for one.
  let next = 0;
  const goOn = () => next < pending.length && !abort.signal.aborted && !halted;
  const runsLeft = () => pending.length - next;
  const loops = Array.from({ length: Math.min(pending.length, workers * 2) }, async () => {
    while (goOn()) {
      await threads.slots.take(runsLeft);
      try {
        if (goOn()) await runOne(pending[next++]);
      } finally {
        threads.slots.give();
      }
    }
  });
  try {
    await Promise.all(loops);
  } finally {
    store.saveRunStates(sweep);
    store.saveRunListings(sweep);
    options.signal?.removeEventListener('abort', onAbort);
    if (!(given && options.keepPool)) await threads.destroy();
  }
  if (halted) throw halted;
  summary.interrupted = abort.signal.aborted;
  summary.elapsedMs = performance.now() - started;
  return summary;
}

/**
 * How long a run in flight has to stop on its own once the sweep is interrupted (it checks every few dozen steps)
 * before its thread is terminated: only a run stuck inside one step (a plugin's endless loop) takes that long.
 */
const STOP_GRACE_MS = 2000;

async function runWithTimeout(pool: Piscina<StoredRunTask, StoredRunAnswer | HaltOutcome | InterruptedAnswer>, task: StoredRunTask, timeoutMs: number, stop: AbortSignal): Promise<StoredRunAnswer | HaltOutcome | 'timeout' | 'aborted'> {
  const controller = new AbortController();
  let grace: NodeJS.Timeout | null = null;
  const onStop = () => (grace = setTimeout(() => controller.abort('stop'), STOP_GRACE_MS));
  stop.addEventListener('abort', onStop);
  if (stop.aborted) onStop();
  // The clock starts when the worker starts training, not when the task is queued: a fresh thread first
  // loads the training stack and the plugins, which can take seconds on a busy machine.
  let timer: NodeJS.Timeout | null = null;
  const channel = timeoutMs > 0 ? new MessageChannel() : null;
  channel?.port1.once('message', () => {
    timer = setTimeout(() => controller.abort('timeout'), timeoutMs);
  });
  try {
    const answer =
      channel === null
        ? await pool.run(task, { signal: controller.signal })
        : await pool.run({ ...task, started: channel.port2 }, { signal: controller.signal, transferList: [channel.port2] });
    return isInterruptedAnswer(answer) ? 'aborted' : answer;
  } catch (error) {
    // Piscina terminates the worker of an aborted task, so a hung run cannot hold its thread.
    if (controller.signal.aborted) return controller.signal.reason === 'timeout' ? 'timeout' : 'aborted';
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    if (grace) clearTimeout(grace);
    channel?.port1.close();
    stop.removeEventListener('abort', onStop);
  }
}
