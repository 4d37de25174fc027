import { describe, expect, it } from 'vitest';
import { benchmarkSummary, type WorkloadOutcome } from './benchmarkSummary.js';

const outcome = (workload: string, ratio: number | null, verdict: WorkloadOutcome['verdict'], bestBuiltIn = 'momentum'): WorkloadOutcome => ({
  workload,
  ratio,
  verdict,
  bestBuiltIn,
});

describe('benchmarkSummary', () => {
  it('counts targets reached, ratios within 1.5× and fastest, then groups the verdicts in a fixed order', () => {
    const outcomes = [
      outcome('ravine', 2.5, 'worse'),
      outcome('rosenbrock', 1.5, 'undecided', 'adam'), // 1.5 counts as within 1.5×
      outcome('saddle', 1, 'better', 'adam'),
      outcome('well', Infinity, 'worse'),
      outcome('moons', 1.2, 'equivalent', 'adam'),
      outcome('digits', 1.51, 'undecided', 'sgd'),
    ];
    expect(benchmarkSummary('signum', outcomes)).toBe(
      'signum reaches 5 of 6 targets (missing well); within 1.5× of the best on 3 (the fastest on 1); ' +
        'better than adam on saddle; worse than momentum on ravine and well; equivalent to adam on moons; ' +
        'undecided against the best built-in on rosenbrock (adam) and digits (sgd).',
    );
  });

  it('takes another threshold for "within"', () => {
    const outcomes = [outcome('a', 1.9, null), outcome('b', 2.1, null)];
    expect(benchmarkSummary('lion', outcomes, { within: 2 })).toBe('lion reaches 2 of 2 targets; within 2× of the best on 1.');
  });

  it('says so when the candidate reaches nothing', () => {
    const outcomes = [outcome('a', Infinity, 'worse'), outcome('b', Infinity, 'worse', 'adam'), outcome('c', Infinity, 'worse', 'sgd')];
    expect(benchmarkSummary('flipped', outcomes)).toBe(
      'flipped reaches none of the 3 targets; worse than the best built-in on a (momentum), b (adam) and c (sgd).',
    );
  });

  it('names the workloads no optimizer reached, counted among the targets missed', () => {
    const outcomes = [outcome('a', 1, 'equivalent'), outcome('broken', null, null)];
    expect(benchmarkSummary('adamw', outcomes)).toBe(
      'adamw reaches 1 of 2 targets (missing broken); within 1.5× of the best on 1 (the fastest on 1); equivalent to momentum on a. ' +
        'No optimizer reached the target of broken.',
    );
  });

  it('handles no workloads and rejects a threshold below 1', () => {
    expect(benchmarkSummary('x', [])).toBe('x was benchmarked on no workloads.');
    expect(() => benchmarkSummary('x', [outcome('a', 1, null)], { within: 0.5 })).toThrow(/N ≥ 1/);
  });
});
