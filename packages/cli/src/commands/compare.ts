import { relative } from 'node:path';
import { RunStore, sweepNameProblem } from '@descent/runner';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { reportsRoot, storeRoot } from '../paths.js';
import { writeComparison } from '../reports.js';
import { warnDamaged } from '../damagedRuns.js';
import { sweepName } from './report.js';

export const spec: CommandSpec = {
  name: 'compare',
  summary: 'render one report with the same views across several sweeps',
  usage: 'pnpm exp compare <sweepA> <sweepB> [...] [--name <file-name>]',
  options: { name: { type: 'string', placeholder: 'name', description: 'file name under reports/compare/ (default: the sweep names joined by -vs-)' } },
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
  for (const name of names) warnDamaged(store, name); // left out of the comparison, one line each
  const fileName = (options.name as string | undefined) ?? names.join('-vs-');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fileName)) throw new UsageError(`compare: --name '${fileName}' is not a safe file name`);
  try {
    console.log(`report: ${relative(process.cwd(), writeComparison(store, reportsRoot(), names, fileName))}`);
  } catch (error) {
    throw new CliError(`compare: ${(error as Error).message}`);
  }
  return 0;
}
