import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from './config.js';
import { testCatalog } from './_testCatalog.js';
import { countRuns, expandSweep, formatIssue, parseSweepText, validateSweep, varyingKeys, type RunSpec, type Sweep } from './index.js';

function sweepOf(text: string, file = 'sweeps/test.yaml'): Sweep {
  const result = validateSweep(parseSweepText(text, file), file, testCatalog);
  if ('issues' in result) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.sweep;
}

const expand = (text: string, file?: string): RunSpec[] => expandSweep(sweepOf(text, file), testCatalog);

const MOMENTUM_SWEEP = `
name: momentum
description: Momentum on two moons
seed: 42
replicates: 3
problem:
  dataset: { name: moons, size: 1000, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [16], activation: tanh, output: identity, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
schedule: { name: constant }
train: { batch_size: 32, epochs: 20 }
parameters:
  optimizer.lr: { values: [0.01, 0.03, 0.1, 0.3] }
  optimizer.momentum: { values: [0, 0.5, 0.9] }
  train.batch_size: { values: [8, 64] }
`;

describe('expandSweep: grids', () => {
  it('runs every combination × replicates, and countRuns agrees without building them', () => {
    const sweep = sweepOf(MOMENTUM_SWEEP);
    // 4 lr × 3 momentum × 2 batch sizes = 24 configurations, × 3 replicates.
    expect(countRuns(sweep)).toBe(72);
    const specs = expandSweep(sweep, testCatalog);
    expect(specs).toHaveLength(72);
    expect(new Set(specs.map((s) => s.runId)).size).toBe(72);
    expect(specs.slice(0, 24).every((s) => s.replicate === 0)).toBe(true);
    expect(specs.slice(48).every((s) => s.replicate === 2)).toBe(true);
  });

  it('walks the grid with the first parameter varying slowest', () => {
    const specs = expand(MOMENTUM_SWEEP);
    const triple = (s: RunSpec) => [s.config.optimizer.lr, s.config.optimizer.momentum, s.config.train.batch_size];
    expect(specs.slice(0, 7).map(triple)).toEqual([
      [0.01, 0, 8],
      [0.01, 0, 64],
      [0.01, 0.5, 8],
      [0.01, 0.5, 64],
      [0.01, 0.9, 8],
      [0.01, 0.9, 64],
      [0.03, 0, 8],
    ]);
  });

  it('fills every default into the resolved configuration', () => {
    const [spec] = expand('problem: { dataset: { name: moons } }\ntrain: { batch_size: 8, epochs: 1 }');
    const expected: ResolvedConfig = {
      seed: 0,
      pairing: 'paired',
      problem: {
        kind: 'dataset',
        dataset: { name: 'moons', test_fraction: 0.2, size: 200, noise: 0.1 },
        model: { hidden: [16], activation: 'tanh', output: 'identity', init: 'xavier' },
        loss: 'bce',
      },
      optimizer: { name: 'sgd', lr: 0.01 },
      schedule: { name: 'constant' },
      train: { batch_size: 8, epochs: 1, diverge_factor: 1000, max_points: 200 },
      metric: { name: 'test_loss', goal: 'minimize', target: null },
      plugins: [],
    };
    expect(spec.config).toEqual(expected);
    expect(spec.replicate).toBe(0);
    expect(spec.runId).toMatch(/^[0-9a-f]{12}$/);
    expect(spec.seed).toMatch(/^[0-9a-f]{16}$/);
  });

  it('picks the loss by task and the metric goal by metric', () => {
    const blobs = expand('problem: { dataset: { name: blobs } }\ntrain: { batch_size: 8, steps: 5 }\nmetric: { name: test_accuracy, target: 0.9 }')[0].config;
    expect(blobs.problem).toMatchObject({ loss: 'cross_entropy' });
    expect(blobs.metric).toEqual({ name: 'test_accuracy', goal: 'maximize', target: 0.9 });
    const sine = expand('problem: { dataset: { name: sine } }\ntrain: { batch_size: 8, examples: 800 }')[0].config;
    expect(sine.problem).toMatchObject({ loss: 'squared_error' });
    expect(sine.train).toEqual({ batch_size: 8, examples: 800, diverge_factor: 1000, max_points: 200 });
  });

  it('watches the training loss by default when nothing is held out', () => {
    const config = expand('problem: { dataset: { name: xor, test_fraction: 0 } }\ntrain: { batch_size: 4, epochs: 100 }')[0].config;
    expect(config.metric).toEqual({ name: 'train_loss', goal: 'minimize', target: null });
  });

  it('resolves a landscape with its start, noise and settings', () => {
    const config = expand('problem: { landscape: { name: ravine, noise: 0.5 } }\ntrain: { steps: 100 }\nschedule: { name: step, every: 10 }')[0].config;
    expect(config.problem).toEqual({ kind: 'landscape', landscape: { name: 'ravine', start: [-4, 1], noise: 0.5, scale: 10 } });
    expect(config.train).toEqual({ batch_size: 1, steps: 100, diverge_factor: 1000, max_points: 200 });
    expect(config.metric).toEqual({ name: 'loss', goal: 'minimize', target: null });
    expect(config.schedule).toEqual({ name: 'step', every: 10, gamma: 0.1 });
  });

  it('replaces a whole subtree with a value, filling that optimizer’s own defaults', () => {
    const specs = expand(`
problem: { dataset: { name: moons } }
train: { batch_size: 8, epochs: 1 }
parameters:
  optimizer: { values: [ { name: sgd, lr: 0.5 }, { name: adam, lr: 0.01 } ] }
`);
    expect(specs.map((s) => s.config.optimizer)).toEqual([
      { name: 'sgd', lr: 0.5 },
      { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    ]);
    expect(varyingKeys(specs)).toEqual(['optimizer.name', 'optimizer.lr', 'optimizer.beta1', 'optimizer.beta2', 'optimizer.eps']);
  });

  it('lays dotted keys over a swept subtree (shorter keys first)', () => {
    const specs = expand(`
problem: { dataset: { name: moons } }
train: { batch_size: 8, epochs: 1 }
parameters:
  optimizer.lr: { values: [0.2] }
  optimizer: { values: [ { name: sgd, lr: 0.5 }, { name: momentum } ] }
`);
    expect(specs.map((s) => s.config.optimizer)).toEqual([
      { name: 'sgd', lr: 0.2 },
      { name: 'momentum', lr: 0.2, momentum: 0.9, nesterov: false },
    ]);
  });

  it('follows YAML anchors and merge keys', () => {
    const specs = expand(`
problem: { dataset: { name: moons } }
train: { batch_size: 8, epochs: 1 }
optimizer: &base { name: momentum, lr: 0.1 }
parameters:
  optimizer: { values: [ { <<: *base, momentum: 0.5 }, { <<: *base, lr: 0.3 } ] }
`);
    expect(specs.map((s) => s.config.optimizer)).toEqual([
      { name: 'momentum', lr: 0.1, momentum: 0.5, nesterov: false },
      { name: 'momentum', lr: 0.3, momentum: 0.9, nesterov: false },
    ]);
  });

  it('records the plugin an optimizer comes from', () => {
    const [spec] = expand('plugins: [../plugins/signum.ts]\nproblem: { dataset: { name: moons } }\ntrain: { batch_size: 8, epochs: 1 }\noptimizer: { name: signum }');
    expect(spec.config.plugins).toEqual([{ source: '../plugins/signum.ts', sha256: 'ab'.repeat(32) }]);
  });

  it('keeps equal configurations once: 0.1 and 1e-1 are the same number', () => {
    const sweep = sweepOf('problem: { dataset: { name: moons } }\ntrain: { batch_size: 8, epochs: 1 }\nreplicates: 2\nparameters:\n  optimizer.lr: { values: [0.1, 1e-1, 0.01] }');
    expect(countRuns(sweep)).toBe(6); // counted before duplicates are dropped
    const specs = expandSweep(sweep, testCatalog);
    expect(specs.map((s) => [s.config.optimizer.lr, s.replicate])).toEqual([
      [0.1, 0],
      [0.01, 0],
      [0.1, 1],
      [0.01, 1],
    ]);
  });

  it('treats an explicit default like an omitted one', () => {
    const specs = expand('problem: { dataset: { name: moons } }\ntrain: { batch_size: 8, epochs: 1 }\nparameters:\n  problem.dataset.noise: { values: [0.1, 0.3] }\n  schedule: { values: [ { name: constant }, {} ] }');
    // noise 0.1 is moons' default; `{}` and `{ name: constant }` are the same schedule: 2 configurations, not 4.
    expect(specs.map((s) => s.config.problem.kind === 'dataset' && s.config.problem.dataset.noise)).toEqual([0.1, 0.3]);
  });

  it('counts a 10^9 grid without building it', () => {
    const values = '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]';
    const keys = ['optimizer.lr', 'train.batch_size', 'train.epochs', 'train.max_points', 'problem.dataset.size', 'problem.dataset.noise', 'problem.model.hidden.x', 'train.diverge_factor', 'schedule.every'];
    // countRuns reads only the lengths, so it takes an unvalidated sweep too.
    const sweep: Sweep = {
      ...sweepOf('problem: { dataset: { name: moons } }\ntrain: { batch_size: 8, epochs: 1 }'),
      parameters: keys.map((key) => ({ key, path: key.split('.'), keyPos: { line: 1, col: 1 }, kind: 'values', values: parseValues(values) })),
    };
    const started = performance.now();
    expect(countRuns(sweep)).toBe(1e9);
    // Building 10^9 configurations would take hours; multiplying lengths takes microseconds. A second is a margin
    // no garbage collection or busy neighbour on a shared machine reaches, and still proves nothing was built.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

function parseValues(list: string) {
  const parsed = parseSweepText(`v: ${list}`, 'v.yaml').doc;
  if (parsed?.kind !== 'map') throw new Error('unreachable');
  const node = parsed.entries.get('v')!.value;
  return node.kind === 'seq' ? [...node.items] : [];
}

const RANDOM_SWEEP = (seed: number, order: 'ab' | 'ba' = 'ab') => {
  const lines = [
    '  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }',
    '  train.batch_size: { distribution: int_uniform, min: 1, max: 4 }',
    '  optimizer.momentum: { distribution: uniform, min: 0, max: 0.99 }',
    '  optimizer.name: { distribution: categorical, values: [momentum] }',
  ];
  return [
    `seed: ${seed}`,
    'method: random',
    'samples: 40',
    'replicates: 2',
    'problem: { dataset: { name: moons } }',
    'optimizer: { name: momentum }',
    'train: { batch_size: 8, epochs: 1 }',
    'parameters:',
    ...(order === 'ab' ? lines : [...lines].reverse()),
  ].join('\n');
};

describe('expandSweep: random search', () => {
  it('draws `samples` configurations × replicates, each inside its range', () => {
    const sweep = sweepOf(RANDOM_SWEEP(7));
    expect(countRuns(sweep)).toBe(80);
    const specs = expandSweep(sweep, testCatalog);
    expect(specs).toHaveLength(80);
    for (const { config } of specs) {
      const { lr, momentum } = config.optimizer as unknown as { lr: number; momentum: number };
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(1);
      expect(momentum).toBeGreaterThanOrEqual(0);
      expect(momentum).toBeLessThan(0.99);
      expect([1, 2, 3, 4]).toContain(config.train.batch_size);
    }
    // int_uniform is inclusive at both ends: 40 draws from 4 values miss an end with probability ≈ 2 × 0.75^40 ≈ 2e-5.
    const batches = new Set(specs.map((s) => s.config.train.batch_size));
    expect(batches).toEqual(new Set([1, 2, 3, 4]));
    // log-uniform: about as many draws below 0.0316 (= 10^-1.5, the log-midpoint) as above it.
    const below = specs.slice(0, 40).filter((s) => (s.config.optimizer.lr as number) < 10 ** -1.5).length;
    expect(below).toBeGreaterThan(8);
    expect(below).toBeLessThan(32);
  });

  it('draws from rng(`sweep:${seed}`), one stream per parameter key', () => {
    const specs = expand(RANDOM_SWEEP(7));
    const lrStream = rng('sweep:7').stream('optimizer.lr');
    const batchStream = rng('sweep:7').stream('train.batch_size');
    // The first configuration: lr = exp(uniform(log 0.001, log 1)), batch = 1 + int(4).
    expect(specs[0].config.optimizer.lr).toBeCloseTo(Math.exp(lrStream.uniformIn(Math.log(0.001), 0)), 12);
    expect(specs[0].config.train.batch_size).toBe(1 + batchStream.int(4));
  });

  it('is reproducible from the seed, whatever the order of the parameters, and different for another seed', () => {
    const ids = (text: string) => expand(text).map((s) => s.runId);
    expect(ids(RANDOM_SWEEP(7))).toEqual(ids(RANDOM_SWEEP(7)));
    expect(ids(RANDOM_SWEEP(7, 'ba'))).toEqual(ids(RANDOM_SWEEP(7)));
    const lrs = (seed: number) => expand(RANDOM_SWEEP(seed)).map((s) => s.config.optimizer.lr);
    expect(lrs(8)).not.toEqual(lrs(7));
  });
});

describe('varyingKeys', () => {
  it('names the keys that differ between configurations, not the replicates', () => {
    expect(varyingKeys(expand(MOMENTUM_SWEEP))).toEqual(['optimizer.lr', 'optimizer.momentum', 'train.batch_size']);
  });

  it('is empty for a single configuration', () => {
    expect(varyingKeys(expand('problem: { dataset: { name: moons } }\ntrain: { batch_size: 8, epochs: 1 }\nreplicates: 4'))).toEqual([]);
  });

  it('gives the same keys for configurations that share sections as for copies of them', () => {
    // Sections shared between configurations (as the fast way and a run listing build them) are counted, not walked again.
    const shared = { a: 1, b: [1, 2] };
    const other = { a: 2, b: [1, 2] };
    const configs = [
      { seed: 1, section: shared, lone: { x: 0 } },
      { seed: 1, section: shared, lone: { x: 0 } },
      { seed: 1, section: other, lone: { x: 0 } },
      { seed: 1, section: shared }, // lacks lone.x
    ];
    const asSpecs = (list: object[]) => list.map((config) => ({ config }) as unknown as RunSpec);
    const copies = configs.map((config) => JSON.parse(JSON.stringify(config)) as object);
    expect(varyingKeys(asSpecs(configs))).toEqual(['section.a', 'lone.x']);
    expect(varyingKeys(asSpecs(copies))).toEqual(['section.a', 'lone.x']);
    expect(varyingKeys(asSpecs(configs.slice(0, 2)))).toEqual([]);
    expect(varyingKeys(asSpecs([configs[0], configs[3]]))).toEqual(['lone.x']);
    // Shared sections nested in shared sections, and one object under two keys: counted as their copies are.
    const inner = { p: 1, q: 2 };
    const outer = { inner, r: 3 };
    const nested = [
      { outer, twice: inner },
      { outer, twice: inner },
      { outer, twice: { p: 1 } }, // lacks twice.q
      { outer: { inner: { p: 5, q: 2 }, r: 3 }, twice: inner },
      { outer, twice: inner, extra: outer },
    ];
    const nestedCopies = nested.map((config) => JSON.parse(JSON.stringify(config)) as object);
    expect(varyingKeys(asSpecs(nested))).toEqual(['outer.inner.p', 'twice.q', 'extra.inner.p', 'extra.inner.q', 'extra.r']);
    expect(varyingKeys(asSpecs(nestedCopies))).toEqual(varyingKeys(asSpecs(nested)));
    expect(varyingKeys(asSpecs(nested.slice(0, 2)))).toEqual([]);
  });
});
