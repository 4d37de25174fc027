import { Piscina } from 'piscina';
import type { RunSpec } from '@descent/sweep';
import { builtThread } from './builtThread.js';
import type { RunTask, RunOutcome } from './worker.js';
import type { RunRecord } from './types.js';

/**
 * Train `spec` again in a worker thread started for it alone (hardened, importing only the run's own
 * plugin), and return its record: what `exp verify` compares with the stored one. Not in the caller's
 * thread, whose built-ins a plugin imported there (or anything else) may have changed: a record made
 * in a patched realm would then be reproduced by the same patch and called identical.
 */
export async function rerunInFreshThread(spec: RunSpec, context: { sweep: string; baseDir: string }): Promise<RunRecord> {
  const pool = new Piscina<RunTask, RunOutcome>({ ...builtThread('worker.js'), minThreads: 1, maxThreads: 1, concurrentTasksPerWorker: 1 });
  try {
    const task: RunTask = { spec, sweep: context.sweep, baseDir: context.baseDir, plugins: spec.config.plugins.map((p) => p.source) };
    const { record } = await pool.run(task, { name: 'trainTask' });
    return record;
  } finally {
    await pool.destroy();
  }
}
