import { relative, resolve } from 'node:path';
import { RunStore, StorageError } from '@descent/runner';
import { describeThrown } from '@descent/settings';
import { sweepNameProblem } from '@descent/sweep';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { SERIES, runTable, seriesTable, toCsv, toJsonl, type SeriesName } from '../exportTable.js';
import { outdatedRunsNote } from '../outdatedRuns.js';
import { storeRoot, userCwd } from '../paths.js';
import { writeAtomically } from '../writeAtomically.js';
import { plural } from '../sweepFile.js';
import { sweepName } from './report.js';

const FORMATS = ['csv', 'jsonl'] as const;

export const spec: CommandSpec = {
  name: 'export',
  summary: "write a sweep's runs as CSV or JSON Lines (one row per run, or per point of a series) for pandas, R or a spreadsheet",
  usage: 'pnpm exp export <sweep-name | sweep.yaml> [--format csv|jsonl] [--series steps|epochs|trajectory] [--out file]',
  options: {
    format: { type: 'string', placeholder: 'csv|jsonl', description: 'csv (default) or jsonl' },
    series: {
      type: 'string',
      placeholder: 'steps|epochs|trajectory',
      description: 'csv: one row per point of this series instead of one per run; jsonl: add these series (comma-separated) to every run',
    },
    out: { type: 'string', placeholder: 'file', description: 'write to this file (default: standard output)' },
    all: { type: 'boolean', description: 'also export runs of earlier versions of the sweep file' },
  },
  details: [
    'Columns: run_id, sweep, replicate, run_seed, status, every setting as a dotted key (those that vary first),',
    'the summary (final_metric, best_metric, steps_to_target, ...), diverged_at_step, divergence_reason, error, wall_time_ms.',
    'Non-finite numbers are NaN, Inf and -Inf in CSV (read back as numbers by pandas and R) and null in JSON Lines.',
    "example: pnpm exp export momentum --out momentum.csv   then in Python: pandas.read_csv('momentum.csv')",
  ],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`export: expected one sweep name\n\n${formatHelp(spec)}`);
  const format = (options.format as string | undefined) ?? 'csv';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`export: --format '${format}' is not one of ${FORMATS.join(', ')}`);
  const series = parseSeries(options.series as string | undefined);
  if (format === 'csv' && series.length > 1) throw new UsageError(`export: a CSV file holds one series (got --series ${series.join(',')}); export them one at a time, or use --format jsonl`);

  const name = sweepName(positionals[0]);
  const unsafe = sweepNameProblem(name);
  if (unsafe) throw new UsageError(`export: sweep name ${unsafe}`);
  const store = new RunStore(storeRoot());
  const info = store.readSweepInfo(name);
  if (!info) throw new CliError(`export: no stored sweep '${name}' (sweeps: ${store.sweeps().join(', ') || 'none'})`);
  const outdated = outdatedRunsNote(store, name);
  if (outdated) console.error(outdated);
  const current = new Set(info.runIds);
  const runs = store.readAll(name).filter((run) => options.all || current.has(run.record.runId));

  const text =
    format === 'jsonl' ? toJsonl(runs, info.varied, series) : toCsv(series.length === 1 ? seriesTable(runs, info.varied, series[0]) : runTable(runs, info.varied));
  const out = options.out as string | undefined;
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  const path = resolve(userCwd(), out);
  try {
    writeAtomically(path, text);
  } catch (error) {
    // A full or read-only disk is a StorageError, said in one line by exp itself; anything else (the path is a folder) here.
    if (error instanceof StorageError) throw error;
    throw new CliError(`export: cannot write ${path}: ${describeThrown(error)}`);
  }
  console.error(`export: ${plural(runs.length, 'run')} of '${name}' written to ${relative(process.cwd(), path) || path}`);
  return 0;
}

function parseSeries(value: string | undefined): SeriesName[] {
  if (value === undefined) return [];
  const names = value.split(',').map((s) => s.trim());
  for (const name of names) if (!(SERIES as readonly string[]).includes(name)) throw new UsageError(`export: --series '${name}' is not one of ${SERIES.join(', ')}`);
  return [...new Set(names)] as SeriesName[];
}
