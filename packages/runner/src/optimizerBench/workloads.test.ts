import { join } from 'node:path';
import { twoMinima } from '@descent/data';
import { describe, expect, it } from 'vitest';
import { localExecutor } from '../localExecutor.js';
import { openSweep, formatSweepFileIssues } from '../openSweep.js';
import { RunStore } from '../store.js';
import { tempFolder } from '../testing/tempFolder.js';
import { runBenchSweep } from './benchSweepRunner.js';
import { replicatesSweepText, tuneSweepText } from './benchSweeps.js';
import { targetOf } from './suite.js';
import { benchSuite } from './suites.js';
import { heldOutVariant, tuningMetric, workloadBudget } from './workloads.js';
import { problemShape } from '@descent/sweep';

const ADAM_RANGES = [{ key: 'lr', min: 1e-4, max: 1, log: true }];

describe('the suites', () => {
  for (const name of ['standard', 'tiny']) {
    const suite = benchSuite(name);
    it(`${name}: every workload's tuning and replicates sweeps open as valid sweep files, with a committed target`, async () => {
      const folder = tempFolder('bench-workloads-');
      for (const workload of suite.workloads) {
        expect(targetOf(suite, workload.id), workload.id).toEqual(expect.any(Number));
        const texts = [
          tuneSweepText('tune', workload, { name: 'adam', plugin: null }, ADAM_RANGES, 8),
          ...workload.variants.map((variant) => replicatesSweepText('replicates', workload, variant, { name: 'adam', plugin: null }, { lr: 0.01 }, 3, targetOf(suite, workload.id))),
        ];
        for (const [index, text] of texts.entries()) {
          const opened = await openSweep(join(folder, `${workload.id}.yaml`), { text });
          expect('sweep' in opened ? [] : formatSweepFileIssues(opened), `${workload.id}:\n${text}`).toEqual([]);
          if (!('sweep' in opened)) continue;
          const { config } = opened.specs[0];
          // The tuning sweep (first) is measured by the tuning metric, the replicates by the workload's own.
          expect(config.metric.name).toBe(index === 0 ? tuningMetric(workload) : workload.metric);
          // A dataset workload's budget counts epochs over the training rows the split really leaves.
          if ('trainSize' in workload.train) expect(problemShape(config, opened.catalog, { baseDir: folder })?.trainSize, workload.id).toBe(workload.train.trainSize);
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

  it('dataset workloads tune on a validation split and are scored on the test split; landscapes keep their metric', () => {
    const suite = benchSuite('standard');
    const byId = Object.fromEntries(suite.workloads.map((w) => [w.id, w]));
    expect(['lecture', 'moons', 'digits'].map((id) => [byId[id].metric, tuningMetric(byId[id])])).toEqual([
      ['test_loss', 'validation_loss'],
      ['test_loss', 'validation_loss'],
      ['test_accuracy', 'validation_accuracy'],
    ]);
    for (const id of ['lecture', 'moons', 'digits']) for (const variant of byId[id].variants) expect(variant.problem).toContain('validation_fraction: 0.2');
    expect(tuningMetric(byId.ravine)).toBe('loss');
    const tune = tuneSweepText('tune', byId.moons, { name: 'adam', plugin: null }, ADAM_RANGES, 8);
    expect(tune).toContain('metric: {"name":"validation_loss","goal":"minimize"}');
  });

  it('budgets: steps × batch for landscapes; epochs over the training set for datasets', () => {
    expect(workloadBudget({ batch_size: 4, steps: 200 })).toEqual({ steps: 200, examples: 800 });
    // 750 examples in batches of 32: 23 full batches and one of 14, 24 steps an epoch.
    expect(workloadBudget({ batch_size: 32, epochs: 5, trainSize: 750 })).toEqual({ steps: 120, examples: 3750 });
  });
});

describe('the double well', () => {
  const suite = benchSuite('standard');
  const workload = suite.workloads.find((w) => w.id === 'double-well')!;
  const target = targetOf(suite, workload.id);
  const valueAt = (kind: string) => {
    const point = twoMinima.points.find((p) => p.kind === kind)!;
    return twoMinima.value(point.x, point.y, {});
  };

  it('fixes its target below the shallow minimum and above the global one, with the reason', () => {
    expect(workload.fixedTarget?.reason).toMatch(/crossed the barrier/);
    expect(target).toBeLessThan(valueAt('local minimum')); // ≈ 0.294
    expect(target).toBeGreaterThan(valueAt('global minimum')); // ≈ −0.305
    // targets.ts may still hold a derived value from before: the declaration wins.
    expect(targetOf({ ...suite, targets: { ...suite.targets, 'double-well': 0.368 } }, workload.id)).toBe(target);
  });

  it('is reached from every start by a heavy ball that crosses the barrier, never by plain gradient descent settled in the shallow well', async () => {
    const folder = tempFolder('bench-double-well-');
    const executor = localExecutor({ workers: 1 });
    try {
      const place = { store: new RunStore(join(folder, 'runs')), executor, sweepsFolder: join(folder, 'sweeps') };
      for (const [index, variant] of workload.variants.entries()) {
        const run = async (name: string, optimizer: Record<string, number>) =>
          (await runBenchSweep(place, `${name}-${index}`, replicatesSweepText(`${name}-${index}`, workload, variant, { name, plugin: null }, optimizer, 1, target)))[0].summary;
        const gradientDescent = await run('sgd', { lr: 0.01 });
        expect(gradientDescent.finalMetric, variant.label).toBeCloseTo(valueAt('local minimum'), 2);
        expect(gradientDescent.stepsToTarget, variant.label).toBeNull();
        // A configuration the quick tuning protocol picks for momentum (its trial lr 0.019, ρ 0.584).
        const heavyBall = await run('momentum', { lr: 0.019, momentum: 0.584 });
        expect(heavyBall.finalMetric, variant.label).toBeCloseTo(valueAt('global minimum'), 2);
        expect(heavyBall.stepsToTarget, variant.label).toEqual(expect.any(Number));
      }
    } finally {
      await executor.close();
    }
  }, 60_000);
});
