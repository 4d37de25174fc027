/**
 * A run stopped at a step boundary because its sweep was interrupted (Ctrl-C, SIGTERM): not a result, so nothing
 * is recorded and the next `exp run` trains it. The coordinating thread asks for it through a shared flag
 * (execute.ts) rather than by terminating the thread: terminating a thread in the middle of WebAssembly can take
 * the whole process down with it (nodejs/node#47748), and a thread stopped this way is ready for the next run.
 */
export class RunInterrupted extends Error {
  constructor() {
    super('the run was interrupted');
    this.name = 'RunInterrupted';
  }
}

/** A flag shared with the worker threads: 0 while the sweep goes on, 1 once it is interrupted. */
export type StopFlag = Int32Array;

export function createStopFlag(): StopFlag {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

export function requestStop(flag: StopFlag): void {
  Atomics.store(flag, 0, 1);
}

export function stopRequested(flag: StopFlag | undefined): boolean {
  return flag !== undefined && Atomics.load(flag, 0) !== 0;
}

/** A worker thread's answer for a run it stopped on request (plain data: it is posted back). */
export interface InterruptedAnswer {
  interrupted: true;
}

export function isInterruptedAnswer(value: unknown): value is InterruptedAnswer {
  return typeof value === 'object' && value !== null && 'interrupted' in value;
}
