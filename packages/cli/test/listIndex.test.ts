import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listingOf, RUN_LISTING_FILE, RunStore, type ListedRun } from '@descent/runner';
import { describe, expect, it } from 'vitest';
import { runLines } from '../src/commands/list.js';
import { brokenPlugin, expIn, makeWorkspace, runsDir, storedRuns, writeSweep } from './_exp.js';

// `exp list <sweep>` reads the sweep's run listing (runner/src/runListing.ts), a cache beside the records. What it
// prints must be what the records say: here every listing is held to the lines built from every record read whole
// (the way `exp list` read them before the listing existed), on runs finished, diverged, failed and pruned, after a
// record is edited by hand or damaged, and with the listing missing, corrupt or out of date.

/** Finished and diverged (lr 5 on the ravine) runs of sgd, and failed ones (an optimizer that throws), 2 replicates. */
const MIXED = `
name: mixed
seed: 4
replicates: 2
plugins: [${brokenPlugin}]
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 40 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.name: { values: [sgd, throws_in_update] }
  optimizer.lr: { values: [0.01, 0.05, 5] }
`;

/** 9 configurations stopped at rungs of 3 and 9 steps, the best third going on to 27: pruned and finished runs. */
const HALVING = `
name: halving
seed: 8
method: quasirandom
samples: 9
early_terminate: { type: successive_halving, min_budget: 3, eta: 3 }
problem:
  landscape: { name: ravine, condition: 10, noise: 0.5 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
train: { batch_size: 1, steps: 27 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.0005, max: 0.2 }
  optimizer.momentum: { distribution: uniform, min: 0, max: 0.95 }
`;

/** The lines of `exp list`, built from every run's record and meta read whole: the path the listing stands in for. */
function linesFromRecords(root: string, sweep: string, all = false): string {
  const store = new RunStore(join(root, 'experiments', 'runs'));
  const entries = store.entries(sweep).flatMap((e): ListedRun[] => {
    if (e.state === 'outdated') return [];
    if (e.state === 'damaged') return [{ runId: e.runId, state: { state: 'damaged', damage: e.damage }, listing: null }];
    return [{ runId: e.runId, state: { state: 'current' }, listing: listingOf(e.run) }];
  });
  const info = store.sweepInfoEntry(sweep);
  const current = info.state === 'valid' ? new Set(info.info.runIds) : undefined;
  return runLines(entries, current, all).join('\n') + '\n';
}

/**
 * Every run's listing as the store gives it (from `.run-listing.json` where its stamps hold) and as listingOf makes
 * it from the record and meta read whole, as JSON text (so the order of keys counts too: a report reads them).
 */
function listingsBothWays(root: string, sweep: string): { fromListing: string[]; fromRecords: string[] } {
  const store = new RunStore(join(root, 'experiments', 'runs'));
  const fromListing = store.runListings(sweep).map(({ listing }) => JSON.stringify(listing));
  const fromRecords = store.entries(sweep).map((e) => JSON.stringify(e.state === 'current' ? listingOf(e.run) : null));
  return { fromListing, fromRecords };
}

async function list(root: string, sweep: string, ...more: string[]): Promise<string> {
  const { code, stdout } = await expIn(root, ['list', sweep, ...more]);
  expect(code).toBe(0);
  return stdout;
}

const listingFile = (root: string, sweep: string) => join(runsDir(root, sweep), RUN_LISTING_FILE);

describe('exp list <sweep> from the run listing prints what the records say', () => {
  it('finished, diverged and failed runs; then a record edited by hand, one damaged, the listing corrupt, missing, or tampered with', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'mixed', MIXED);
    const run = await expIn(root, ['run', 'sweeps/mixed.yaml', '--workers', '1', '--no-report', '--allow-plugin', brokenPlugin]);
    expect(run.code).toBe(1); // the failed runs
    // `exp run` noted each run's listing as it stored it: the first list reads no record.
    expect(JSON.parse(readFileSync(listingFile(root, 'mixed'), 'utf8')).runIds).toEqual(storedRuns(root, 'mixed'));
    // All of each listing (summary, divergence, error, where the run ran), not only what `exp list` prints.
    const mixed = listingsBothWays(root, 'mixed');
    expect(mixed.fromListing).toEqual(mixed.fromRecords);
    expect(mixed.fromListing.some((text) => /"error":\{"message"/.test(text))).toBe(true);
    const first = await list(root, 'mixed');
    expect(first).toMatch(/ finished /);
    expect(first).toMatch(/ diverged /);
    expect(first).toMatch(/ failed /);
    expect(first).toBe(linesFromRecords(root, 'mixed'));
    expect(await list(root, 'mixed')).toBe(first);

    // A record edited by hand (its final metric, a longer number so the file's size changes too): read again.
    const [edited, damaged] = storedRuns(root, 'mixed');
    const recordOf = (id: string) => join(runsDir(root, 'mixed'), id, 'record.json');
    const record = JSON.parse(readFileSync(recordOf(edited), 'utf8'));
    record.summary.finalMetric = 123.456789;
    writeFileSync(recordOf(edited), JSON.stringify(record));
    const afterEdit = await list(root, 'mixed');
    expect(afterEdit).toMatch(new RegExp(`${edited} .* 123\\.5 `));
    expect(afterEdit).toBe(linesFromRecords(root, 'mixed'));

    // A record damaged: listed as damaged, as the records say.
    writeFileSync(recordOf(damaged), '{"schema": ');
    const afterDamage = await list(root, 'mixed');
    expect(afterDamage).toMatch(new RegExp(`${damaged} +- +damaged`));
    expect(afterDamage).toBe(linesFromRecords(root, 'mixed'));

    // The overview counts from the listing too: each status as the records say, the damaged run apart.
    const statuses = storedRuns(root, 'mixed')
      .filter((id) => id !== damaged)
      .map((id) => JSON.parse(readFileSync(recordOf(id), 'utf8')).status as string);
    const count = (status: string) => statuses.filter((s) => s === status).length;
    const overview = (await expIn(root, ['list'])).stdout;
    expect(overview).toMatch(new RegExp(`^mixed +${statuses.length} +${count('finished')} +${count('diverged')} +${count('failed')} +0 +1 +0 +0$`, 'm'));
    expect(count('finished') * count('diverged') * count('failed')).toBeGreaterThan(0);

    // The listing corrupt, then missing: the same lines, and a listing written again that reads.
    writeFileSync(listingFile(root, 'mixed'), '{"version": 1, "base": nul');
    expect(await list(root, 'mixed')).toBe(afterDamage);
    expect(() => JSON.parse(readFileSync(listingFile(root, 'mixed'), 'utf8'))).not.toThrow();
    rmSync(listingFile(root, 'mixed'));
    expect(await list(root, 'mixed')).toBe(afterDamage);
    expect(existsSync(listingFile(root, 'mixed'))).toBe(true);

    // A listing value of another kind than ours (a status that is none): the whole file is distrusted, the records read.
    const parsed = JSON.parse(readFileSync(listingFile(root, 'mixed'), 'utf8'));
    parsed.status[parsed.runIds.indexOf(edited)] = 7;
    writeFileSync(listingFile(root, 'mixed'), JSON.stringify(parsed));
    expect(await list(root, 'mixed')).toBe(afterDamage);

    // A value nested deeper than decodeJson reads (the file is not scanned for depth as a whole): distrusted too.
    const deep = JSON.parse(readFileSync(listingFile(root, 'mixed'), 'utf8'));
    deep.summaryColumns.bestLoss[deep.runIds.indexOf(edited)] = JSON.parse('['.repeat(101) + ']'.repeat(101));
    writeFileSync(listingFile(root, 'mixed'), JSON.stringify(deep));
    const afterDeep = listingsBothWays(root, 'mixed');
    expect(afterDeep.fromListing).toEqual(afterDeep.fromRecords);
    expect(await list(root, 'mixed')).toBe(afterDamage);

    // While a run's files are as they were, its listing is what `exp list` shows: the cache is read, not the record.
    const trusted = JSON.parse(readFileSync(listingFile(root, 'mixed'), 'utf8'));
    trusted.summaryColumns.finalMetric[trusted.runIds.indexOf(edited)] = 654.321;
    writeFileSync(listingFile(root, 'mixed'), JSON.stringify(trusted));
    expect(await list(root, 'mixed')).toMatch(new RegExp(`${edited} .* 654\\.3 `));
  });

  it('lists configurations in the order a report does: numbers by value, 1e-7 before 0.001', async () => {
    const root = makeWorkspace();
    // JSON writes 1e-7 with an exponent, so the order of the values' text would put it last.
    writeSweep(root, 'order', `
name: order
seed: 3
replicates: 2
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 5 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { values: [0.01, 1e-7, 0.001, 0.2] }
`);
    expect((await expIn(root, ['run', 'sweeps/order.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    const rows = (await list(root, 'order')).trim().split('\n').slice(1).map((line) => line.split(/ +/));
    expect(rows.map((row) => [row[3], row[1]])).toEqual([
      ['1e-7', '0'], ['1e-7', '1'], ['0.001', '0'], ['0.001', '1'], ['0.01', '0'], ['0.01', '1'], ['0.2', '0'], ['0.2', '1'],
    ]);
  });

  it('pruned runs, and --all with runs of an earlier version of the sweep file', async () => {
    const root = makeWorkspace();
    writeSweep(root, 'halving', HALVING);
    expect((await expIn(root, ['run', 'sweeps/halving.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    const halving = listingsBothWays(root, 'halving');
    expect(halving.fromListing).toEqual(halving.fromRecords);
    expect(halving.fromListing.some((text) => /"pruning":\{"advanced"/.test(text))).toBe(true);
    const lines = await list(root, 'halving');
    expect(lines).toMatch(/ pruned /);
    expect(lines).toBe(linesFromRecords(root, 'halving'));
    // Another budget: new runs, the old ones kept as an earlier version's.
    writeSweep(root, 'halving', HALVING.replace('steps: 27', 'steps: 18'));
    expect((await expIn(root, ['run', 'sweeps/halving.yaml', '--workers', '1', '--no-report'])).code).toBe(0);
    const current = await list(root, 'halving');
    expect(current).toMatch(/earlier versions of the sweep file not shown/);
    expect(current).toBe(linesFromRecords(root, 'halving'));
    expect(await list(root, 'halving', '--all')).toBe(linesFromRecords(root, 'halving', true));
  });
});
