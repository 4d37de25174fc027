import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSweep, formatSweepFileIssues } from '../openSweep.js';
import { tempFolder } from '../testing/tempFolder.js';
import { replicatesSweepText, tuneSweepText } from './benchSweeps.js';
import { benchSuite } from './suites.js';
import { heldOutVariant, workloadBudget } from './workloads.js';

const ADAM_RANGES = [{ key: 'lr', min: 1e-4, max: 1, log: true }];

describe('the suites', () => {
  for (const name of ['standard', 'tiny']) {
    const suite = benchSuite(name);
    it(`${name}: every workload's tuning and replicates sweeps open as valid sweep files, with a committed target`, async () => {
      const folder = tempFolder('bench-workloads-');
      for (const workload of suite.workloads) {
        expect(suite.targets[workload.id], workload.id).toEqual(expect.any(Number));
        const texts = [
          tuneSweepText('tune', workload, { name: 'adam', plugin: null }, ADAM_RANGES, 8),
          ...workload.variants.map((variant) => replicatesSweepText('replicates', workload, variant, { name: 'adam', plugin: null }, { lr: 0.01 }, 3, suite.targets[workload.id])),
        ];
        for (const text of texts) {
          const opened = await openSweep(join(folder, `${workload.id}.yaml`), { text });
          expect('sweep' in opened ? [] : formatSweepFileIssues(opened), `${workload.id}:\n${text}`).toEqual([]);
          if ('sweep' in opened) expect(opened.specs[0].config.metric.name).toBe(workload.metric);
        }
      }
    });
  }

  it('the standard suite has the eight workloads the issue asks for, each with held-out variants the seed picks among', () => {
    const suite = benchSuite('standard');
    expect(suite.workloads.map((w) => w.id)).toEqual(['ravine', 'rosenbrock', 'saddle', 'double-well', 'least-squares', 'lecture', 'moons', 'digits']);
    for (const workload of suite.workloads) {
      const picked = new Set([0, 1, 2, 3].map((seed) => heldOutVariant(workload, seed)));
      expect(picked.has(workload.variants[0])).toBe(false);
      expect(picked.size).toBe(workload.variants.length - 1);
    }
  });

  it('budgets: steps × batch for landscapes; epochs over the training set for datasets', () => {
    expect(workloadBudget({ batch_size: 4, steps: 200 })).toEqual({ steps: 200, examples: 800 });
    // 750 examples in batches of 32: 23 full batches and one of 14, 24 steps an epoch.
    expect(workloadBudget({ batch_size: 32, epochs: 5, trainSize: 750 })).toEqual({ steps: 120, examples: 3750 });
  });
});
