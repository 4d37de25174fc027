import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextOf, sweepOf } from './_testSweeps.js';
import { runMeta } from './meta.js';
import { listingOf, loadRunListings, RUN_LISTING_FILE, saveRunListings, type RunListing, type StampedListing } from './runListing.js';
import { RunStore } from './store.js';
import { tempFolder } from './testing/tempFolder.js';
import { trainRun } from './train.js';
import { wallTimeToTarget } from './wallTimeToTarget.js';

// The run listing stands in for the records in `exp list` and in a report's summary views: what it gives back,
// noted at write time or read from `.run-listing.json`, must be what listingOf makes of the record and meta read
// whole, on runs that reach the target, diverge (NaN in their summary).

/** On the ravine a learning rate above 2/κ diverges; the lower ones reach the target at different steps. */
const RAVINE = `
name: listing-test
replicates: 2
problem:
  landscape: { name: ravine, condition: 20 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 60 }
metric: { name: loss, goal: minimize, target: 0.5 }
parameters:
  optimizer.lr: { values: [0.02, 0.08, 0.5] }
`;

/** Every run's listing as listingOf makes it from the record and meta read whole. */
function listingsFromRecords(store: RunStore, sweep: string): RunListing[] {
  return store.runIds(sweep).map((runId) => listingOf(store.read(sweep, runId)));
}

const listingsOf = (store: RunStore, sweep: string) => store.runListings(sweep).map(({ listing }) => listing);

describe('run listing', () => {
  it('gives back what the records say: noted at write time, read from the file, and rebuilt from the records', async () => {
    const test = await sweepOf(RAVINE);
    const root = tempFolder('descent-listing-');
    const writer = new RunStore(root);
    for (const spec of test.specs) {
      const { record, wallTimeMs, stepTimesMs, epochTimesMs } = trainRun(spec, contextOf(test));
      const meta = runMeta(record.runId, wallTimeMs, stepTimesMs, epochTimesMs);
      writer.write(record, meta);
      // As `exp run` does: the listing noted from what was written, not read back.
      writer.noteWritten('listing-test', record.runId, listingOf({ record, meta }));
    }
    writer.saveRunListings('listing-test');

    const fromRecords = listingsFromRecords(new RunStore(root), 'listing-test');
    const statuses = fromRecords.map((listing) => listing.status);
    expect(statuses).toContain('finished');
    expect(statuses).toContain('diverged');
    expect(fromRecords.some((listing) => Number.isNaN(listing.summary.finalLoss))).toBe(true);
    expect(fromRecords.some((listing) => listing.divergenceStep !== null)).toBe(true);
    expect(fromRecords.filter((listing) => listing.wallTimeToTargetMs !== null).length).toBeGreaterThan(0);
    expect(fromRecords).toHaveLength(test.specs.length);
    expect(fromRecords.every((listing) => listing.environment?.kernels === runMeta('any', 0, [], []).kernels)).toBe(true);
    for (const listing of fromRecords) {
      const { record, meta } = new RunStore(root).read('listing-test', listing.runId);
      expect(listing.wallTimeToTargetMs).toBe(wallTimeToTarget(record, meta));
      expect(listing.summary).toEqual(record.summary);
    }

    // Noted by the writer (in the same process), then read from the file by a fresh store: the same listings,
    // the same key order (a report built from them must read the same), and no record read to get them.
    expect(writer.runListings('listing-test').map(({ listing }) => JSON.stringify(listing))).toEqual(fromRecords.map((listing) => JSON.stringify(listing)));
    const file = join(root, 'listing-test', RUN_LISTING_FILE);
    const written = readFileSync(file, 'utf8');
    expect(JSON.parse(written).version).toBe(4);
    // The diverged runs' NaN losses sit in the file's list of non-finite numbers, not as encodeJson's tag: a file
    // without the tag is parsed without a reviver, which would be called back for every value of the file.
    expect(JSON.parse(written).nonFinite.some(([column, , text]: [string, number, string]) => column === 'summary.finalLoss' && text === 'NaN')).toBe(true);
    expect(written).not.toContain('$number');
    expect(listingsOf(new RunStore(root), 'listing-test')).toEqual(fromRecords);
    expect(readFileSync(file, 'utf8')).toBe(written);

    // The file missing: rebuilt from the records, and the same once read back.
    rmSync(file);
    expect(listingsOf(new RunStore(root), 'listing-test')).toEqual(fromRecords);
    expect(readFileSync(file, 'utf8')).toBe(written);
    expect(listingsOf(new RunStore(root), 'listing-test')).toEqual(fromRecords);
  });
});

describe('.run-listing.json as columns', () => {
  // Listings as a store holds them (keys sorted, as a reader of the record gets them: listingAsStored), of every kind
  // the file must carry: configurations of two shapes (sgd's and momentum's), nested sections changed (the
  // landscape's condition), non-finite numbers in the summary and the wall time to target, pruning, an error, no
  // environment, and outdated and damaged runs.
  const base = { metric: { name: 'loss' }, optimizer: { lr: 0.1, name: 'sgd' }, problem: { landscape: { condition: 10, start: [-2, 0.5] } }, seed: 3 };
  const environment = { descentVersion: '1.0.0', gitCommit: null, kernels: 'js', machine: 'x', node: 'v20' };
  const listing = (runId: string, changes: Partial<RunListing>): RunListing => ({
    runId,
    replicate: 0,
    status: 'finished',
    finalMetric: 0.5,
    wallTimeMs: 12,
    config: base as unknown as RunListing['config'],
    summary: { bestLoss: 0.25, finalLoss: 0.5, finalMetric: 0.5, steps: 10 } as unknown as RunListing['summary'],
    divergenceStep: null,
    pruning: null,
    error: null,
    environment,
    wallTimeToTargetMs: null,
    ...changes,
  });
  const entries = new Map<string, StampedListing>([
    ['a1', { stamp: '1:2:3:4|5:6:7:8', state: { state: 'current' }, listing: listing('a1', {}) }],
    ['a2', { stamp: 's2', state: { state: 'current' }, listing: listing('a2', { replicate: 1, config: { ...base, optimizer: { lr: 0.3, name: 'sgd' } } as unknown as RunListing['config'] }) }],
    [
      'a3',
      {
        stamp: 's3',
        state: { state: 'current' },
        listing: listing('a3', {
          status: 'diverged',
          finalMetric: Number.NaN,
          summary: { bestLoss: 0.25, finalLoss: Number.POSITIVE_INFINITY, finalMetric: Number.NaN, steps: 4 } as unknown as RunListing['summary'],
          divergenceStep: 4,
          wallTimeToTargetMs: Number.NEGATIVE_INFINITY,
          config: { ...base, problem: { landscape: { condition: 40, start: [1, 1] } } } as unknown as RunListing['config'],
        }),
      },
    ],
    ['a4', { stamp: 's4', state: { state: 'current' }, listing: listing('a4', { status: 'pruned', pruning: { budget: 3, rung: 1 } as unknown as RunListing['pruning'], environment: null, wallTimeMs: null, summary: { finalMetric: 2, steps: 3 } as unknown as RunListing['summary'], finalMetric: 2 }) }],
    ['a5', { stamp: 's5', state: { state: 'current' }, listing: listing('a5', { status: 'failed', error: { message: 'boom', plugin: null }, config: { ...base, optimizer: { lr: 0.1, momentum: 0.9, name: 'momentum' } } as unknown as RunListing['config'] }) }],
    ['b1', { stamp: 's6', state: { state: 'outdated' }, listing: null }],
    ['b2', { stamp: '-|-', state: { state: 'damaged', damage: { sweep: 'cols', runId: 'b2', path: '', reason: 'not JSON' } }, listing: null }],
  ]);

  function saved(): { dir: string; file: string; text: string } {
    const dir = tempFolder('descent-listing-columns-');
    entries.get('b2')!.state = { state: 'damaged', damage: { sweep: 'cols', runId: 'b2', path: join(dir, 'b2', 'meta.json'), reason: 'not JSON' } };
    saveRunListings(dir, entries);
    const file = join(dir, RUN_LISTING_FILE);
    return { dir, file, text: readFileSync(file, 'utf8') };
  }

  it('gives back every listing as it was saved, NaN and ±Infinity included, without the reviver tag', () => {
    const { dir, text } = saved();
    expect(text).not.toContain('$number');
    const loaded = loadRunListings(dir, 'cols');
    expect([...loaded.keys()]).toEqual([...entries.keys()]);
    for (const [runId, entry] of entries) {
      const back = loaded.get(runId)!;
      expect(back.stamp).toBe(entry.stamp);
      expect(back.state).toEqual(entry.state);
      // As JSON text with non-finite numbers spelled out: key order and NaN both count.
      const spelled = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
      expect(spelled(back.listing)).toBe(spelled(entry.listing));
    }
    // The unchanged sections of base-shaped configurations are shared between runs (varyingKeys walks them once).
    expect(loaded.get('a1')!.listing!.config.metric).toBe(loaded.get('a2')!.listing!.config.metric);
    expect(loaded.get('a1')!.listing!.config.optimizer).not.toBe(loaded.get('a2')!.listing!.config.optimizer);
  });

  it('distrusts the whole file when a value is not as written', () => {
    const tampered: [string, (file: Record<string, any>) => void][] = [
      ['a non-finite number listed where the column holds a value', (file) => file.nonFinite.push(['wallTimeMs', 0, 'NaN'])],
      ['a non-finite number in a column that is none', (file) => file.nonFinite.push(['runIds', 0, 'NaN'])],
      ['a non-finite number of another spelling', (file) => (file.nonFinite[0][2] = '1e999')],
      ['a change at a key base lacks', (file) => file.configChanges.push({ path: ['optimizer', 'beta'], runs: [0], values: [1] })],
      ['a change through a leaf', (file) => file.configChanges.push({ path: ['seed', 'x'], runs: [0], values: [1] })],
      ['a change to a run of another shape', (file) => file.configChanges.push({ path: ['seed'], runs: [file.wholeConfigs[0][0]], values: [1] })],
      ['a change to a run that is not current', (file) => file.configChanges.push({ path: ['seed'], runs: [file.runIds.indexOf('b1')], values: [1] })],
      ['a column shorter than the runs', (file) => file.replicate.pop()],
      ['a state that is none', (file) => (file.states[0] = 3)],
      ['a damaged run without its file', (file) => (file.damaged = [])],
      ['a summary key without its column', (file) => delete file.summaryColumns.steps],
      ['an environment index out of range', (file) => (file.environment[0] = 9)],
      ['an environment index that is text', (file) => (file.environment[0] = '0')],
    ];
    for (const [what, tamper] of tampered) {
      const { dir, file, text } = saved();
      expect(loadRunListings(dir, 'cols').size, what).toBe(entries.size);
      const parsed = JSON.parse(text);
      tamper(parsed);
      writeFileSync(file, JSON.stringify(parsed));
      expect(loadRunListings(dir, 'cols').size, what).toBe(0);
    }
  });
});
