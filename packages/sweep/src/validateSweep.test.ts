import { describe, expect, it } from 'vitest';
import { testCatalog } from './_testCatalog.js';
import { invalidSweeps as cases, MOONS, TRAIN } from './_invalidSweeps.js';
import { expandSweep, formatIssue, NAME_RULE, parseSweepText, validateSweep, type Sweep } from './index.js';

/** The formatted issue lines for a sweep text, or [] when it is valid. */
function issuesOf(text: string, file = 'bad.yaml'): string[] {
  const result = validateSweep(parseSweepText(text, file), file, testCatalog);
  return 'issues' in result ? result.issues.map(formatIssue) : [];
}

function sweepOf(text: string, file = 'ok.yaml'): Sweep {
  const result = validateSweep(parseSweepText(text, file), file, testCatalog);
  if ('issues' in result) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.sweep;
}


describe('validateSweep: one mistake, one located line', () => {
  it.each(cases)('$name', ({ text, issue }) => {
    expect(issuesOf(text)).toEqual([issue]);
  });

  it('reports malformed YAML at the line the parser stopped', () => {
    // The flow mapping opened on line 1 is never closed; the parser notices on line 2.
    const lines = issuesOf(['problem: { dataset: { name: moons }', TRAIN].join('\n'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bad\.yaml:2:\d+: invalid YAML: /);
  });

  it('reports an empty file', () => {
    expect(issuesOf('# nothing yet\n')).toEqual(['bad.yaml:1:1: the sweep file is empty (expected keys like problem:, optimizer:, train:, parameters:)']);
  });
});

describe('validateSweep: a validation split (problem.dataset.validation_fraction)', () => {
  // "problem: { dataset: { name: moons, size: 10, test_fraction: 0.5, validation_fraction: " is 86 characters.
  const SMALL = (validation: string) => `problem: { dataset: { name: moons, size: 10, test_fraction: 0.5, validation_fraction: ${validation} } }`;
  const ONE = 'train: { batch_size: 1, epochs: 1 }';

  it('refuses fractions that leave no training examples, at validation_fraction, with the sizes', () => {
    expect(issuesOf([SMALL('0.5'), ONE].join('\n'))).toEqual([
      'bad.yaml:1:87: problem.dataset.validation_fraction: leaves no training examples (got 0.5; expected a smaller fraction (moons has 10 examples; test_fraction 0.5 holds out 5 and validation_fraction 0.5 holds out 5, leaving 0 for training))',
      // The batch rule judges the split as it stands, as it does after a test_fraction that leaves nothing.
      'bad.yaml:2:22: train.batch_size: larger than the training set (got 1; expected an integer in [1, 0] (moons has 10 examples; test_fraction 0.5 holds out 5 and validation_fraction 0.5 holds out 5, leaving 0 for training))',
    ]);
    expect(issuesOf([SMALL('0.4'), ONE].join('\n'))).toEqual([]);
  });

  it('refuses a fraction outside [0, 1) at its value', () => {
    expect(issuesOf([SMALL('1'), ONE].join('\n'))).toEqual(['bad.yaml:1:87: problem.dataset.validation_fraction: out of range (got 1; expected a finite number in [0, 1))']);
  });

  it('refuses a validation_ metric when the validation set is empty, as a test_ metric with an empty test set', () => {
    const metric = 'metric: { name: validation_loss }';
    // "metric: { name: " is 16 characters.
    expect(issuesOf([MOONS, TRAIN, metric].join('\n'))).toEqual([
      'bad.yaml:3:17: metric.name: the validation set is empty (moons has 200 examples; test_fraction 0.2 holds out 40, leaving 160 for training) (got "validation_loss"; expected a train_ or test_ metric, or a larger validation_fraction)',
    ]);
    expect(issuesOf(['problem: { dataset: { name: moons, validation_fraction: 0.2 } }', TRAIN, metric].join('\n'))).toEqual([]);
    expect(issuesOf(['problem: { dataset: { name: moons, validation_fraction: 0.2 } }', TRAIN, 'metric: { name: validation_accuracy }'].join('\n'))).toEqual([]);
  });

  it('leaves validation_fraction out of the resolved config at 0, written or not, so run ids stay those of sweeps without it', () => {
    const datasetOf = (written: string) => {
      const { problem } = expandSweep(sweepOf([`problem: { dataset: ${written} }`, TRAIN].join('\n')), testCatalog)[0].config;
      return problem.kind === 'dataset' ? problem.dataset : null;
    };
    for (const written of ['{ name: moons }', '{ name: moons, validation_fraction: 0 }']) expect(datasetOf(written)).toStrictEqual({ name: 'moons', test_fraction: 0.2, size: 200, noise: 0.1 });
    expect(datasetOf('{ name: moons, validation_fraction: 0.2 }')).toMatchObject({ validation_fraction: 0.2 });
  });
});

describe('validateSweep: every issue in one pass', () => {
  it('lists all the mistakes of one file together, in file order', () => {
    const text = [
      'name: momentum',
      'problem:',
      '  dataset: { name: moons, size: 60, nois: 0.2 }',
      'optimizer: { name: sgd, lr: "0.1" }',
      'train: { batch_size: 64, epochs: 2, steps: 3 }',
      'parameters:',
      '  optimizer.lr: { values: [] }',
      '  optimizer.name: { values: [sgd, adamw] }',
    ].join('\n');
    expect(issuesOf(text)).toEqual([
      // "  dataset: { name: moons, size: 60, " is 36 characters.
      "bad.yaml:3:37: problem.dataset.nois: dataset 'moons' has no setting 'nois'; did you mean 'noise'? (expected one of name, test_fraction, validation_fraction, size, noise)",
      'bad.yaml:4:29: optimizer.lr: wrong type: a number in quotes is a string; remove the quotes (got the string "0.1"; expected a finite number in (0, ∞))',
      // 60 examples: test = round(12) = 12, train = 48.
      'bad.yaml:5:22: train.batch_size: larger than the training set (got 64; expected an integer in [1, 48] (moons has 60 examples; test_fraction 0.2 holds out 12, leaving 48 for training))',
      // "train: { batch_size: 64, epochs: 2, " is 36 characters.
      'bad.yaml:5:37: train.steps: only one budget: epochs is already set (expected exactly one of epochs, steps, examples)',
      'bad.yaml:7:27: parameters.optimizer.lr.values: empty grid: nothing to try (got an empty list; expected at least one value)',
      // "  optimizer.name: { values: [sgd, " is 34 characters.
      `bad.yaml:8:35: optimizer.name: unknown optimizer 'adamw'; did you mean 'adam'? (got "adamw"; expected one of sgd, momentum, adam, signum)`,
    ]);
  });

  it('reports a swept value once even though many combinations contain it', () => {
    const text = [MOONS, TRAIN, 'parameters:', '  optimizer.lr: { values: [0.1, -1] }', '  train.batch_size: { values: [1, 2, 4, 8] }'].join('\n');
    // "  optimizer.lr: { values: [0.1, " is 32 characters.
    expect(issuesOf(text)).toEqual(['bad.yaml:4:33: optimizer.lr: out of range (got -1; expected a finite number in (0, ∞))']);
  });

  it('names the file it was given', () => {
    expect(issuesOf([MOONS, 'optimizer: { name: sgd, lr: 0 }', TRAIN].join('\n'), 'sweeps/lr.yaml')[0]).toMatch(/^sweeps\/lr\.yaml:2:29: optimizer\.lr: out of range/);
  });
});

describe('validateSweep: good sweeps', () => {
  it('takes the name from the file when none is given, and keeps the sweep properties', () => {
    const sweep = sweepOf(['description: Momentum on two moons', 'seed: 42', 'replicates: 3', MOONS, TRAIN].join('\n'), 'sweeps/momentum.yaml');
    expect(sweep).toMatchObject({ name: 'momentum', description: 'Momentum on two moons', seed: 42, replicates: 3, method: 'grid', samples: null, plugins: [] });
  });

  it('refuses a file name that is not a safe folder name', () => {
    expect(issuesOf([MOONS, TRAIN].join('\n'), 'my sweep.yaml')).toEqual([
      `my sweep.yaml:1:1: name: the file name gives the sweep name "my sweep", which is not a safe folder name (letters, digits, '.', '_', '-', starting with a letter or digit, no '..'); add a name: key with a name of your own (expected ${NAME_RULE})`,
    ]);
  });

  it('refuses a file name that is a reserved name, and says the name comes from the file', () => {
    expect(issuesOf([MOONS, TRAIN].join('\n'), 'sweeps/index.html.yaml')).toEqual([
      `sweeps/index.html.yaml:1:1: name: the file name gives the sweep name 'index.html', which is reserved: reports/index.html is the page that lists every sweep's report; add a name: key with a name of your own (expected ${NAME_RULE})`,
    ]);
  });

  it('refuses a name: key that is too long or reserved, at the key', () => {
    expect(issuesOf([`name: ${'n'.repeat(300)}`, MOONS, TRAIN].join('\n'))).toEqual([
      `bad.yaml:1:7: name: the sweep name is 300 characters long, more than the 100 a name may have (it becomes a folder name next to run ids, temporary suffixes and report paths, and file systems cap a name at 255 bytes) (got "${'n'.repeat(40)}…"; expected ${NAME_RULE})`,
    ]);
    expect(issuesOf(['name: compare', MOONS, TRAIN].join('\n'))[0]).toMatch(/^bad\.yaml:1:7: name: the sweep name is reserved: reports\/compare\/ holds the pages of 'exp compare' \(got "compare"/);
  });

  it('accepts a key both in the base and in parameters (parameters win)', () => {
    const sweep = sweepOf([MOONS, TRAIN, 'optimizer: { name: sgd, lr: 0.1 }', 'parameters:', '  optimizer.lr: { values: [0.01, 0.3] }'].join('\n'));
    expect(sweep.parameters.map((p) => p.key)).toEqual(['optimizer.lr']);
  });

  it('checks every hyperparameter value against every optimizer of the grid', () => {
    // lr 2 is fine for both; momentum is only set inside the momentum subtree, so sgd never sees it.
    const text = [MOONS, TRAIN, 'parameters:', '  optimizer: { values: [ { name: sgd }, { name: momentum, momentum: 0.5 } ] }', '  optimizer.lr: { values: [0.1, 2] }'].join('\n');
    expect(issuesOf(text)).toEqual([]);
  });

  it('validates a huge grid quickly by checking every pair of values', () => {
    // 10 parameters × 10 values = 10^10 combinations; validation tries 45 pairs × 100 = 4500 of them.
    const lrs = Array.from({ length: 10 }, (_, i) => (i + 1) / 100).join(', ');
    const bigGrid = [MOONS, TRAIN, 'parameters:', `  optimizer.lr: { values: [${lrs}] }`];
    for (const key of ['problem.dataset.noise', 'problem.dataset.size', 'train.max_points', 'train.diverge_factor', 'schedule.name', 'problem.model.hidden', 'problem.model.activation', 'train.epochs', 'problem.dataset.test_fraction']) {
      const values: Record<string, string> = {
        'problem.dataset.noise': '0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9',
        'problem.dataset.size': '100, 200, 300, 400, 500, 600, 700, 800, 900, 1000',
        'train.max_points': '2, 3, 4, 5, 6, 7, 8, 9, 10, 11',
        'train.diverge_factor': '2, 3, 4, 5, 6, 7, 8, 9, 10, 11',
        'schedule.name': 'constant, step, cosine, warmup, constant, step, cosine, warmup, constant, step',
        'problem.model.hidden': '[1], [2], [3], [4], [5], [6], [7], [8], [9], [-1]',
        'problem.model.activation': 'tanh, relu, sigmoid, identity, leaky_relu, tanh, relu, sigmoid, identity, leaky_relu',
        'train.epochs': '1, 2, 3, 4, 5, 6, 7, 8, 9, 10',
        'problem.dataset.test_fraction': '0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.25',
      };
      bigGrid.push(`  ${key}: { values: [${values[key]}] }`);
    }
    const started = performance.now();
    const lines = issuesOf(bigGrid.join('\n'));
    expect(performance.now() - started).toBeLessThan(5000);
    // The one bad value, the last hidden size -1, is found: "  problem.model.hidden: { values: [[1], ..., [9], [" is 81 characters.
    expect(lines).toEqual(['bad.yaml:10:82: problem.model.hidden.0: out of range (got -1; expected an integer in [1, ∞))']);
  });
});

describe('validateSweep: replicates', () => {
  const withReplicates = (line: string) => [MOONS, line, TRAIN].join('\n');

  it('keeps a plain number as a fixed count, and reads { min, max, step } as adaptive replicates (step 3 by default)', () => {
    expect(sweepOf(withReplicates('replicates: 4'))).toMatchObject({ replicates: 4, adaptive: null });
    expect(sweepOf(withReplicates('replicates: { min: 3, max: 30 }'))).toMatchObject({ replicates: 3, adaptive: { min: 3, max: 30, step: 3 } });
    expect(sweepOf(withReplicates('replicates: { min: 4, max: 12, step: 2 }'))).toMatchObject({ replicates: 4, adaptive: { min: 4, max: 12, step: 2 } });
  });

  it('locates each mistake of the adaptive form, with the keys it would accept', () => {
    // "replicates: { " is 14 characters, so the first key starts at column 15.
    expect(issuesOf(withReplicates('replicates: { min: 3, mx: 30 }'))).toEqual([
      'bad.yaml:2:13: replicates.max: missing: adaptive replicates need min and max (expected max: an integer in [2, ∞))',
      "bad.yaml:2:23: replicates.mx: unknown key 'mx'; did you mean 'max'? (expected one of min, max, step)",
    ]);
    expect(issuesOf(withReplicates('replicates: { min: 1, max: 30 }'))).toEqual(['bad.yaml:2:20: replicates.min: out of range (got 1; expected an integer in [2, ∞))']);
    expect(issuesOf(withReplicates('replicates: { min: 3, max: 30, step: 1.5 }'))).toEqual(['bad.yaml:2:38: replicates.step: not an integer (got 1.5; expected an integer in [1, ∞))']);
    expect(issuesOf(withReplicates('replicates: { min: 12, max: 8 }'))).toEqual(['bad.yaml:2:20: replicates.min: min is larger than max (got min 12, max 8; expected min ≤ max)']);
    expect(issuesOf(withReplicates('replicates: [3, 30]'))).toEqual([
      'bad.yaml:2:13: replicates: wrong type (got a list of 2; expected an integer in [1, ∞), or { min, max, step } for replicates added where the verdict is open)',
    ]);
  });

  it('refuses a max with which no rank test could ever decide a direction', () => {
    // 2/2⁵ = 0.0625 > 0.05: with at most 5 paired replicates, no comparison could be called better or worse.
    expect(issuesOf(withReplicates('replicates: { min: 3, max: 5 }'))).toEqual([
      'bad.yaml:2:28: replicates.max: with at most 5 replicates no rank test can reach p ≤ 0.05 (2/2ⁿ), so no configuration could ever be called better or worse (got 5; expected max ≥ 6, or a fixed count (replicates: 5))',
    ]);
    expect(issuesOf(withReplicates('replicates: { min: 3, max: 6 }'))).toEqual([]);
  });
});

describe('validateSweep: delta, the declared practical difference', () => {
  const withDelta = (line: string) => [MOONS, line, TRAIN].join('\n');

  it('is null unless declared, and a positive number when declared', () => {
    expect(sweepOf(withDelta('seed: 1')).delta).toBeNull();
    expect(sweepOf(withDelta('delta: 0.01')).delta).toBe(0.01);
  });

  it('refuses zero, negative numbers and text, at the value, with what it accepts', () => {
    expect(issuesOf(withDelta('delta: 0'))).toEqual(['bad.yaml:2:8: delta: out of range (got 0; expected a finite number in (0, ∞))']);
    expect(issuesOf(withDelta('delta: -0.01'))).toEqual(['bad.yaml:2:8: delta: out of range (got -0.01; expected a finite number in (0, ∞))']);
    expect(issuesOf(withDelta('delta: "0.01"'))).toEqual([
      'bad.yaml:2:8: delta: wrong type: a number in quotes is a string; remove the quotes (got the string "0.01"; expected a finite number in (0, ∞))',
    ]);
    expect(issuesOf(withDelta('delta: { value: 0.01 }'))).toEqual(['bad.yaml:2:8: delta: wrong type (got a mapping; expected a finite number in (0, ∞))']);
  });

  it('suggests delta for a misspelt key, and refuses it as a search dimension', () => {
    expect(issuesOf(withDelta('delt: 0.01'))[0]).toMatch(/^bad\.yaml:2:1: delt: unknown key 'delt'; did you mean 'delta'\?/);
    expect(issuesOf([MOONS, TRAIN, 'parameters:', '  delta: { values: [0.01, 0.02] }'].join('\n'))).toEqual([
      "bad.yaml:4:3: parameters.delta: 'delta' is a property of the sweep, not a search dimension (expected a key under problem, optimizer, schedule, train)",
    ]);
  });
});
