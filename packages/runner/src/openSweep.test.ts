import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSweepFileIssues, openSweep } from './openSweep.js';

const folder = mkdtempSync(join(tmpdir(), 'descent-open-sweep-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ravine = (more = '') => `name: ravine
seed: 2
problem:
  landscape: { name: ravine, condition: 20 }
optimizer: { name: sgd, lr: 0.02 }
train: { batch_size: 1, steps: 40 }
metric: { name: loss, goal: minimize }
${more}`;

describe('openSweep', () => {
  it('reads, validates and expands a sweep file', async () => {
    const file = join(folder, 'ravine.yaml');
    writeFileSync(file, ravine('parameters:\n  optimizer.lr: { values: [0.01, 0.02, 0.04] }\n'));
    const opened = await openSweep(file);
    if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
    expect(opened.file).toBe(file);
    expect(opened.sweep.name).toBe('ravine');
    expect(opened.runCount).toBe(3);
    expect(opened.specs.map((s) => s.config.optimizer.lr)).toEqual([0.01, 0.02, 0.04]);
    expect(opened.catalog.optimizer('sgd').name).toBe('sgd');
  });

  it('says when the file cannot be read', async () => {
    const opened = await openSweep(join(folder, 'missing.yaml'), { shown: 'sweeps/missing.yaml' });
    expect('stage' in opened && opened.stage).toBe('read');
    expect(formatSweepFileIssues(opened as Exclude<typeof opened, { sweep: unknown }>)).toEqual([expect.stringMatching(/^sweeps\/missing\.yaml: cannot read the sweep file \(ENOENT/)]);
  });

  it('gives every issue of an invalid sweep at once, located in the file as shown', async () => {
    const opened = await openSweep(join(folder, 'bad.yaml'), { shown: 'sweeps/bad.yaml', text: ravine().replace('lr: 0.02', 'lr: -1').replace('steps: 40', 'steps: zero') });
    if (!('stage' in opened) || opened.stage !== 'sweep') throw new Error('expected issues of the sweep');
    expect(formatSweepFileIssues(opened)).toEqual([
      expect.stringMatching(/^sweeps\/bad\.yaml:5:\d+: optimizer\.lr: /),
      expect.stringMatching(/^sweeps\/bad\.yaml:6:\d+: train\.steps: /),
    ]);
  });

  it('names a plugin that cannot be loaded at its entry of the plugins: list', async () => {
    // A name that is no built-in: the plugins are imported to validate it.
    const text = `plugins:\n  - ./nowhere.ts\n${ravine('parameters:\n  optimizer.name: { values: [sgd, somewhere] }\n')}`;
    const opened = await openSweep(join(folder, 'plugged.yaml'), { shown: 'plugged.yaml', text });
    if (!('stage' in opened) || opened.stage !== 'plugins') throw new Error('expected issues of the plugins');
    expect(opened.issues).toHaveLength(1);
    expect(formatSweepFileIssues(opened)[0]).toMatch(/^plugged\.yaml:2:5: plugins: \.\/nowhere\.ts: file not found: /);
  });

  it('imports no plugin when every optimizer name in the file is a built-in, and says each is used by no run', async () => {
    const opened = await openSweep(join(folder, 'plugged.yaml'), { shown: 'plugged.yaml', text: `plugins:\n  - ./nowhere.ts\n${ravine()}` });
    if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
    expect(opened.catalog.plugins).toEqual([]);
    expect(opened.pluginNotes).toEqual(['plugged.yaml:2:5: plugins: ./nowhere.ts is used by no run (not imported)']);
  });

  it('counts the runs of a huge sweep without building them', async () => {
    const values = `[${Array.from({ length: 100 }, (_, i) => (i + 1) / 1000).join(', ')}]`;
    const huge = ravine(`replicates: 100\nparameters:\n  optimizer.lr: { values: ${values} }\n  train.steps: { values: [${Array.from({ length: 100 }, (_, i) => i + 1).join(', ')}] }\n`);
    const started = performance.now();
    const opened = await openSweep(join(folder, 'huge.yaml'), { text: huge });
    if ('stage' in opened) throw new Error(formatSweepFileIssues(opened).join('\n'));
    expect(opened.runCount).toBe(1_000_000);
    // Building a million runs takes minutes; opening the sweep must not.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
