import { describe, expect, it } from 'vitest';
import { configurationLabel, configValue, formatConfigValue, formatLabelValue, groupConfigurations, labelKeys, labelValueTexts, shortKeyNames, SWEEP_KEY } from './configurations.js';
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

describe('labelKeys: labels leave out keys that follow from the others', () => {
  /** A landscape run whose start point is the landscape's own (so it is determined by the name). */
  const landscapeRun = (name: string, start: [number, number], momentum: number) =>
    makeReportRun({ momentum, landscape: { name, trajectory: [{ x: start[0], y: start[1], loss: 1 }] } });
  const varied = ['problem.landscape.name', 'problem.landscape.start', 'optimizer.momentum'];
  const runs = [
    landscapeRun('saddle', [1, 0.001], 0),
    landscapeRun('saddle', [1, 0.001], 0.9),
    landscapeRun('ravine', [-2, 0.5], 0),
    landscapeRun('ravine', [-2, 0.5], 0.9),
  ];

  it('drops a start point that the landscape name determines, keeping the name (listed first)', () => {
    const configurations = groupConfigurations(runs, varied);
    expect(configurations.map((c) => c.label)).toEqual([
      'landscape=ravine · momentum=0',
      'landscape=ravine · momentum=0.9',
      'landscape=saddle · momentum=0',
      'landscape=saddle · momentum=0.9',
    ]);
    // The values keep every varied key (the table of runs shows them all).
    expect(configurations[0].values).toEqual(['ravine', [-2, 0.5], 0]);
  });

  it('keeps a key that splits a group: two starts on one landscape', () => {
    const values = [
      ['saddle', [1, 0.001], 0],
      ['saddle', [1, 0.5], 0],
      ['ravine', [-2, 0.5], 0],
    ];
    // start is not a function of the name: saddle appears with two starts. momentum is constant, so the kept
    // (name, start) determine it and it goes. The name stays although start alone would tell them apart.
    expect(labelKeys(varied, values)).toEqual(['problem.landscape.name', 'problem.landscape.start']);
  });

  it('drops an optimizer\'s hyperparameters when each optimizer has fixed ones, and marks absent ones nowhere', () => {
    const keys = ['optimizer.name', 'optimizer.lr', 'optimizer.momentum'];
    const values = [
      ['sgd', 0.1, null],
      ['momentum', 0.01, 0.9],
      ['adam', 0.001, null],
    ];
    expect(labelKeys(keys, values)).toEqual(['optimizer.name']);
  });

  it('in a random search, does not let continuous draws (all distinct) explain each other away', () => {
    const keys = ['optimizer.lr', 'optimizer.momentum'];
    const values = [
      [0.013, 0.51],
      [0.27, 0.93],
      [0.0041, 0.77],
    ];
    // As a grid, momentum would follow from lr (each lr appears once)...
    expect(labelKeys(keys, values, 'grid')).toEqual(['optimizer.lr']);
    // ...but these are independent draws: both stay.
    expect(labelKeys(keys, values, 'random')).toEqual(keys);
  });

  it('always keeps the sweep name of a comparison', () => {
    // Each sweep ran one lr: the lr follows from the sweep and goes, the sweep's name stays.
    expect(labelKeys([SWEEP_KEY, 'optimizer.lr'], [['a', 0.1], ['b', 0.2]])).toEqual([SWEEP_KEY]);
    // Listed after lr, which determines it, the sweep's name still stays.
    expect(labelKeys(['optimizer.lr', SWEEP_KEY], [[0.1, 'a'], [0.2, 'b']])).toEqual(['optimizer.lr', SWEEP_KEY]);
  });
});

describe('formatConfigValue', () => {
  it('shows loaded plugins by their source, not as JSON with hashes', () => {
    const plugins = JSON.stringify([{ sha256: '10e851de', source: '../plugins/signum.ts' }, { sha256: 'a3a6f2d3', source: '@descent/optim-lion' }]);
    expect(formatConfigValue(plugins)).toBe('../plugins/signum.ts, @descent/optim-lion');
    expect(formatConfigValue([])).toBe('none');
    expect(formatConfigValue('[{"other": 1}]')).toBe('[{"other": 1}]');
  });
});

describe('numbers in labels', () => {
  it('rounds sampled values to 4 significant digits and leaves short (grid) values exactly as written', () => {
    // 0.6550321599122274.toPrecision(4) = '0.6550' → 0.655; 0.4539974845200777 → '0.4540' → 0.454.
    expect(formatLabelValue(0.6550321599122274)).toBe('0.655');
    expect(formatLabelValue(0.00031957789613693)).toBe('0.0003196');
    expect(formatLabelValue(1.23456789e-7)).toBe('1.235e-7');
    for (const [value, text] of [[0.01, '0.01'], [0.9, '0.9'], [0.0001, '0.0001'], [1e-7, '1e-7'], [0, '0'], [0.003, '0.003']] as const) {
      expect(formatLabelValue(value)).toBe(text);
      expect(formatLabelValue(value)).toBe(formatConfigValue(value));
    }
    // Integers are never rounded: a dataset of 12345 examples is not one of 12350.
    expect(formatLabelValue(12345)).toBe('12345');
    expect(formatLabelValue([1.23456, -2])).toBe('(1.235, -2)');
    expect(formatLabelValue('sgd')).toBe('sgd');
  });

  it('labels sampled configurations with the rounded values; the values themselves stay exact', () => {
    const runs = [
      makeReportRun({ lr: 0.6550321599122274, momentum: 0.4539974845200777 }),
      makeReportRun({ lr: 0.8443130158768741, momentum: 0.4172636516250713 }),
    ];
    const configurations = groupConfigurations(runs, ['optimizer.lr', 'optimizer.momentum'], 'random');
    expect(configurations.map((c) => c.label)).toEqual(['lr=0.655 · momentum=0.454', 'lr=0.8443 · momentum=0.4173']);
    expect(configurations[0].values).toEqual([0.6550321599122274, 0.4539974845200777]);
  });

  it('keeps just enough digits to tell apart values that would round alike', () => {
    // 0.12341 and 0.12344 both read 0.1234 at 4 digits: 5 tell them apart. 0.5123456 has no twin and stays at 4.
    const runs = [0.12341, 0.12344, 0.5123456].map((lr) => makeReportRun({ lr }));
    expect(groupConfigurations(runs, ['optimizer.lr'], 'random').map((c) => c.label)).toEqual(['lr=0.12341', 'lr=0.12344', 'lr=0.5123']);
    // 0.12345678912 and 0.12345678914 round alike up to 10 digits (0.1234567891): 11 tell them apart.
    const texts = labelValueTexts([0.12345678912, 0.12345678914, 0.12345678912]);
    expect([...texts.values()]).toEqual(['0.12345678912', '0.12345678914']);
  });

  it('gives sampled numbers the texts it gives them among values of any kind (its path for numbers sorts instead of grouping by text)', () => {
    // Many collisions at 4 digits (20,000 log-uniform draws over three decades), negatives, near twins, long twins.
    let state = 7;
    const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const numbers = [
      ...Array.from({ length: 20_000 }, () => 10 ** (-4 + 3 * uniform())),
      ...Array.from({ length: 2_000 }, () => -uniform()),
      0.12341, 0.12344, 0.12345678912, 0.12345678914, 2.5e-7, 2.5000001e-7, 12346.5, 12349.9,
    ];
    const numeric = labelValueTexts(numbers);
    // A string among them sends every value through the general path: the oracle.
    const general = labelValueTexts([...numbers, 'adam']);
    expect(general.get('"adam"')).toBe('adam');
    general.delete('"adam"');
    expect(numeric).toEqual(general);
    expect(numeric.get('12346.5')).not.toBe(numeric.get('12349.9'));
  });
});
