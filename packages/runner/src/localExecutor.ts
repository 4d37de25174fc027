import { executeRuns, runPoolOnDemand } from './execute.js';
import type { Executor } from './executor.js';

export interface LocalExecutorOptions {
  /** Worker threads, one run each (default: the number of CPU cores). */
  workers?: number;
  /** Per-run time limit in milliseconds (0 or absent: none). A run over it is recorded as failed. */
  timeoutMs?: number;
}

/**
 * Runs on worker threads of this process. The threads start when the caller expects runs (warmUp: they load the
 * training stack while it expands its sweeps) or when the first runs come, not for sweeps with nothing left to do;
 * every sweep given to `execute` runs on the same threads, whose code is then already optimised; sweeps given at
 * once share them (RunSlots). `close` stops them.
 */
export function localExecutor(options: LocalExecutorOptions = {}): Executor {
  const pool = runPoolOnDemand(options.workers);
  return {
    warmUp: () => pool.start(),
    execute: (specs, request) =>
      executeRuns(specs, {
        sweep: request.sweep,
        baseDir: request.baseDir,
        plugins: request.plugins,
        store: request.store,
        pool,
        keepPool: true,
        force: request.force,
        storedBefore: request.storedBefore,
        timeoutMs: options.timeoutMs ?? 0,
        signal: request.signal,
        onProgress: request.onProgress,
      }),
    close: () => pool.destroy(),
  };
}
