/**
 * `@descent/runner/queue`: a sweep's runs on `exp worker` processes, any machine, through a Redis queue.
 * Its own entry, so that BullMQ and ioredis load only for the programs that use a queue.
 */
export { queueExecutor, type QueueExecutor, type QueueExecutorOptions } from './queueExecutor.js';
export { parseQueueAddress, type QueueAddress } from './queueAddress.js';
export { QueueError } from './queueError.js';
export { collectFromQueue, type QueueRunSummary } from './runOnQueue.js';
export { queueStatus, type SweepQueueStatus } from './queueStatus.js';
export { startQueueWorker, type QueueWorkerEvent, type QueueWorkerOptions, type RunningQueueWorker } from './queueWorker.js';
export type { ConnectOptions } from './connectQueue.js';
export type { CollectedRun } from './sweepQueue.js';
