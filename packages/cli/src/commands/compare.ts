import { join, relative } from 'node:path';
import { metricsOf, RunStore, type SweepInfo } from '@descent/runner';
import { DATASET_METRICS, LANDSCAPE_METRICS, sweepNameProblem } from '@descent/sweep';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { reportsRoot, storeRoot } from '../paths.js';
import { writeComparison } from '../reports.js';
import { warnDamaged } from '../damagedRuns.js';
import { sweepName } from './report.js';
import { allowOutsideOption, guardWrites } from '../workspaceGuard.js';

export const spec: CommandSpec = {
  name: 'compare',
  summary: 'render one report with the same views across several sweeps',
  usage: 'pnpm exp compare <sweepA> <sweepB> [...] [--name <file-name>] [--metric <name>]',
  options: {
    name: { type: 'string', placeholder: 'name', description: 'file name under reports/compare/ (default: the sweep names joined by -vs-)' },
    metric: {
      type: 'string',
      placeholder: 'name',
      description: `compare on this metric, re-measured from every run's recorded series (needed when the sweeps' own metrics differ): ${[...DATASET_METRICS, ...LANDSCAPE_METRICS].join(', ')}`,
    },
    'allow-outside': allowOutsideOption,
  },
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length < 2) throw new UsageError(`compare: expected at least two sweeps\n\n${formatHelp(spec)}`);
  const names = positionals.map(sweepName);
  const store = new RunStore(storeRoot());
  for (const name of names) {
    const unsafe = sweepNameProblem(name);
    if (unsafe) throw new UsageError(`compare: sweep name ${unsafe}`);
  }
  const infos = names.map((name) => {
    const info = store.readSweepInfo(name);
    if (!info) throw new CliError(`compare: no stored sweep '${name}' (sweeps: ${store.sweeps().join(', ') || 'none'})`);
    return info;
  });
  let metric = options.metric as string | undefined;
  const known: readonly string[] = [...DATASET_METRICS, ...LANDSCAPE_METRICS];
  if (metric !== undefined && !known.includes(metric)) throw new UsageError(`compare: --metric '${metric}' is not a metric (one of ${known.join(', ')})`);
  const mismatch = metric === undefined ? differentMetrics(infos, store) : null;
  if (mismatch) {
    // The first sweep's metric, when every sweep records it: what a user comparing "momentum against the rest" means.
    if (!mismatch.common.includes(infos[0].metric.name)) throw new CliError(`compare: ${mismatch.message}`);
    metric = infos[0].metric.name;
    console.log(`compare: ${mismatch.measured}; compared by ${metric}, ${infos[0].name}'s metric, re-measured from every run's series (--metric picks another: ${mismatch.common.join(', ')})`);
  }
  for (const name of names) warnDamaged(store, name); // left out of the comparison, one line each
  const fileName = (options.name as string | undefined) ?? names.join('-vs-');
  // The page's name follows the rule of sweep names: it is a file name next to reports/compare's other pages.
  const nameProblem = sweepNameProblem(fileName);
  if (nameProblem) throw new UsageError(options.name === undefined ? `compare: the page's name (the sweep names joined by -vs-) ${nameProblem}; give one with --name` : `compare: --name ${nameProblem}`);
  guardWrites([reportsRoot(), join(reportsRoot(), 'compare')], options);
  try {
    console.log(`report: ${relative(process.cwd(), writeComparison(store, reportsRoot(), names, fileName, metric))}`);
  } catch (error) {
    throw new CliError(`compare: ${(error as Error).message}`);
  }
  return 0;
}

/** How the sweeps are measured when their metrics differ, and the metrics every one of them records; null when they agree. */
function differentMetrics(infos: SweepInfo[], store: RunStore): { measured: string; common: readonly string[]; message: string } | null {
  const first = infos[0].metric;
  if (infos.every((info) => info.metric.name === first.name && info.metric.goal === first.goal)) return null;
  const measured = `the sweeps are measured differently (${infos.map((info) => `${info.name} by ${info.metric.name}, ${info.metric.goal}`).join('; ')})`;
  // What every sweep's runs record: a landscape only its loss, a dataset its losses and accuracies, and the
  // validation ones only where its split held validation rows out.
  const runs = infos.flatMap((info) => store.readAll(info.name));
  const common = [...DATASET_METRICS, ...LANDSCAPE_METRICS].filter((name) => runs.length > 0 && runs.every(({ record }) => metricsOf(record).includes(name)));
  const pick = common.length > 0 ? `; compare them on a metric all of them record with --metric (${common.join(', ')})` : ' and record no metric in common';
  return { measured, common, message: `${measured}${pick}` };
}
