import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadCatalog, RunStore, trainRun } from '@descent/runner';
import { expandSweep, parseSweepText, validateSweep, varyingKeys } from '@descent/sweep';
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
  const store = new RunStore(mkdtempSync(join(tmpdir(), 'descent-reports-store-')));
  const reports = mkdtempSync(join(tmpdir(), 'descent-reports-'));

  beforeAll(async () => {
    // A stored sweep, trained in this thread.
    const file = join(store.root, 'ravine.yaml');
    const catalog = await loadCatalog([], dirname(file));
    const result = validateSweep(parseSweepText(sweepText, file), file, catalog);
    if ('issues' in result) throw new Error(result.issues.map((p) => p.message).join('\n'));
    const specs = expandSweep(result.sweep, catalog);
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
