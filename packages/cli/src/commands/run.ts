import { dirname, relative } from 'node:path';
import { countRuns, executeRuns, RunStore, varyingKeys, type SweepInfo } from '@descent/runner';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { reportsRoot, storeRoot, workspaceRoot } from '../paths.js';
import { Progress } from '../progress.js';
import { writeReports } from '../reports.js';
import { expand, loadSweepFile, plural } from '../sweepFile.js';

export const spec: CommandSpec = {
  name: 'run',
  summary: 'run a sweep: every run not yet finished, in parallel, then render its report',
  usage: 'pnpm exp run <sweep.yaml> [options]',
  options: {
    workers: { type: 'number', placeholder: 'n', description: 'worker threads, one run each (default: CPU cores)' },
    'dry-run': { type: 'boolean', description: 'print the expanded runs and exit without running' },
    yes: { type: 'boolean', description: `run even if the sweep expands to more than ${confirmThreshold()} runs` },
    force: { type: 'boolean', description: 'redo runs that already have a record' },
    timeout: { type: 'number', placeholder: 'seconds', description: 'per-run time limit; a run over it is recorded as failed (default: none)' },
    'no-report': { type: 'boolean', description: 'do not render the HTML report at the end' },
  },
  details: [
    'Finished runs are skipped, so an interrupted sweep (Ctrl-C, a kill) continues where it stopped.',
    'Exit codes: 0 all runs finished or diverged; 1 some run failed or the sweep file is invalid; 130 interrupted.',
  ],
};

function confirmThreshold(): number {
  return Number(process.env.DESCENT_CONFIRM_RUNS ?? 500);
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`run: expected one sweep file (got ${positionals.length ? positionals.join(' ') : 'none'})\n\n${formatHelp(spec)}`);
  const workers = options.workers as number | undefined;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new UsageError(`run: --workers takes a whole number ≥ 1 (got ${workers})`);
  const timeout = options.timeout as number | undefined;
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`run: --timeout takes a number of seconds > 0 (got ${timeout})`);

  const loaded = await loadSweepFile(positionals[0]);
  const { sweep } = loaded;
  const count = countRuns(sweep);
  if (count > confirmThreshold() && !options.yes && !options['dry-run']) {
    throw new CliError(`${loaded.shown}: the sweep expands to ${count} runs (more than ${confirmThreshold()}); run again with --yes to start them, or --dry-run to list them.`);
  }
  const specs = expand(loaded);
  const varied = varyingKeys(specs);

  if (options['dry-run']) {
    console.log(`${sweep.name}: ${plural(specs.length, 'run')} (${specs.length / sweep.replicates} configurations × ${sweep.replicates} replicates)`);
    for (const s of specs) {
      const values = varied.map((key) => `${key}=${JSON.stringify(valueAt(s.config, key))}`).join(' ');
      console.log(`  ${s.runId}  replicate ${s.replicate}  ${values || '(no varied keys)'}`);
    }
    return 0;
  }

  const store = new RunStore(storeRoot());
  const info: SweepInfo = {
    schema: 1,
    name: sweep.name,
    file: relative(workspaceRoot(), loaded.file).startsWith('..') ? loaded.file : relative(workspaceRoot(), loaded.file),
    description: sweep.description,
    seed: sweep.seed,
    method: sweep.method,
    replicates: sweep.replicates,
    varied,
    metric: specs[0].config.metric,
    plugins: sweep.plugins,
    runIds: specs.map((s) => s.runId),
    command: `pnpm exp run ${relative(workspaceRoot(), loaded.file).replace(/^experiments\//, '')}`,
  };
  store.writeSweepInfo(info);

  const pending = options.force ? specs.length : specs.filter((s) => !store.has(sweep.name, s.runId)).length;
  console.log(
    `${sweep.name}: ${plural(specs.length, 'run')}, ${pending} to do${pending < specs.length ? ` (${specs.length - pending} already finished)` : ''}; store ${relative(process.cwd(), store.sweepDir(sweep.name))}`,
  );

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C does not wait
    process.stderr.write('\ninterrupted: stopping; finished runs are kept, the next `exp run` continues\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = new Progress(process.stdout, specs.length, pending, info.metric);
  let summary;
  try {
    summary = await executeRuns(specs, {
      sweep: sweep.name,
      baseDir: dirname(loaded.file),
      plugins: sweep.plugins,
      store,
      workers,
      force: Boolean(options.force),
      timeoutMs: timeout ? timeout * 1000 : 0,
      signal: controller.signal,
      onProgress: (event) => progress.update(event),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const { completed } = summary;
  console.log(
    `${sweep.name}: ${completed.finished} finished, ${completed.diverged} diverged, ${completed.failed} failed this time` +
      (summary.skipped ? `; ${summary.skipped} skipped (already finished)` : '') +
      (summary.busy ? `; ${summary.busy} left to another process running this sweep` : ''),
  );
  if (summary.interrupted) return 130;

  if (!options['no-report']) {
    const written = writeReports(store, reportsRoot(), [sweep.name]);
    for (const path of written) console.log(`report: ${relative(process.cwd(), path)}`);
  }
  if (completed.failed > 0) {
    for (const run of store.readAll(sweep.name)) {
      if (run.record.status === 'failed' && info.runIds.includes(run.record.runId)) console.error(`failed: ${run.record.runId}: ${run.record.error?.message}`);
    }
    return 1;
  }
  return 0;
}

/** The value at a dotted key of a resolved config (`optimizer.lr`, `problem.dataset.noise`). */
export function valueAt(config: unknown, key: string): unknown {
  let node: unknown = config;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
