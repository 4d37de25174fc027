import { describe, expect, it } from 'vitest';
import { testCatalog } from './_testCatalog.js';
import { expandSweep, formatIssue, parseSweepText, selects, validateSweep, valueAtKey, variedValue, type Sweep } from './index.js';

/** A momentum × lr grid on moons, then the claims lines given (the claims: key is on line 8). */
const SWEEP = [
  'problem: { dataset: { name: moons } }',
  'optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }',
  'train: { batch_size: 8, epochs: 1 }',
  'metric: { name: test_loss, goal: minimize, target: 0.2 }',
  'parameters:',
  '  optimizer.momentum: { values: [0, 0.9] }',
  '  optimizer.lr: { values: [0.01, 0.1] }',
  'claims:',
];
const CLAIM = ['  - claim: momentum helps', '    metric: final_metric', '    a: { optimizer.momentum: 0.9 }', '    b: { optimizer.momentum: 0 }', '    expect: a < b'];

function validate(lines: string[], sweep: string[] = SWEEP): { sweep: Sweep } | { issues: string[] } {
  const result = validateSweep(parseSweepText([...sweep, ...lines].join('\n'), 'bad.yaml'), 'bad.yaml', testCatalog);
  return 'issues' in result ? { issues: result.issues.map(formatIssue) } : result;
}

function issuesOf(lines: string[], sweep?: string[]): string[] {
  const result = validate(lines, sweep);
  return 'issues' in result ? result.issues : [];
}

/** CLAIM with line `index` (0 = `- claim:` on file line 9) replaced. */
const claimWith = (index: number, line: string) => CLAIM.map((l, i) => (i === index ? line : l));

describe('claims: the grammar', () => {
  it('reads a claim into plain data, with the parameters it compares', () => {
    const result = validate([...CLAIM, '    where: { optimizer.lr: 0.01 }']);
    if ('issues' in result) throw new Error(result.issues.join('\n'));
    expect(result.sweep.claims).toEqual([
      { claim: 'momentum helps', metric: 'final_metric', a: { 'optimizer.momentum': 0.9 }, b: { 'optimizer.momentum': 0 }, where: { 'optimizer.lr': 0.01 }, expect: 'a < b', compared: ['optimizer.momentum'] },
    ]);
  });

  it('compares a whole swept subtree when a key lies under it', () => {
    const sweep = [...SWEEP.slice(0, 5), '  optimizer: { values: [{ name: sgd, lr: 0.1 }, { name: adam, lr: 0.001 }] }', 'claims:'];
    const result = validate(['  - claim: adam is faster', '    metric: final_loss', '    a: { optimizer.name: adam }', '    b: { optimizer.name: sgd }', '    expect: a < b'], sweep);
    if ('issues' in result) throw new Error(result.issues.join('\n'));
    expect(result.sweep.claims[0].compared).toEqual(['optimizer']);
  });

  it('selects a key left out of the configuration at its default by that default (problem.model.kind: mlp)', () => {
    const sweep = [
      ...SWEEP.slice(0, 5),
      '  problem.model: { values: [{ hidden: [4, 4] }, { kind: residual_mlp, hidden: [4, 4] }] }',
      'claims:',
    ];
    const result = validate(['  - claim: skips help', '    metric: final_loss', '    a: { problem.model.kind: residual_mlp }', '    b: { problem.model.kind: mlp }', '    expect: a < b'], sweep);
    if ('issues' in result) throw new Error(result.issues.join('\n'));
    const configs = expandSweep(result.sweep, testCatalog).map((s) => s.config);
    // The plain MLP's resolved config has no kind (its run ids predate the key), yet the claim selects it.
    expect(configs.map((c) => (c.problem.kind === 'dataset' ? c.problem.model.kind : null))).toEqual([undefined, 'residual_mlp']);
    expect(valueAtKey(configs[0], 'problem.model.kind')).toBe('mlp');
    // Reports and listings label the configuration by it too.
    expect(variedValue(configs[0], 'problem.model.kind')).toBe('mlp');
    expect(valueAtKey(configs[0], 'problem.model.layer_norm')).toBe(false);
    expect(valueAtKey(configs[0], 'problem.dataset.validation_fraction')).toBe(0);
    expect(valueAtKey(configs[0], 'problem.landscape.noise')).toBeUndefined();
    expect(selects(result.sweep.claims[0].b, configs[0])).toBe(true);
    expect(selects(result.sweep.claims[0].b, configs[1])).toBe(false);
    expect(result.sweep.claims[0].compared).toEqual(['problem.model']);
  });

  it('is not part of any run: run ids are the same with and without claims', () => {
    const withClaims = validate(CLAIM);
    const without = validate([]);
    if ('issues' in withClaims || 'issues' in without) throw new Error('unexpected issues');
    expect(without.sweep.claims).toEqual([]);
    expect(expandSweep(withClaims.sweep, testCatalog).map((s) => s.runId)).toEqual(expandSweep(without.sweep, testCatalog).map((s) => s.runId));
  });
});

describe('claims: validation, located, with did you mean', () => {
  it('final_validation_accuracy: refused at the metric without a validation split, accepted with one', () => {
    const claim = claimWith(1, '    metric: final_validation_accuracy');
    // "    metric: " is 12 characters: the value starts at column 13 of line 10.
    expect(issuesOf(claim)).toEqual([
      'bad.yaml:10:13: claims.0.metric: the validation set is empty (no problem.dataset.validation_fraction) (got "final_validation_accuracy"; expected final_test_accuracy, or a validation_fraction in the problem)',
    ]);
    const held = ['problem: { dataset: { name: moons, validation_fraction: 0.2 } }', ...SWEEP.slice(1)];
    expect(issuesOf(claim, held)).toEqual([]);
  });

  it('a misspelt metric', () => {
    // "    metric: " is 12 characters: the value starts at column 13 of line 10.
    expect(issuesOf(claimWith(1, '    metric: final_metrc'))).toEqual([
      "bad.yaml:10:13: claims.0.metric: unknown choice; did you mean 'final_metric'? (got \"final_metrc\"; expected one of 'final_metric', 'best_metric', 'final_loss', 'best_loss', 'steps_to_target', 'examples_to_target', 'oscillation', 'final_test_accuracy', 'final_validation_accuracy', 'diverged', 'path_length')",
    ]);
  });

  it('a misspelt claim key', () => {
    expect(issuesOf([...CLAIM, '    wher: { optimizer.lr: 0.01 }'])).toEqual([
      "bad.yaml:14:5: claims.0.wher: unknown key 'wher'; did you mean 'where'? (expected one of claim, metric, a, b, expect, where)",
    ]);
  });

  it('an unknown selection key', () => {
    // "    a: { " is 9 characters: the key starts at column 10 of line 11.
    expect(issuesOf(claimWith(2, '    a: { optimizer.momentun: 0.9 }'))).toEqual([
      "bad.yaml:11:10: claims.0.a.optimizer.momentun: no configuration of this sweep has the key 'optimizer.momentun'; did you mean 'optimizer.momentum' or 'optimizer.name'? (expected a dotted key of the configuration whose value the sweep varies, like optimizer.lr)",
    ]);
  });

  it('a value the sweep never gives the key', () => {
    // "    b: { optimizer.momentum: " is 29 characters: the value starts at column 30 of line 12.
    expect(issuesOf(claimWith(3, '    b: { optimizer.momentum: 0.5 }'))).toEqual([
      'bad.yaml:12:30: claims.0.b.optimizer.momentum: the sweep never sets optimizer.momentum to this value (got 0.5; expected one of 0, 0.9)',
    ]);
  });

  it('a misspelt direction', () => {
    expect(issuesOf(claimWith(4, '    expect: a << b'))).toEqual([
      "bad.yaml:13:13: claims.0.expect: unknown choice; did you mean 'a < b' or 'a > b'? (got \"a << b\"; expected one of 'a < b', 'a > b')",
    ]);
  });

  it('a side that selects no configuration (values that never occur together)', () => {
    expect(issuesOf([...CLAIM, '    where: { optimizer.lr: 0.01 }'].map((l, i) => (i === 2 ? '    a: { optimizer.momentum: 0.9, optimizer.name: sgd }' : l)))).toEqual([
      // The base optimizer is momentum and no parameter changes its name: no configuration is named sgd.
      // "    a: { optimizer.momentum: 0.9, optimizer.name: " is 50 characters.
      "bad.yaml:11:51: claims.0.a.optimizer.name: the sweep never sets optimizer.name to this value (got \"sgd\"; expected one of \"momentum\")",
    ]);
    const sweep = [...SWEEP.slice(0, 5), '  optimizer: { values: [{ name: sgd, lr: 0.1 }, { name: momentum, lr: 0.01, momentum: 0.9 }] }', 'claims:'];
    expect(issuesOf(['  - claim: x', '    metric: final_metric', '    a: { optimizer.name: sgd, optimizer.lr: 0.01 }', '    b: { optimizer.name: momentum }', '    expect: a < b'], sweep)).toEqual([
      'bad.yaml:10:8: claims.0.a: selects no configuration of the sweep (expected values that occur together in some configuration)',
    ]);
  });

  it('a and b that overlap', () => {
    // momentum 0.9 at lr 0.1 is on both sides.
    expect(issuesOf(claimWith(3, '    b: { optimizer.lr: 0.1 }'))).toEqual([
      'bad.yaml:12:8: claims.0.b: a and b overlap: 1 configuration is on both sides (expected a and b that differ in some key)',
    ]);
  });

  it('a target metric without a target, and a key in both a side and where', () => {
    const noTarget = SWEEP.map((l) => (l.startsWith('metric:') ? 'metric: { name: test_loss, goal: minimize }' : l));
    expect(issuesOf([...claimWith(1, '    metric: steps_to_target'), '    where: { optimizer.momentum: 0.9 }'], noTarget)).toEqual([
      "bad.yaml:10:13: claims.0.metric: steps_to_target needs a target: the sweep's metric has none (got \"steps_to_target\"; expected metric: { ..., target: x } in the sweep, or another claim metric)",
      'bad.yaml:11:8: claims.0.a.optimizer.momentum: optimizer.momentum is also in where:; a key belongs to one of a, b or where',
      'bad.yaml:12:8: claims.0.b.optimizer.momentum: optimizer.momentum is also in where:; a key belongs to one of a, b or where',
    ]);
  });

  it("a path length on a dataset (only a landscape's parameters have a path)", () => {
    expect(issuesOf(claimWith(1, '    metric: path_length'))).toEqual([
      "bad.yaml:10:13: claims.0.metric: only a landscape's parameters have a path to measure (got \"path_length\"; expected oscillation, final_loss or final_metric)",
    ]);
  });

  it('reports every issue of every claim at once, in file order', () => {
    const lines = issuesOf([
      '  - claim: first',
      '    a: {}',
      '    b: { optimizer.momentum: 0 }',
      '  - claim: second',
      '    metric: oscilation',
      '    a: { optimizer.lr: 1 }',
      '    b: { optimizer.lr: 0.1 }',
      '    expect: a > b',
      '  - not a claim',
    ]);
    expect(lines).toEqual([
      'bad.yaml:9:5: claims.0.metric: missing (expected one of final_metric, best_metric, final_loss, best_loss, steps_to_target, examples_to_target, oscillation, final_test_accuracy, final_validation_accuracy, diverged, path_length)',
      'bad.yaml:9:5: claims.0.expect: missing (expected one of a < b, a > b)',
      'bad.yaml:10:8: claims.0.a: selects every configuration (got an empty mapping; expected at least one key, like { optimizer.momentum: 0.9 })',
      "bad.yaml:13:13: claims.1.metric: unknown choice; did you mean 'oscillation'? (got \"oscilation\"; expected one of 'final_metric', 'best_metric', 'final_loss', 'best_loss', 'steps_to_target', 'examples_to_target', 'oscillation', 'final_test_accuracy', 'final_validation_accuracy', 'diverged', 'path_length')",
      // "    a: { optimizer.lr: " is 23 characters.
      'bad.yaml:14:24: claims.1.a.optimizer.lr: the sweep never sets optimizer.lr to this value (got 1; expected one of 0.01, 0.1)',
      'bad.yaml:17:5: claims.2: wrong type (got the string "not a claim"; expected { claim, metric, a, b, expect } and optionally where)',
    ]);
  });

  it('claims: that is not a list', () => {
    expect(issuesOf(['  claim: x'])).toEqual(['bad.yaml:9:3: claims: wrong type (got a mapping; expected a list of claims, each { claim, metric, a, b, expect })']);
  });
});
