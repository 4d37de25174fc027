/**
 * Wait for `operation` to settle (its outcome is ignored), but at most `ms` milliseconds. For closing
 * connections to a server that is gone: such a close can wait forever on a promise that nothing will
 * settle, and once nothing else keeps Node's event loop alive the process would end with exit code 0
 * in the middle of reporting the error. The timer is deliberately not unref'd.
 */
export async function settleWithin(operation: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([operation.catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
