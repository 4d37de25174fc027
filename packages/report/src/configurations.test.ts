import { describe, expect, it } from 'vitest';
import { configurationLabel, configValue, groupConfigurations, shortKeyNames, SWEEP_KEY } from './configurations.js';
import { makeReportRun } from './testing/fixtures.js';

describe('groupConfigurations', () => {
  it('puts replicates of one setting together and orders configurations numerically by the varied values', () => {
    const runs = [
      makeReportRun({ lr: 0.1, momentum: 0.9, replicate: 1 }),
      makeReportRun({ lr: 0.01, momentum: 0.9, replicate: 0 }),
      makeReportRun({ lr: 0.1, momentum: 0.9, replicate: 0 }),
      makeReportRun({ lr: 0.1, momentum: 0, replicate: 0 }),
    ];
    const configurations = groupConfigurations(runs, ['optimizer.lr', 'optimizer.momentum']);
    // 0.01 < 0.1 numerically (as text '0.01' < '0.1' too, so also check momentum 0 < 0.9 inside lr 0.1).
    expect(configurations.map((c) => c.label)).toEqual([
      'lr=0.01 · momentum=0.9',
      'lr=0.1 · momentum=0',
      'lr=0.1 · momentum=0.9',
    ]);
    expect(configurations[2].runs.map((run) => run.record.replicate)).toEqual([0, 1]);
  });

  it('orders 2 before 10 (numbers, not text)', () => {
    const runs = [makeReportRun({ batchSize: 10 }), makeReportRun({ batchSize: 2 })];
    expect(groupConfigurations(runs, ['train.batch_size']).map((c) => c.label)).toEqual(['batch=2', 'batch=10']);
  });

  it('labels a sweep without varied keys "all runs"', () => {
    const configurations = groupConfigurations([makeReportRun(), makeReportRun({ replicate: 1 })], []);
    expect(configurations).toHaveLength(1);
    expect(configurations[0].label).toBe('all runs');
  });
});

describe('configuration labels', () => {
  it('shortens dotted keys and keeps colliding ones whole', () => {
    expect(shortKeyNames(['optimizer.lr', 'train.batch_size', 'optimizer.name', 'problem.landscape.name'])).toEqual([
      'lr',
      'batch',
      'optimizer',
      'landscape',
    ]);
    expect(shortKeyNames(['problem.dataset.noise', 'problem.landscape.noise'])).toEqual([
      'problem.dataset.noise',
      'problem.landscape.noise',
    ]);
  });

  it('puts the sweep name first in a comparison', () => {
    expect(configurationLabel([SWEEP_KEY, 'optimizer.lr'], ['momentum', 0.1])).toBe('momentum: lr=0.1');
  });

  it('reads pairs such as a landscape start point', () => {
    const run = makeReportRun({ landscape: { name: 'saddle', trajectory: [{ x: 1.5, y: -2, loss: 0 }] } });
    expect(configValue(run, 'problem.landscape.start')).toEqual([1.5, -2]);
    expect(configurationLabel(['problem.landscape.start'], [[1.5, -2]])).toBe('start=(1.5, -2)');
    expect(configValue(run, 'optimizer.beta2')).toBeNull();
  });
});
