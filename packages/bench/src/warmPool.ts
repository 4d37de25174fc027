import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { executeRuns, loadCatalog, RunStore, startRunPool } from '@descent/runner';
import { expandSweep, formatIssue, parseSweepText, pluginSpecs, validateSweep } from '@descent/sweep';

/**
 * Runs per second of a sweep run `sweeps` times in a row on one pool of `workers` threads, each time into
 * a fresh store: the first sweep pays for starting the threads and for their JIT warm-up (every thread is
 * a V8 isolate of its own and optimises the training code from scratch), the later ones run on threads
 * whose code is already optimised. Their difference is what a cold start costs; a later sweep's rate is
 * what the threads sustain.
 */
export async function sweepsOnOnePool(file: string, workers: number, sweeps = 3): Promise<number[]> {
  const parsed = parseSweepText(readFileSync(file, 'utf8'), file);
  const baseDir = dirname(file);
  const catalog = await loadCatalog(pluginSpecs(parsed.doc).map((p) => p.spec), baseDir);
  const validated = validateSweep(parsed, file, catalog);
  if ('issues' in validated) throw new Error(`warm-pool: ${file} is invalid:\n${validated.issues.map(formatIssue).join('\n')}`);
  const { sweep } = validated;
  const specs = expandSweep(sweep, catalog);
  const pool = startRunPool(workers);
  const rates: number[] = [];
  try {
    for (let i = 0; i < sweeps; i++) {
      const root = mkdtempSync(join(tmpdir(), 'descent-warm-pool-'));
      try {
        const summary = await executeRuns(specs, { sweep: sweep.name, baseDir, plugins: sweep.plugins, store: new RunStore(root), pool, keepPool: true });
        const ran = summary.completed.finished + summary.completed.diverged + summary.completed.failed;
        if (ran !== specs.length) throw new Error(`warm-pool: ${ran} of ${specs.length} runs of ${sweep.name} ran`);
        rates.push(ran / (summary.elapsedMs / 1000));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  } finally {
    await pool.destroy();
  }
  return rates;
}
