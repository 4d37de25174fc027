import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { testCatalog } from './_testCatalog.js';
import { countRuns, expandSweep, formatIssue, parseSweepText, SweepIssuesError, validateSweep, type RunSpec, type Sweep } from './index.js';
import { scrambledSobol } from './sobol.js';

function validate(text: string): Sweep | string[] {
  const result = validateSweep(parseSweepText(text, 'q.yaml'), 'q.yaml', testCatalog);
  return 'issues' in result ? result.issues.map(formatIssue) : result.sweep;
}

function sweepOf(text: string): Sweep {
  const result = validate(text);
  if (Array.isArray(result)) throw new Error(result.join('\n'));
  return result;
}

const expand = (text: string): RunSpec[] => expandSweep(sweepOf(text), testCatalog);

const sweepText = (method: string, seed: number, samples: number, parameters: string[], extra: string[] = []) =>
  [`seed: ${seed}`, `method: ${method}`, `samples: ${samples}`, ...extra, 'problem: { landscape: { name: ravine } }', 'optimizer: { name: momentum }', 'train: { steps: 10 }', 'parameters:', ...parameters].join('\n');

/** lr uniform in [0.01, 0.11), momentum uniform in [0, 0.9): both mapped back to [0, 1) by `unit`. */
const TWO_RANGES = ['  optimizer.lr: { distribution: uniform, min: 0.01, max: 0.11 }', '  optimizer.momentum: { distribution: uniform, min: 0, max: 0.9 }'];
const unit = (spec: RunSpec): [number, number] => [((spec.config.optimizer.lr as number) - 0.01) / 0.1, (spec.config.optimizer.momentum as number) / 0.9];

describe('expandSweep: quasirandom search', () => {
  it('lays the first `samples` points over the declared ranges: 16 of them hold each sixteenth of each range once', () => {
    const specs = expand(sweepText('quasirandom', 3, 16, TWO_RANGES, ['replicates: 2']));
    expect(specs).toHaveLength(32);
    const points = specs.filter((s) => s.replicate === 0).map(unit);
    for (const d of [0, 1]) expect(new Set(points.map((p) => Math.floor(p[d] * 16))).size).toBe(16);
    // Dimensions 1 and 2 of Sobol are a (0, 4, 2)-net: every box of area 1/16 (1×16, 2×8, 4×4, 8×2, 16×1 cells) holds one.
    for (let i = 0; i <= 4; i++) expect(new Set(points.map(([x, y]) => `${Math.floor(x * 2 ** i)},${Math.floor(y * 2 ** (4 - i))}`)).size).toBe(16);
  });

  it('takes dimension d of the sequence for the d-th parameter in the file, scrambled from rng(`sweep:${seed}`).stream("quasirandom")', () => {
    const sequence = scrambledSobol(2, rng('sweep:3').stream('quasirandom'));
    const points = expand(sweepText('quasirandom', 3, 8, TWO_RANGES)).map(unit);
    points.forEach(([lr, momentum], n) => {
      expect(lr).toBeCloseTo(sequence.point(n)[0], 12);
      expect(momentum).toBeCloseTo(sequence.point(n)[1], 12);
    });
    // Listed the other way round, momentum takes dimension 1.
    const swapped = expand(sweepText('quasirandom', 3, 8, [...TWO_RANGES].reverse())).map(unit);
    swapped.forEach(([, momentum], n) => expect(momentum).toBeCloseTo(sequence.point(n)[0], 12));
  });

  it('maps log and integer ranges and value lists: log-uniform in log space, integers and values each equally often', () => {
    const specs = expand(
      sweepText('quasirandom', 1, 32, [
        '  optimizer.lr: { distribution: log_uniform_values, min: 0.001, max: 1 }',
        '  train.batch_size: { distribution: int_uniform, min: 1, max: 4 }',
        '  optimizer.momentum: { values: [0, 0.5, 0.9, 0.99] }',
      ]),
    );
    const lrs = specs.map((s) => s.config.optimizer.lr as number);
    // (log lr − log 0.001) / (log 1 − log 0.001) is the point's coordinate: 32 points, one per 1/32 of it.
    expect(new Set(lrs.map((lr) => Math.floor(((Math.log(lr) - Math.log(0.001)) / -Math.log(0.001)) * 32))).size).toBe(32);
    const count = (values: unknown[]) => [...values.reduce((m: Map<unknown, number>, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map()).values()];
    // Four values over 32 points of a (t, s)-sequence whose 1-D projections are nets: exactly 8 each.
    expect(count(specs.map((s) => s.config.train.batch_size))).toEqual([8, 8, 8, 8]);
    expect(count(specs.map((s) => s.config.optimizer.momentum))).toEqual([8, 8, 8, 8]);
  });

  it('never draws a configuration twice: with 12 possible, 12 samples are all of them, 10 are 10 distinct', () => {
    const discrete = ['  train.batch_size: { distribution: int_uniform, min: 1, max: 4 }', '  optimizer.momentum: { distribution: categorical, values: [0, 0.5, 0.9] }'];
    const key = (s: RunSpec) => `${s.config.train.batch_size}/${s.config.optimizer.momentum as number}`;
    for (const seed of [0, 1, 2, 3, 4]) {
      const all = expand(sweepText('quasirandom', seed, 12, discrete));
      expect(new Set(all.map(key)).size).toBe(12);
      const ten = expand(sweepText('quasirandom', seed, 10, discrete));
      expect(ten).toHaveLength(10);
      expect(new Set(ten.map(key)).size).toBe(10);
      // The ten are the first ten of the twelve: the sequence is the same, it is only cut earlier.
      expect(ten.map(key)).toEqual(all.slice(0, 10).map(key));
    }
    // Random search draws the same space with repeats, which expansion collapses: fewer than asked.
    expect(expand(sweepText('random', 0, 12, discrete)).length).toBeLessThan(12);
  });

  it('is reproducible from the seed, and different for another seed', () => {
    const ids = (seed: number) => expand(sweepText('quasirandom', seed, 16, TWO_RANGES)).map((s) => s.runId);
    expect(ids(7)).toEqual(ids(7));
    const other = new Set(ids(8));
    expect(ids(7).filter((id) => other.has(id))).toEqual([]);
  });

  it('counts exactly `samples` configurations × replicates', () => {
    const sweep = sweepOf(sweepText('quasirandom', 1, 5, TWO_RANGES, ['replicates: 3']));
    expect(countRuns(sweep)).toBe(15);
    expect(expandSweep(sweep, testCatalog)).toHaveLength(15);
  });

  it('says so, positioned, when listed values resolve to fewer configurations than the samples asked for', () => {
    // sgd's default lr is 0.01: both listed optimizers resolve to one configuration.
    const text = ['method: quasirandom', 'samples: 2', 'problem: { landscape: { name: ravine } }', 'train: { steps: 10 }', 'parameters:', '  optimizer: { values: [{ name: sgd }, { name: sgd, lr: 0.01 }] }'].join('\n');
    const sweep = sweepOf(text);
    expect(() => expandSweep(sweep, testCatalog)).toThrow(SweepIssuesError);
    expect(() => expandSweep(sweep, testCatalog)).toThrow(
      'q.yaml:1:1: samples: the first 65536 points of the quasirandom sequence give only 1 distinct configuration of the 2 asked for (listed values that resolve to the same configuration count once) (got 2; expected samples: 1 or fewer, or a continuous range)',
    );
  });
});

describe('validateSweep: method quasirandom', () => {
  const DISCRETE = ['  train.batch_size: { distribution: int_uniform, min: 1, max: 4 }', '  optimizer.momentum: { values: [0, 0.5, 0.9, 0.5] }'];

  it('is accepted wherever random is', () => {
    const sweep = sweepOf(sweepText('quasirandom', 1, 4, TWO_RANGES));
    expect(sweep).toMatchObject({ method: 'quasirandom', samples: 4 });
  });

  it('needs samples, and no more of them than the distinct configurations the parameters allow (listed values counted once)', () => {
    expect(validate(['method: quasirandom', 'problem: { landscape: { name: ravine } }', 'train: { steps: 10 }'].join('\n'))).toEqual([
      'q.yaml:1:1: samples: missing: quasirandom search needs the number of configurations to draw (expected samples: an integer in [1, ∞))',
    ]);
    expect(Array.isArray(validate(sweepText('quasirandom', 1, 12, DISCRETE)))).toBe(false);
    // "samples: " is 9 characters: the value is at line 3, column 10.
    expect(validate(sweepText('quasirandom', 1, 13, DISCRETE))).toEqual([
      'q.yaml:3:10: samples: the parameters allow only 12 distinct configurations (train.batch_size: 4 × optimizer.momentum: 3), and quasirandom search draws none twice (got 13; expected samples: 12 or fewer, or a continuous range (distribution: uniform or log_uniform_values))',
    ]);
    // A continuous range makes the space unbounded.
    expect(Array.isArray(validate(sweepText('quasirandom', 1, 1000, [...DISCRETE, TWO_RANGES[0]])))).toBe(false);
  });

  it('answers a misspelt or foreign name of the method with "did you mean"', () => {
    const methodIssue = (method: string) => validate(sweepText(method, 1, 4, TWO_RANGES));
    const expected = "expected one of 'grid', 'random', 'quasirandom', 'bayes'";
    // "method: " is 8 characters.
    expect(methodIssue('quasi-random')).toEqual([`q.yaml:2:9: method: unknown choice; did you mean 'quasirandom'? (got "quasi-random"; ${expected})`]);
    expect(methodIssue('quasi')).toEqual([`q.yaml:2:9: method: unknown choice; did you mean 'quasirandom'? (got "quasi"; ${expected})`]);
    for (const name of ['sobol', 'Sobol', 'halton', 'qmc', 'low-discrepancy'])
      expect(methodIssue(name)).toEqual([`q.yaml:2:9: method: unknown choice; did you mean 'quasirandom' (scrambled Sobol points)? (got ${JSON.stringify(name)}; ${expected})`]);
  });

  it('allows at most 32 swept parameters, one dimension of the sequence each; single values take none', () => {
    // 33 swept keys under optimizer and one single value (momentum has no such hyperparameters: those
    // issues are reported too, so only the dimension issue is compared).
    const keys = Array.from({ length: 33 }, (_, i) => `  optimizer.k${i}: { values: [1, 2] }`);
    const issues = validate(sweepText('quasirandom', 1, 4, ['  schedule.name: { value: constant }', ...keys])) as string[];
    const dimension = issues.filter((line) => line.includes('Sobol'));
    // Seven lines up to parameters:, the single value on line 8, k0 … k32 on lines 9 … 41.
    expect(dimension).toEqual([
      'q.yaml:41:3: parameters.optimizer.k32: quasirandom search draws from a Sobol sequence of at most 32 dimensions, one per swept parameter; this is swept parameter 33 of 33 (expected at most 32 swept parameters, or method: random)',
    ]);
  });
});

/** The largest gap between neighbours among xs and the ends 0 and 1. */
function largestGap(xs: readonly number[]): number {
  const sorted = [0, ...[...xs].sort((a, b) => a - b), 1];
  return Math.max(...sorted.slice(1).map((x, i) => x - sorted[i]));
}

/**
 * The L2-star discrepancy of points in [0, 1)², by Warnock's formula:
 * T² = 1/9 − (1/2N) Σᵢ Πₖ (1 − xᵢₖ²) + (1/N²) Σᵢ Σⱼ Πₖ (1 − max(xᵢₖ, xⱼₖ)).
 */
function l2StarDiscrepancy(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  let single = 0;
  let pairs = 0;
  for (const [x, y] of points) {
    single += (1 - x * x) * (1 - y * y);
    for (const [u, v] of points) pairs += (1 - Math.max(x, u)) * (1 - Math.max(y, v));
  }
  return Math.sqrt(1 / 9 - single / (2 * n) + pairs / (n * n));
}

/** Coverage of lr × momentum for 20 seeds at budget n, averaged: the largest 1-D gap (mean of both keys) and the 2-D L2-star discrepancy. */
function coverage(method: 'random' | 'quasirandom', n: number): { gap: number; discrepancy: number } {
  let gap = 0;
  let discrepancy = 0;
  const seeds = 20;
  for (let seed = 0; seed < seeds; seed++) {
    const points = expand(sweepText(method, seed, n, TWO_RANGES)).map(unit);
    gap += (largestGap(points.map((p) => p[0])) + largestGap(points.map((p) => p[1]))) / 2 / seeds;
    discrepancy += l2StarDiscrepancy(points) / seeds;
  }
  return { gap, discrepancy };
}

describe('quasirandom against random: coverage of lr × momentum, 20 seeds', () => {
  it.each([16, 32, 64])('at %i runs leaves smaller gaps and a lower discrepancy', (n) => {
    const random = coverage('random', n);
    const quasirandom = coverage('quasirandom', n);
    // A net leaves no gap over 2/n in any coordinate; random search leaves about (ln n + 0.58)/n.
    expect(quasirandom.gap).toBeLessThan(2 / n);
    expect(quasirandom.gap).toBeLessThan(0.7 * random.gap);
    expect(quasirandom.discrepancy).toBeLessThan(0.7 * random.discrepancy);
  });
});
