import type { JobState, JobsOptions, Queue } from 'bullmq';
import { descentVersion, gitCommit } from '../meta.js';
import { decodeJson } from '../json.js';
import { decodeRecordText } from '../recordCodec.js';
import type { RunStore } from '../store.js';
import type { RunSpec } from '@descent/sweep';
import type { RunMeta, RunRecord } from '../types.js';
import { connectQueue, type ConnectOptions, type QueueConnection } from './connectQueue.js';
import { failedRecord } from '../failedRecord.js';
import { settleWithin } from './_settleWithin.js';
import type { QueueAddress } from './queueAddress.js';
import { QueueError } from './queueError.js';
import { jobIdOf, RUN_JOB_FORMAT, RUN_JOB_OPTIONS, type PluginRef, type RunJobData, type RunJobResult } from './runJob.js';

export type RunJobState = JobState | 'unknown';

/** A run whose job reached the run store: the record, its meta (null for a failed job) and whether it was new there. */
export interface CollectedRun {
  record: RunRecord;
  meta: RunMeta | null;
  /** False when the store already had it (a result delivered twice is stored once). */
  stored: boolean;
}

export interface EnqueueRequest {
  sweep: string;
  /** The sweep file's folder relative to the workspace root, '/' separators. */
  baseDir: string;
  plugins: PluginRef[];
  /** Results replace records already in the store (`exp run --force`). */
  force: boolean;
}

/**
 * The coordinator's side of a sweep's jobs on one BullMQ queue: enqueue runs, read their states, and
 * move finished results into the run store. Opened with `SweepQueue.open`, which fails fast with a
 * QueueError when Redis cannot be reached.
 */
export class SweepQueue {
  private constructor(
    readonly connection: QueueConnection,
    private readonly queue: Queue<RunJobData, RunJobResult>,
  ) {}

  static async open(address: QueueAddress, options: ConnectOptions = {}): Promise<SweepQueue> {
    const connection = await connectQueue(address, options);
    const { Queue } = await import('bullmq'); // imported on first use: it takes about a second
    const queue = new Queue<RunJobData, RunJobResult>(address.queueName, { connection: connection.bullmq, defaultJobOptions: RUN_JOB_OPTIONS });
    queue.on('error', () => {}); // connection errors surface through `connection.lost` and failing commands
    return new SweepQueue(connection, queue);
  }

  get address(): QueueAddress {
    return this.connection.address;
  }

  async close(): Promise<void> {
    await settleWithin(this.queue.close(), 3000);
    await settleWithin(this.connection.close(), 3000);
  }

  /** The state of each run's job ('unknown': no such job), in the order of `runIds`. */
  async states(sweep: string, runIds: readonly string[]): Promise<RunJobState[]> {
    const states: RunJobState[] = [];
    // In slices: one request per job, and a sweep may have thousands.
    for (let i = 0; i < runIds.length; i += 500) {
      const slice = runIds.slice(i, i + 500);
      states.push(...(await this.guard(Promise.all(slice.map((id) => this.queue.getJobState(jobIdOf(sweep, id)))))));
    }
    return states;
  }

  /** Add jobs for `specs`; a run that already has a job keeps it (job ids are `<sweep>/<runId>`). Returns the number added. */
  async enqueue(specs: readonly RunSpec[], request: EnqueueRequest): Promise<number> {
    const states = await this.states(request.sweep, specs.map((s) => s.runId));
    const descent = { version: descentVersion(), commit: gitCommit() };
    const fresh = specs.filter((_, i) => states[i] === 'unknown');
    for (let i = 0; i < fresh.length; i += 500) {
      const jobs = fresh.slice(i, i + 500).map((spec): { name: string; data: RunJobData; opts: JobsOptions } => ({
        name: request.sweep,
        data: { format: RUN_JOB_FORMAT, sweep: request.sweep, spec, baseDir: request.baseDir, plugins: request.plugins, descent, force: request.force },
        opts: { ...RUN_JOB_OPTIONS, jobId: jobIdOf(request.sweep, spec.runId) },
      }));
      await this.guard(this.queue.addBulk(jobs));
    }
    return fresh.length;
  }

  /** Remove finished or failed jobs of these runs (before `--force` enqueues them again). Running and waiting jobs stay. */
  async discardFinished(sweep: string, runIds: readonly string[]): Promise<void> {
    const states = await this.states(sweep, runIds);
    await this.guard(Promise.all(runIds.filter((_, i) => states[i] === 'completed' || states[i] === 'failed').map((id) => this.queue.remove(jobIdOf(sweep, id)))));
  }

  /**
   * Move the results of finished and failed jobs among `runIds` into the store, then remove those jobs
   * from Redis. Safe to run from several coordinators at once: the store keeps one copy of a run.
   * `states`, when given, are the runs' job states already read.
   */
  async collect(store: RunStore, sweep: string, runIds: readonly string[], states?: readonly RunJobState[]): Promise<CollectedRun[]> {
    const known = states ?? (await this.states(sweep, runIds));
    const collected: CollectedRun[] = [];
    for (let i = 0; i < runIds.length; i++) {
      if (known[i] !== 'completed' && known[i] !== 'failed') continue;
      const jobId = jobIdOf(sweep, runIds[i]);
      const job = await this.guard(this.queue.getJob(jobId));
      if (!job) continue; // collected by another coordinator in the meantime
      const state = await this.guard(job.getState());
      let record: RunRecord;
      let meta: RunMeta | null = null;
      if (state === 'completed') {
        const result = job.returnvalue as RunJobResult | null;
        if (typeof result?.record !== 'string') throw new QueueError(`job ${jobId} finished without a run record: a worker of another program is taking jobs from queue '${this.address.queueName}' (use ?queue=name to separate them)`);
        record = decodeRecordText(result.record);
        meta = result.meta === null ? null : decodeJson<RunMeta>(result.meta);
        if (record.runId !== runIds[i] || record.sweep !== sweep) {
          throw new QueueError(`job ${jobId} returned the record of run ${record.sweep}/${record.runId}: the queue holds results of another Descent setup (use ?queue=name to separate them)`);
        }
      } else if (state === 'failed') {
        const reason = job.failedReason || 'no reason given';
        const plugin = /^plugin (\S+): /.exec(reason)?.[1] ?? null;
        const tries = job.attemptsMade > 1 ? ` (${job.attemptsMade} attempts)` : '';
        record = failedRecord(job.data.spec, sweep, `failed on a queue worker${tries}: ${reason}`, plugin);
      } else continue;
      const stored = store.write(record, meta, { replace: job.data.force === true });
      await this.guard(this.queue.remove(jobId));
      collected.push({ record, meta, stored });
    }
    return collected;
  }

  /** Queue workers connected now, or null if the server does not say (CLIENT LIST not allowed). */
  async workerCount(): Promise<number | null> {
    try {
      return (await this.guard(this.queue.getWorkers())).length;
    } catch (error) {
      if (error instanceof QueueError) throw error;
      return null;
    }
  }

  /** Await a Redis operation, or fail with the watchdog's clear message if the server is gone. */
  guard<T>(operation: Promise<T>): Promise<T> {
    const lostHere = (error: unknown): never => {
      // BullMQ's connections may give up a moment before the watchdog: say what happened, not "Connection is closed."
      if (error instanceof Error && !(error instanceof QueueError) && isConnectionFailure(error)) throw new QueueError(`lost the connection to Redis at ${this.address.shown} (${error.message})`);
      throw error;
    };
    return Promise.race([operation.catch(lostHere), this.connection.lost]);
  }
}

/** Errors of a connection that is down, as ioredis words them. */
function isConnectionFailure(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || /Connection is closed|Stream isn't writeable|MaxRetriesPerRequest/i.test(error.message);
}
