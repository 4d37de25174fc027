import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextOf, sweepOf } from './_testSweeps.js';
import { runMeta } from './meta.js';
import { listingOf, RUN_LISTING_FILE, type RunListing } from './runListing.js';
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
    expect(JSON.parse(written).version).toBe(3);
    expect(listingsOf(new RunStore(root), 'listing-test')).toEqual(fromRecords);
    expect(readFileSync(file, 'utf8')).toBe(written);

    // The file missing: rebuilt from the records, and the same once read back.
    rmSync(file);
    expect(listingsOf(new RunStore(root), 'listing-test')).toEqual(fromRecords);
    expect(readFileSync(file, 'utf8')).toBe(written);
    expect(listingsOf(new RunStore(root), 'listing-test')).toEqual(fromRecords);
  });
});
