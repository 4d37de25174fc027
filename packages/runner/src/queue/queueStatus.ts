import type { RunStore } from '../store.js';
import type { ConnectOptions } from './connectQueue.js';
import type { QueueAddress } from './queueAddress.js';
import { SweepQueue } from './sweepQueue.js';

/** Where each run of a sweep stands. Every run is counted once. */
export interface SweepQueueStatus {
  total: number;
  /** Queued, not yet taken by a worker. */
  waiting: number;
  /** Being trained by a worker now. */
  active: number;
  /** Finished on a worker; the result waits in Redis until `exp run` or `exp report` collects it. */
  completed: number;
  /** Failed for good on the workers; recorded as failed when collected. */
  failed: number;
  /** In the run store (collected, or run locally) and no longer in the queue. */
  stored: number;
  /** Neither queued nor stored. */
  notQueued: number;
  /** Queue workers connected now (null if the server does not say). */
  workers: number | null;
}

/** Count a sweep's runs by where they are: queue states first, then the run store. */
export async function queueStatus(address: QueueAddress, store: RunStore, sweep: string, runIds: readonly string[], connect?: ConnectOptions): Promise<SweepQueueStatus> {
  const queue = await SweepQueue.open(address, connect);
  try {
    const states = await queue.states(sweep, runIds);
    const status: SweepQueueStatus = { total: runIds.length, waiting: 0, active: 0, completed: 0, failed: 0, stored: 0, notQueued: 0, workers: await queue.workerCount() };
    states.forEach((state, i) => {
      if (state === 'active' || state === 'completed' || state === 'failed') status[state]++;
      else if (state !== 'unknown') status.waiting++; // waiting, prioritized, delayed (a retry), waiting-children
      else if (store.has(sweep, runIds[i])) status.stored++;
      else status.notQueued++;
    });
    return status;
  } finally {
    await queue.close();
  }
}
