import { basename, extname, relative } from 'node:path';
import { definedRunCount, RunStore, type Damage, type ListedRun } from '@descent/runner';
import { sweepNameProblem } from '@descent/sweep';
import { collectFromQueue, parseQueueAddress, QueueError } from '@descent/runner/queue';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { reportsRoot, storeRoot } from '../paths.js';
import { writeReports } from '../reports.js';
import { outdatedRunsNote } from '../outdatedRuns.js';
import { refusedFolderNotes } from '../refusedFolders.js';
import { allowOutsideOption, guardWrites, sweepWritePaths } from '../workspaceGuard.js';
import { damageLine, warnDamaged } from '../damagedRuns.js';

export const spec: CommandSpec = {
  name: 'report',
  summary: 'render reports/<sweep>/index.html (and reports/index.html) from the stored runs',
  usage: 'pnpm exp report <sweep-name | sweep.yaml> [...]   (no argument: every sweep in the store)',
  options: {
    queue: { type: 'string', placeholder: 'redis://host:port', description: 'first collect results that `exp worker`s finished on this Redis queue into the store' },
    'allow-outside': allowOutsideOption,
  },
  details: [
    'The report is one self-contained HTML file: open it from disk, offline.',
    'Damaged runs are left out, one line each; a sweep whose sweep.json is damaged gets no report (exit 1).',
  ],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  const store = new RunStore(storeRoot());
  const known = store.sweeps();
  const names = positionals.length ? positionals.map(sweepName) : known;
  // A sweep whose sweep.json is damaged gets no report (one line says how to write it again); the others do.
  const damagedInfo: Damage[] = [];
  const runCounts = new Map<string, number>();
  for (const name of names) {
    const unsafe = sweepNameProblem(name);
    if (unsafe) throw new UsageError(`report: sweep name ${unsafe}`);
    const info = store.sweepInfoEntry(name);
    runCounts.set(name, definedRunCount(info));
    if (info.state === 'damaged') damagedInfo.push(info.damage);
    else if (info.state === 'missing') throw new CliError(`report: no stored sweep '${name}' (sweeps: ${known.join(', ') || 'none'}; run one with 'pnpm exp run sweeps/<name>.yaml')`);
  }
  if (names.length === 0) throw new UsageError(`report: the store ${store.root} has no sweeps yet`);
  const reported = names.filter((name) => !damagedInfo.some((d) => d.sweep === name));
  // Collecting from a queue writes runs into the store; rendering writes reports.
  guardWrites(reported.flatMap((name) => sweepWritePaths(name, { runs: typeof options.queue === 'string' })), options);
  if (typeof options.queue === 'string') await collectQueued(options.queue, store, reported);
  for (const damage of damagedInfo) console.error(`${damageLine(damage)}; no report for '${damage.sweep}' until then`);
  const listings = new Map<string, ListedRun[]>();
  for (const name of reported) listings.set(name, await store.runListingsAside(name, store.lookAside(name, runCounts.get(name) ?? 0)));
  for (const name of reported) {
    // One look at every run folder for both notes and the reports (the run listing, which the reports read next).
    const states = listings.get(name)!.map(({ runId, state }) => ({ runId, state }));
    const outdated = outdatedRunsNote(store, name, states);
    if (outdated) console.error(outdated);
    warnDamaged(store, name, states);
  }
  for (const note of refusedFolderNotes(store)) console.error(note);
  for (const path of writeReports(store, reportsRoot(), reported, listings)) console.log(`report: ${relative(process.cwd(), path)}`);
  return damagedInfo.length === 0 ? 0 : 1;
}

/** `sweeps/momentum.yaml` and `momentum` both name the sweep `momentum`. */
export function sweepName(arg: string): string {
  const ext = extname(arg);
  return ext === '.yaml' || ext === '.yml' ? basename(arg, ext) : arg;
}

/** `--queue`: move finished results of these sweeps from Redis into the store before rendering. */
async function collectQueued(queue: string, store: RunStore, names: string[]): Promise<void> {
  try {
    const address = parseQueueAddress(queue);
    for (const name of names) {
      const collected = await collectFromQueue(address, store, name, store.readSweepInfo(name)!.runIds);
      console.log(`${name}: collected ${collected.filter((run) => run.stored).length} results from ${address.shown}`);
    }
  } catch (error) {
    throw error instanceof QueueError ? new CliError(`report: ${error.message}`) : error;
  }
}
