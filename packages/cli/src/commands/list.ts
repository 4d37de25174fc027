import { definedRunCount, RUN_STATUSES, RunStore, type ListedRun, type RunListing } from '@descent/runner/store';
import { compareVariedValues, sweepNameProblem, variedValue, varyingKeys, type VariedValue } from '@descent/sweep/stored';
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
    const infoOf = new Map(sweeps.map((name) => [name, store.sweepInfoEntry(name)]));
    const listedOf = new Map<string, ListedRun[]>();
    for (const name of sweeps) {
      const info = infoOf.get(name)!;
      listedOf.set(name, await store.runListingsAside(name, store.lookAside(name, definedRunCount(info))));
    }
    const rows = sweeps.map((name) => {
      const listed = listedOf.get(name)!;
      const stored = listed.flatMap((e) => (e.listing === null ? [] : [e.listing]));
      const info = infoOf.get(name)!;
      const current = info.state === 'valid' ? info.info.runIds : undefined;
      const currentIds = current ? new Set(current) : null;
      const runs = currentIds ? stored.filter((r) => currentIds.has(r.runId)) : stored;
      const count = (s: string) => runs.filter((r) => r.status === s).length;
      // Damaged runs are counted apart (whichever version of the sweep file they belong to: their record may not say).
      const damaged = listed.filter((e) => e.state.state === 'damaged').length;
      const folders = new Set(listed.map((e) => e.runId));
      const missing = current ? current.filter((id) => !folders.has(id)).length : 0;
      const shown = info.state === 'damaged' ? `${name} (sweep.json damaged)` : name;
      return [shown, String(runs.length), ...RUN_STATUSES.map((status) => String(count(status))), String(damaged), String(missing), String(stored.length - runs.length)];
    });
    printTable(['sweep', 'runs', ...RUN_STATUSES, 'damaged', 'not yet run', 'earlier versions'], rows);
    for (const name of sweeps) {
      const states = listedOf.get(name)!.map(({ runId, state }) => ({ runId, state }));
      const outdated = outdatedRunsNote(store, name, states);
      if (outdated) console.error(outdated);
      warnDamaged(store, name, states);
    }
    return 0;
  }
  const name = positionals[0];
  const unsafe = sweepNameProblem(name);
  if (unsafe) throw new UsageError(`list: sweep name ${unsafe}`);
  const info = store.sweepInfoEntry(name);
  // From the sweep's run listing (runner/src/runListing.ts): a record is read only if it changed since it was listed.
  const listed = await store.runListingsAside(name, store.lookAside(name, definedRunCount(info)));
  const states = listed.map(({ runId, state }) => ({ runId, state }));
  const entries = listed.filter((e) => e.state.state !== 'outdated');
  const outdated = outdatedRunsNote(store, name, states);
  if (outdated) console.error(outdated);
  if (entries.length === 0) {
    console.error(`list: no runs stored for sweep '${name}' (sweeps: ${store.sweeps().join(', ') || 'none'})`);
    return 1;
  }
  warnDamaged(store, name, states);
  // The store keeps runs of earlier versions of a sweep file (they are results too); list the current ones
  // unless asked, as the report does. Damaged runs are always listed.
  const current = info.state === 'valid' ? new Set(info.info.runIds) : undefined;
  // One write: a console.log per line of 100,000 took a tenth of the command.
  console.log(runLines(entries, current, Boolean(options.all)).join('\n'));
  return 0;
}

/**
 * The lines `exp list <sweep>` prints on stdout for these runs (current and damaged; `current`: the ids of the sweep
 * file's definition, unless unknown): the settings that vary between the runs listed (the optimizer's name stands
 * for its plugin), so no two configurations look alike; runs grouped by configuration, replicates in order.
 */
export function runLines(entries: readonly ListedRun[], current: ReadonlySet<string> | undefined, all: boolean): string[] {
  const shown = entries.filter((e) => e.state.state === 'damaged' || all || current === undefined || current.has(e.runId));
  const runs: RunListing[] = [];
  for (const e of shown) if (e.listing !== null) runs.push(e.listing);
  const varied = varyingKeys(runs).filter((key) => key !== 'plugins');
  const metric = runs[0]?.config.metric.name ?? 'metric';
  // Each run's values of the varied keys, looked up once: they give both its place in the order and its cells.
  const sorted = shown.map((e) => ({ e, values: e.listing !== null ? varied.map((key) => variedValue(e.listing!.config, key)) : [] }));
  // Configurations in the order a report lists them (compareVariedValues: 1e-5 before 0.001), each one's replicates in
  // order; damaged runs last. `shown` is sorted by run id, and the sort is stable.
  sorted.sort((a, b) => {
    const listingA = a.e.listing;
    const listingB = b.e.listing;
    if (listingA === null || listingB === null) return listingA !== null ? -1 : listingB !== null ? 1 : 0;
    for (let i = 0; i < a.values.length; i++) {
      const order = compareVariedValues(a.values[i], b.values[i]);
      if (order !== 0) return order;
    }
    return listingA.replicate - listingB.replicate;
  });
  const rows: string[][] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const { e, values } = sorted[i];
    const row = [e.runId];
    if (e.listing === null) {
      row.push('-', 'damaged');
      for (let k = 0; k < varied.length; k++) row.push('-');
      row.push('-', '-');
    } else {
      const r = e.listing;
      row.push(String(r.replicate), r.status);
      for (const value of values) row.push(cell(value));
      row.push(Number.isFinite(r.finalMetric) ? r.finalMetric.toPrecision(4) : String(r.finalMetric), r.wallTimeMs !== null ? `${(r.wallTimeMs / 1000).toFixed(2)}s` : '-');
    }
    rows[i] = row;
  }
  const lines = tableLines(['run', 'rep', 'status', ...varied, `final ${metric}`, 'wall'], rows);
  const older = entries.filter((e) => e.listing !== null).length - runs.length;
  if (older > 0) lines.push(`(${older} stored run${older === 1 ? '' : 's'} from earlier versions of the sweep file not shown; --all lists them)`);
  return lines;
}

/** A setting's value in a table cell: '-' where a run has no such setting (momentum's ρ next to sgd). */
const cell = (value: VariedValue): string => (value === null ? '-' : Array.isArray(value) ? JSON.stringify(value) : String(value));

export function printTable(header: string[], rows: string[][]): void {
  for (const line of tableLines(header, rows)) console.log(line);
}

/** A table's lines: each column as wide as its widest cell, two spaces apart. */
function tableLines(header: string[], rows: string[][]): string[] {
  // Loops rather than map/reduce/join per row: `exp list` of 100,000 runs builds 100,000 lines here.
  // (And not Math.max(...cells): 100,000 arguments overflow the call stack.)
  const widths = header.map((h) => h.length);
  for (const row of rows) for (let i = 0; i < row.length; i++) if (row[i].length > widths[i]) widths[i] = row[i].length;
  const line = (cells: string[]) => {
    let text = cells[0].padEnd(widths[0]);
    for (let i = 1; i < cells.length; i++) text += '  ' + cells[i].padEnd(widths[i]);
    return text.trimEnd();
  };
  const lines: string[] = new Array(rows.length + 1);
  lines[0] = line(header);
  for (let i = 0; i < rows.length; i++) lines[i + 1] = line(rows[i]);
  return lines;
}
