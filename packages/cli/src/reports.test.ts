import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatSweepFileIssues, openSweep, RUN_LISTING_FILE, RunStore, trainRun } from '@descent/runner';
import { varyingKeys } from '@descent/sweep';
import { tempFolder } from '@descent/runner/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { writeReports } from './reports.js';

// Every rename, with what the source and the destination held at that moment.
const renames = vi.hoisted(() => [] as { from: string; to: string; content: string; destinationBefore: string | null }[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    renameSync: (from: string, to: string) => {
      if (fs.statSync(from).isFile()) renames.push({ from, to, content: fs.readFileSync(from, 'utf8'), destinationBefore: fs.existsSync(to) ? fs.readFileSync(to, 'utf8') : null });
      fs.renameSync(from, to);
    },
  };
});

const sweepText = `
name: ravine
seed: 2
problem:
  landscape: { name: ravine, condition: 20 }
optimizer: { name: sgd, lr: 0.02 }
train: { batch_size: 1, steps: 40 }
metric: { name: loss, goal: minimize, target: 0.1 }
parameters:
  optimizer.lr: { values: [0.02, 0.04] }
`;

describe('writeReports', () => {
  const store = new RunStore(tempFolder('descent-reports-store-'));
  const reports = tempFolder('descent-reports-');

  beforeAll(async () => {
    // A stored sweep, trained in this thread.
    const opened = await openSweep(join(store.root, 'ravine.yaml'), { text: sweepText });
    if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
    const { catalog, specs } = opened;
    for (const spec of specs) {
      const { record } = trainRun(spec, { sweep: 'ravine', baseDir: store.root, optimizer: catalog.optimizer, pluginOf: catalog.pluginOf, now: () => 0 });
      store.write(record, null);
    }
    store.writeSweepInfo({
      schema: 1, name: 'ravine', file: 'ravine.yaml', description: null, seed: 2, method: 'grid', replicates: 1, varied: varyingKeys(specs),
      metric: specs[0].config.metric, plugins: [], runIds: specs.map((s) => s.runId), command: 'pnpm exp run ravine.yaml',
    });
  }, 30_000);

  it('writes the sweep report and the index, each naming the sweep', () => {
    const written = writeReports(store, reports, ['ravine']);
    expect(written).toEqual([join(reports, 'ravine', 'index.html'), join(reports, 'index.html')]);
    for (const path of written) expect(readFileSync(path, 'utf8')).toContain('ravine');
  });

  it('reads no run listing again that the caller passes (a look at every run folder each time), and renders the same', () => {
    const alone = writeReports(store, reports, ['ravine']).map((path) => readFileSync(path, 'utf8'));
    const known = new Map([['ravine', store.runListings('ravine')]]);
    const looked = vi.spyOn(store, 'runListings');
    try {
      const given = writeReports(store, reports, ['ravine'], known).map((path) => readFileSync(path, 'utf8'));
      expect(looked).not.toHaveBeenCalled();
      expect(given).toEqual(alone);
    } finally {
      looked.mockRestore();
    }
  });

  it("counts in the index the runs the sweep's report draws on, the same with or without the run listing", async () => {
    // A run of an earlier version of the sweep file (not in its sweep.json's runIds): stored, but not counted.
    const earlier = await openSweep(join(store.root, 'ravine.yaml'), { text: sweepText.replace('[0.02, 0.04]', '[0.08]') });
    if ('stage' in earlier) throw new Error(formatSweepFileIssues(earlier).join('\n'));
    const [spec] = earlier.specs;
    store.write(trainRun(spec, { sweep: 'ravine', baseDir: store.root, optimizer: earlier.catalog.optimizer, pluginOf: earlier.catalog.pluginOf, now: () => 0 }).record, null);
    const index = join(reports, 'index.html');
    writeReports(store, reports, ['ravine']);
    const withListing = readFileSync(index, 'utf8');
    // The oracle reads every record, as the sweep's report does; the index reads the listing beside them.
    const current = new Set(store.readSweepInfo('ravine')!.runIds);
    const runs = store.readAll('ravine').flatMap((run) => (current.has(run.record.runId) ? [run.record] : []));
    expect(store.readAll('ravine')).toHaveLength(3);
    const best = runs.reduce((a, b) => (b.summary.finalMetric < a.summary.finalMetric ? b : a));
    expect(runs).toHaveLength(2);
    expect(withListing).toContain(`data-sort="${runs.length}">${runs.length}</td>`);
    expect(withListing).toContain(`<td>${best.runId}</td>`);
    rmSync(join(store.sweepDir('ravine'), RUN_LISTING_FILE), { force: true });
    writeReports(new RunStore(store.root), reports, ['ravine']);
    expect(readFileSync(index, 'utf8')).toBe(withListing);
  });

  it('writes each file under a temporary name in its folder and renames it, complete, over the old one', () => {
    const target = join(reports, 'ravine', 'index.html');
    const before = existsSync(target) ? readFileSync(target, 'utf8') : null;
    renames.length = 0;
    writeReports(store, reports, ['ravine']);
    const intoTarget = renames.filter((r) => r.to === target);
    expect(intoTarget).toHaveLength(1);
    const [rename] = intoTarget;
    expect(dirname(rename.from)).toBe(dirname(target));
    expect(rename.from).not.toBe(target);
    expect(rename.content).toBe(readFileSync(target, 'utf8')); // complete before it took the name
    expect(rename.content.trimEnd()).toMatch(/<\/html>$/i);
    expect(rename.destinationBefore).toBe(before); // readers saw the previous report until the rename
    expect(renames.map((r) => r.to)).toContain(join(reports, 'index.html'));
    expect(readdirSync(join(reports, 'ravine'))).toEqual(['index.html']);
    expect(readdirSync(reports).sort()).toEqual(['index.html', 'ravine']);
  });
});
