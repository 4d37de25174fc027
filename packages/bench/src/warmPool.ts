import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatSweepFileIssues, localExecutor, openSweep, RunStore } from '@descent/runner';

/**
 * Runs per second of a sweep run `sweeps` times in a row on one pool of `workers` threads, each time into
 * a fresh store: the first sweep pays for starting the threads and for their JIT warm-up (every thread is
 * a V8 isolate of its own and optimises the training code from scratch), the later ones run on threads
 * whose code is already optimised. Their difference is what a cold start costs; a later sweep's rate is
 * what the threads sustain.
 */
export async function sweepsOnOnePool(file: string, workers: number, sweeps = 3): Promise<number[]> {
  const opened = await openSweep(file);
  if ('stage' in opened) throw new Error(`warm-pool: ${file} is invalid:\n${formatSweepFileIssues(opened).join('\n')}`);
  const { sweep, catalog, specs } = opened;
  const executor = localExecutor({ workers });
  const rates: number[] = [];
  try {
    for (let i = 0; i < sweeps; i++) {
      const root = mkdtempSync(join(tmpdir(), 'descent-warm-pool-'));
      try {
        const request = { sweep: sweep.name, baseDir: dirname(file), plugins: sweep.plugins, catalog, store: new RunStore(root) };
        const summary = await executor.execute(specs, request);
        const ran = summary.completed.finished + summary.completed.diverged + summary.completed.failed;
        if (ran !== specs.length) throw new Error(`warm-pool: ${ran} of ${specs.length} runs of ${sweep.name} ran`);
        rates.push(ran / (summary.elapsedMs / 1000));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  } finally {
    await executor.close();
  }
  return rates;
}
