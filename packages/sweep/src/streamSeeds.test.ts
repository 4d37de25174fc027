import { describe, expect, it } from 'vitest';
import { testCatalog } from './_testCatalog.js';
import { expandSweep, formatIssue, parseSweepText, validateSweep, type RunSpec, type StreamName } from './index.js';

/** The runs of a sweep whose base is `base` (YAML lines) and whose one parameter takes `values`. */
function runsOf(base: string[], key: string, values: string, extra: string[] = []): RunSpec[] {
  const text = ['seed: 7', 'replicates: 2', ...extra, ...base, 'parameters:', `  ${key}: { values: ${values} }`].join('\n');
  const result = validateSweep(parseSweepText(text, 'pairing.yaml'), 'pairing.yaml', testCatalog);
  if ('issues' in result) throw new Error(result.issues.map(formatIssue).join('\n'));
  return expandSweep(result.sweep, testCatalog);
}

const MOONS = [
  'problem: { dataset: { name: moons, size: 200, noise: 0.1 }, model: { hidden: [8] } }',
  'optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }',
  'train: { batch_size: 8, epochs: 1 }',
];
const BLOBS = ['problem: { dataset: { name: blobs, size: 200, classes: 3 } }', 'train: { batch_size: 8, epochs: 1 }'];
const RAVINE = ['problem: { landscape: { name: ravine, noise: 0.5 } }', 'optimizer: { name: momentum, lr: 0.01 }', 'train: { batch_size: 1, steps: 10 }'];

/** The streams whose seed differs between the first two configurations of `runs`, at replicate 0. */
function streamsThatDiffer(runs: RunSpec[]): StreamName[] {
  const [a, b] = runs.filter((r) => r.replicate === 0);
  expect(a.runId).not.toBe(b.runId);
  return (Object.keys(a.seeds) as StreamName[]).filter((name) => a.seeds[name] !== b.seeds[name]);
}

describe('streamSeeds, pairing: paired (the default)', () => {
  it('gives replicate k of configurations that differ only in the optimizer the same seed for every stream, and each replicate its own', () => {
    const plainOptimizer = MOONS.map((line) => (line.startsWith('optimizer:') ? 'optimizer: { name: sgd, lr: 0.1 }' : line));
    for (const [base, key, values] of [
      [MOONS, 'optimizer.lr', '[0.01, 0.1, 0.3]'],
      [MOONS, 'optimizer.momentum', '[0, 0.5, 0.9]'],
      [plainOptimizer, 'optimizer.name', '[sgd, momentum, adam]'],
    ] as const) {
      const runs = runsOf([...base], key, values);
      expect(runs).toHaveLength(6);
      const byReplicate = [0, 1].map((k) => runs.filter((r) => r.replicate === k));
      for (const group of byReplicate) {
        expect(new Set(group.map((r) => r.runId)).size).toBe(3);
        for (const run of group) expect(run.seeds).toEqual(group[0].seeds);
      }
      const [first, second] = byReplicate.map((group) => group[0].seeds);
      for (const name of ['data', 'init', 'shuffle'] as const) {
        expect(first[name]).toMatch(/^[0-9a-f]{16}$/);
        expect(second[name]).not.toBe(first[name]);
      }
      // A dataset problem draws no gradient noise.
      expect(first.noise).toBeNull();
    }
  });

  it('shares every stream across batch sizes: one permutation per epoch, cut into batches of any size', () => {
    expect(streamsThatDiffer(runsOf(MOONS, 'train.batch_size', '[8, 64]'))).toEqual([]);
  });

  it('shares every stream across schedules, budgets and losses', () => {
    expect(streamsThatDiffer(runsOf(MOONS, 'schedule.name', '[constant, cosine]'))).toEqual([]);
    expect(streamsThatDiffer(runsOf(MOONS, 'train.epochs', '[1, 3]'))).toEqual([]);
    expect(streamsThatDiffer(runsOf(['problem: { dataset: { name: moons }, loss: bce }', 'train: { batch_size: 8, epochs: 1 }'], 'problem.loss', '[bce, squared_error]'))).toEqual([]);
  });

  it('changes the data and the shuffle when the dataset size changes, and keeps the initial weights (same network)', () => {
    expect(streamsThatDiffer(runsOf(MOONS, 'problem.dataset.size', '[200, 400]'))).toEqual(['data', 'shuffle']);
  });

  it('changes only the data when a dataset setting leaves the training-set size alone', () => {
    expect(streamsThatDiffer(runsOf(MOONS, 'problem.dataset.noise', '[0.1, 0.3]'))).toEqual(['data']);
  });

  it('changes the data and the shuffle with test_fraction (the split and the training-set size)', () => {
    expect(streamsThatDiffer(runsOf(MOONS, 'problem.dataset.test_fraction', '[0.2, 0.5]'))).toEqual(['data', 'shuffle']);
  });

  it('shares every stream across model kinds of one layer list (a residual MLP draws the MLP’s layers), and kind mlp keeps the old run ids', () => {
    const DEEP = ['problem: { dataset: { name: moons, size: 200 }, model: { hidden: [8, 8, 8] } }', ...MOONS.slice(1)];
    const models = '[{ hidden: [8, 8, 8] }, { kind: residual_mlp, hidden: [8, 8, 8] }, { kind: residual_mlp, hidden: [8, 8, 8], layer_norm: true }]';
    const runs = runsOf(DEEP, 'problem.model', models);
    expect(streamsThatDiffer(runs)).toEqual([]);
    expect(streamsThatDiffer(runs.filter((r) => r.config.problem.kind === 'dataset' && r.config.problem.model.kind === 'residual_mlp'))).toEqual([]);
    // Written or not, kind mlp and layer_norm false are left out of the configuration, so the run ids do not move.
    const explicit = runsOf(DEEP, 'problem.model', '[{ kind: mlp, hidden: [8, 8, 8], layer_norm: false }]');
    const implicit = runsOf(DEEP, 'problem.model', '[{ hidden: [8, 8, 8] }]');
    expect(explicit.map((r) => r.runId)).toEqual(implicit.map((r) => r.runId));
    expect(explicit[0].config.problem).not.toHaveProperty('model.kind');
  });

  it('changes only the shuffle with validation_fraction: the same rows drawn and permuted, cut into fewer training rows', () => {
    expect(streamsThatDiffer(runsOf(MOONS, 'problem.dataset.validation_fraction', '[0, 0.2]'))).toEqual(['shuffle']);
  });

  it('changes the initial weights when the network changes: hidden sizes, the init scheme, or outputs fixed by the dataset', () => {
    expect(streamsThatDiffer(runsOf(MOONS, 'problem.model.hidden', '[[8], [16]]'))).toEqual(['init']);
    expect(streamsThatDiffer(runsOf(MOONS, 'problem.model.init', '[xavier, he]'))).toEqual(['init']);
    expect(streamsThatDiffer(runsOf(BLOBS, 'problem.dataset.classes', '[3, 4]'))).toEqual(['data', 'init']);
  });

  it('keeps the initial weights across activations (they do not change what the initialiser draws)', () => {
    expect(streamsThatDiffer(runsOf(MOONS, 'problem.model.activation', '[tanh, relu]'))).toEqual([]);
  });

  it('gives a landscape only a noise stream, shared across optimizers, batch sizes, noise levels and starting points', () => {
    for (const [key, values] of [
      ['optimizer.momentum', '[0, 0.9]'],
      ['train.batch_size', '[1, 16]'],
      ['problem.landscape.noise', '[0.5, 2]'],
      ['problem.landscape.start', '[[-4, 1], [3, 2]]'],
    ]) {
      const runs = runsOf(RAVINE, key, values);
      expect(streamsThatDiffer(runs)).toEqual([]);
      const [first] = runs;
      expect(first.seeds).toEqual({ data: null, init: null, shuffle: null, noise: expect.stringMatching(/^[0-9a-f]{16}$/) });
      expect(runs.find((r) => r.replicate === 1)!.seeds.noise).not.toBe(first.seeds.noise);
    }
  });

  it('changes every stream with the sweep seed, and none with the sweep name', () => {
    const [base] = runsOf(MOONS, 'optimizer.lr', '[0.1]');
    const [renamed] = runsOf(MOONS, 'optimizer.lr', '[0.1]', ['name: renamed']);
    expect(renamed.seeds).toEqual(base.seeds);
    // runsOf writes seed: 7; this sweep says seed: 8.
    const text = ['seed: 8', 'replicates: 2', ...MOONS].join('\n');
    const result = validateSweep(parseSweepText(text, 'pairing.yaml'), 'pairing.yaml', testCatalog);
    if ('issues' in result) throw new Error(result.issues.map(formatIssue).join('\n'));
    const [other] = expandSweep(result.sweep, testCatalog);
    for (const name of ['data', 'init', 'shuffle'] as const) expect(other.seeds[name]).not.toBe(base.seeds[name]);
  });
});

describe('streamSeeds, pairing: independent', () => {
  it('derives every stream from the whole configuration, so configurations share nothing', () => {
    const runs = runsOf(MOONS, 'optimizer.momentum', '[0, 0.9]', ['pairing: independent']);
    expect(streamsThatDiffer(runs)).toEqual(['data', 'init', 'shuffle']);
    expect(runs[0].config.pairing).toBe('independent');
  });

  it('is part of the run identity: the same configuration paired and independent are different runs with different streams', () => {
    const paired = runsOf(MOONS, 'optimizer.momentum', '[0.9]');
    const independent = runsOf(MOONS, 'optimizer.momentum', '[0.9]', ['pairing: independent']);
    expect(paired[0].config.pairing).toBe('paired');
    expect(independent[0].runId).not.toBe(paired[0].runId);
    expect(independent[0].seed).not.toBe(paired[0].seed);
    expect(independent[0].seeds.init).not.toBe(paired[0].seeds.init);
  });
});
