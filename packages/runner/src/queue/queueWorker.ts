import { describeThrown } from '@descent/settings';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { gitCommit } from '../meta.js';
import type { RunStatus } from '../types.js';
import { connectQueue, type ConnectOptions } from './connectQueue.js';
import type { QueueAddress } from './queueAddress.js';
import { QueueError } from './queueError.js';
import { settleWithin } from './_settleWithin.js';
import { RUN_JOB_FORMAT, type RunJobData, type RunJobResult } from './runJob.js';
import type { TrainJobOutcome, TrainJobTask } from './trainJobThread.js';
import { builtThread } from '../builtThread.js';

export interface QueueWorkerOptions {
  /** This machine's workspace root (the same checkout as the coordinator's): jobs' relative paths resolve against it. */
  root: string;
  /** Plugin files outside the workspace this worker may import (`exp worker --allow-plugin`); a job's others are refused. */
  allowPlugins?: string[];
  /** Runs trained at once, each in its own thread (default: the number of CPU cores). */
  concurrency?: number;
  /**
   * How long a run stays with a worker that stopped answering (killed, machine gone) before another
   * worker takes it, in milliseconds (default 30 000). It is both BullMQ's lockDuration (a live worker
   * renews its lock at half this) and its stalledInterval (how often this worker looks for such runs).
   */
  stallTimeoutMs?: number;
  onEvent?: (event: QueueWorkerEvent) => void;
  connect?: ConnectOptions;
}

export type QueueWorkerEvent =
  | { type: 'ready'; queue: string; concurrency: number }
  | { type: 'started'; jobId: string; attempt: number }
  | { type: 'finished'; jobId: string; status: RunStatus; wallTimeMs: number | null }
  | { type: 'refused'; jobId: string; message: string }
  | { type: 'failed'; jobId: string; message: string }
  /** A run of a worker that stopped answering, put back in the queue by this worker's check. */
  | { type: 'stalled'; jobId: string }
  | { type: 'warning'; message: string };

export interface RunningQueueWorker {
  /** Settles when the worker has stopped: resolves after `close`, rejects with a QueueError if Redis is lost. */
  done: Promise<void>;
  /** Stop taking jobs; runs in flight finish first unless `force` (then they go to another worker after the stall timeout). */
  close(force?: boolean): Promise<void>;
}

/**
 * Take runs from the queue and train them, one per thread, returning each record to the coordinator.
 * Fails fast with a QueueError when Redis cannot be reached.
 */
export async function startQueueWorker(address: QueueAddress, options: QueueWorkerOptions): Promise<RunningQueueWorker> {
  const concurrency = options.concurrency ?? availableParallelism();
  const stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  const emit = options.onEvent ?? (() => {});
  const connection = await connectQueue(address, options.connect);
  const { UnrecoverableError, Worker } = await import('bullmq'); // imported on first use: it takes about a second
  const pool = new Piscina<TrainJobTask, TrainJobOutcome>({
    ...builtThread('queue/trainJobThread.js'), // trainJobThread.ts, a tsup entry
    minThreads: concurrency,
    maxThreads: concurrency,
    concurrentTasksPerWorker: 1,
  });
  const warnedCommits = new Set<string | null>();

  const worker = new Worker<RunJobData, RunJobResult>(
    address.queueName,
    async (job) => {
      const data = job.data;
      const jobId = job.id ?? '?';
      if (data?.format !== RUN_JOB_FORMAT) {
        throw new UnrecoverableError(`job ${jobId} has format ${String(data?.format)}, this worker reads format ${RUN_JOB_FORMAT}: update Descent so coordinator and workers are at the same commit`);
      }
      const here = gitCommit();
      if (data.descent.commit !== here && !warnedCommits.has(data.descent.commit)) {
        warnedCommits.add(data.descent.commit);
        emit({ type: 'warning', message: `jobs of sweep ${data.sweep} come from commit ${data.descent.commit ?? 'unknown'}, this worker is at ${here ?? 'unknown'}: records may differ from a local run` });
      }
      emit({ type: 'started', jobId, attempt: job.attemptsMade + 1 });
      const outcome = await pool.run({ job: data, root: options.root, allowPlugins: options.allowPlugins ?? [] });
      if (outcome.kind === 'refused') {
        emit({ type: 'refused', jobId, message: outcome.message });
        // Another try on this worker would fail the same way: the run is recorded as failed at once.
        throw new UnrecoverableError(outcome.message);
      }
      emit({ type: 'finished', jobId, status: outcome.status, wallTimeMs: outcome.wallTimeMs });
      return outcome.result;
    },
    {
      connection: connection.bullmq,
      concurrency,
      lockDuration: stallTimeoutMs,
      stalledInterval: stallTimeoutMs,
      // A run is handed on after its worker died twice; the third time it fails rather than going round forever (a run that kills its worker).
      maxStalledCount: 2,
      autorun: false,
    },
  );
  worker.on('error', () => {}); // a lost server is reported by the watchdog; job errors by 'failed'
  worker.on('stalled', (jobId) => emit({ type: 'stalled', jobId }));
  worker.on('failed', (job, error) => {
    if (job && !(error instanceof UnrecoverableError)) emit({ type: 'failed', jobId: job.id ?? '?', message: describeThrown(error) });
  });

  let closing: Promise<void> | null = null;
  const close = (force = false) =>
    (closing ??= (async () => {
      // A graceful close waits for the runs in flight, however long; a forced one must not hang on a lost server.
      // Nor may a graceful one: with Redis unreachable, the results of runs in flight cannot be delivered, and
      // BullMQ's close would wait for a server that is not coming back (SIGTERM seemed ignored).
      const graceful = !force && connection.up();
      if (graceful) await Promise.race([worker.close(false), connection.lost]).catch(() => {});
      if (!graceful || !connection.up()) await settleWithin(worker.close(true), 5000);
      await pool.destroy();
      await settleWithin(connection.close(), 3000);
    })());
  const running = worker.run();
  running.catch(() => {}); // its end is awaited below; a rejection there means the server is gone
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await close(true);
    throw error;
  }
  emit({ type: 'ready', queue: address.queueName, concurrency });
  let lostError: unknown = null;
  connection.lost.catch((error: unknown) => (lostError = error));
  const done = (async () => {
    await Promise.race([running, connection.lost]).catch(() => {});
    if (closing === null) {
      // Not stopped by us: Redis is gone. All connections give up together (connectQueue), so BullMQ's
      // run loop ends by itself; closing before it has would detach BullMQ's error listeners while a
      // reconnect attempt is in flight, and ioredis would print that attempt's error as unhandled.
      await settleWithin(running, 5000);
      await close(true);
      throw lostError ?? new QueueError(`lost the connection to Redis at ${address.shown}`);
    }
    await closing;
  })();
  done.catch(() => {}); // observed by the caller; never an unhandled rejection
  return { done, close };
}
