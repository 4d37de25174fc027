import { RUN_STATUSES, RunStore } from '@descent/runner';
import { configurationKey, sweepNameProblem, variedValue, varyingKeys, type RunSpec, type VariedValue } from '@descent/sweep';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { warnDamaged } from '../damagedRuns.js';
import { outdatedRunsNote } from '../outdatedRuns.js';
import { refusedFolderNotes } from '../refusedFolders.js';
import { storeRoot } from '../paths.js';

export const spec: CommandSpec = {
  name: 'list',
  summary: 'list the sweeps in the run store, or the runs of one sweep',
  usage: 'pnpm exp list [sweep-name]',
  options: { all: { type: 'boolean', description: 'with a sweep name: also list runs of earlier versions of the sweep file' } },
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  const store = new RunStore(storeRoot());
  if (positionals.length === 0) {
    const sweeps = store.sweeps();
    for (const note of refusedFolderNotes(store)) console.error(note);
    if (sweeps.length === 0) {
      console.log(`no sweeps in ${store.root} yet: try 'pnpm exp run sweeps/momentum.yaml'`);
      return 0;
    }
    // Counts are of the sweep file's current definition, as the report shows it; runs of earlier versions
    // stay in the store (they are results too) and are counted apart.
    const rows = sweeps.map((name) => {
      const stored = store.readAll(name);
      const info = store.sweepInfoEntry(name);
      const current = info.state === 'valid' ? info.info.runIds : undefined;
      const currentIds = current ? new Set(current) : null;
      const runs = currentIds ? stored.filter((r) => currentIds.has(r.record.runId)) : stored;
      const count = (s: string) => runs.filter((r) => r.record.status === s).length;
      // Damaged runs are counted apart (whichever version of the sweep file they belong to: their record may not say).
      const damaged = store.entries(name).filter((e) => e.state === 'damaged').length;
      const missing = current ? current.filter((id) => store.entry(name, id) === null).length : 0;
      const shown = info.state === 'damaged' ? `${name} (sweep.json damaged)` : name;
      return [shown, String(runs.length), ...RUN_STATUSES.map((status) => String(count(status))), String(damaged), String(missing), String(stored.length - runs.length)];
    });
    printTable(['sweep', 'runs', ...RUN_STATUSES, 'damaged', 'not yet run', 'earlier versions'], rows);
    for (const name of sweeps) {
      const outdated = outdatedRunsNote(store, name);
      if (outdated) console.error(outdated);
      warnDamaged(store, name);
    }
    return 0;
  }
  const name = positionals[0];
  const unsafe = sweepNameProblem(name);
  if (unsafe) throw new UsageError(`list: sweep name ${unsafe}`);
  const entries = store.entries(name).filter((e) => e.state !== 'outdated');
  const stored = entries.flatMap((e) => (e.state === 'current' ? [e.run] : []));
  const outdated = outdatedRunsNote(store, name);
  if (outdated) console.error(outdated);
  if (entries.length === 0) {
    console.error(`list: no runs stored for sweep '${name}' (sweeps: ${store.sweeps().join(', ') || 'none'})`);
    return 1;
  }
  warnDamaged(store, name);
  // The store keeps runs of earlier versions of a sweep file (they are results too); list the current ones
  // unless asked, as the report does. Damaged runs are always listed.
  const info = store.sweepInfoEntry(name);
  const current = info.state === 'valid' ? new Set(info.info.runIds) : undefined;
  const shown = entries.filter((e) => e.state === 'damaged' || options.all || current === undefined || current.has(e.runId));
  // The settings that vary between the runs listed (the optimizer's name stands for its plugin), so no two
  // configurations look alike; runs grouped by configuration, replicates in order.
  const runs = shown.flatMap((e) => (e.state === 'current' ? [e.run] : []));
  const varied = varyingKeys(runs.map(({ record }) => ({ config: record.config }) as RunSpec)).filter((key) => key !== 'plugins');
  const metric = runs[0]?.record.config.metric.name ?? 'metric';
  const order = (e: (typeof shown)[number]) => (e.state === 'current' ? `${configurationKey(e.run.record.config, varied)}\u0000${String(e.run.record.replicate).padStart(6, '0')}` : `\uffff${e.runId}`);
  const sorted = [...shown].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  printTable(
    ['run', 'rep', 'status', ...varied, `final ${metric}`, 'wall'],
    sorted.map((e) => {
      if (e.state !== 'current') return [e.runId, '-', 'damaged', ...varied.map(() => '-'), '-', '-'];
      const { record: r, meta } = e.run;
      return [
        r.runId,
        String(r.replicate),
        r.status,
        ...varied.map((key) => cell(variedValue(r.config, key))),
        Number.isFinite(r.summary.finalMetric) ? r.summary.finalMetric.toPrecision(4) : String(r.summary.finalMetric),
        meta ? `${(meta.wallTimeMs / 1000).toFixed(2)}s` : '-',
      ];
    }),
  );
  const older = stored.length - shown.filter((e) => e.state === 'current').length;
  if (older > 0) console.log(`(${older} stored run${older === 1 ? '' : 's'} from earlier versions of the sweep file not shown; --all lists them)`);
  return 0;
}

/** A setting's value in a table cell: '-' where a run has no such setting (momentum's ρ next to sgd). */
const cell = (value: VariedValue): string => (value === null ? '-' : Array.isArray(value) ? JSON.stringify(value) : String(value));

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
