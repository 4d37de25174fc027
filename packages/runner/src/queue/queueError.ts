/**
 * A problem with the queue a user can fix (a bad --queue URL, an unreachable or lost Redis server):
 * the CLI prints its message without a stack trace and exits non-zero.
 */
export class QueueError extends Error {
  override readonly name = 'QueueError';
}
