import { join, relative } from 'node:path';
import { RunStore } from '@descent/runner';
import { sweepNameProblem } from '@descent/sweep';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { reportsRoot, storeRoot } from '../paths.js';
import { writeComparison } from '../reports.js';
import { sweepName } from './report.js';
import { allowOutsideOption, guardWrites } from '../workspaceGuard.js';

export const spec: CommandSpec = {
  name: 'compare',
  summary: 'render one report with the same views across several sweeps',
  usage: 'pnpm exp compare <sweepA> <sweepB> [...] [--name <file-name>]',
  options: {
    name: { type: 'string', placeholder: 'name', description: 'file name under reports/compare/ (default: the sweep names joined by -vs-)' },
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
  for (const name of names) if (!store.readSweepInfo(name)) throw new CliError(`compare: no stored sweep '${name}' (sweeps: ${store.sweeps().join(', ') || 'none'})`);
  const fileName = (options.name as string | undefined) ?? names.join('-vs-');
  // The page's name follows the rule of sweep names: it is a file name next to reports/compare's other pages.
  const nameProblem = sweepNameProblem(fileName);
  if (nameProblem) throw new UsageError(options.name === undefined ? `compare: the page's name (the sweep names joined by -vs-) ${nameProblem}; give one with --name` : `compare: --name ${nameProblem}`);
  guardWrites([reportsRoot(), join(reportsRoot(), 'compare')], options);
  try {
    console.log(`report: ${relative(process.cwd(), writeComparison(store, reportsRoot(), names, fileName))}`);
  } catch (error) {
    throw new CliError(`compare: ${(error as Error).message}`);
  }
  return 0;
}
