import { describe, expect, it } from 'vitest';
import { groupConfigurations } from './configurations.js';
import { isPaired } from './pairing.js';
import { rankConfigurations } from './ranking.js';
import { makeReportRun } from './testing/fixtures.js';
import type { ReportRun } from './types.js';
import { comparisonSeed, decideWinner, type DecidedVerdict, type WinnerVerdict } from './winner.js';

type Goal = 'minimize' | 'maximize';

/** One configuration per entry, lr = 0.1, 0.2, 0.3, …, with the given final metric per replicate. */
function runsOf(...configurations: number[][]): ReportRun[] {
  return configurations.flatMap((values, i) =>
    values.map((finalMetric, replicate) => makeReportRun({ lr: Number((0.1 * (i + 1)).toFixed(1)), replicate, finalMetric })),
  );
}

function judge(runs: ReportRun[], goal: Goal = 'minimize', options: { paired?: boolean; deterministic?: boolean; delta?: number | null } = {}): WinnerVerdict {
  const ranked = rankConfigurations(groupConfigurations(runs, ['optimizer.lr']), goal);
  return decideWinner(ranked, { goal, seedName: 'fixture', ...options });
}

function decided(verdict: WinnerVerdict): DecidedVerdict {
  if (verdict.kind !== 'won' && verdict.kind !== 'equivalent' && verdict.kind !== 'undecided') {
    throw new Error(`expected a statistical verdict, got '${verdict.kind}'`);
  }
  return verdict;
}

/** 8 replicates around `center`, spread ±3 %: the same deterministic pattern for every configuration. */
function eight(center: number): number[] {
  return [-3, 1, -1, 2, 0, -2, 3, 0.5].map((k) => center * (1 + 0.01 * k));
}

describe('decideWinner', () => {
  it('calls a clearly better leader better than each other configuration: a win, with the effect and its interval', () => {
    // lr 0.2 (mean 0.06) against lr 0.1 (0.11) and lr 0.3 (0.2), 8 replicates each, never overlapping.
    const verdict = decided(judge(runsOf(eight(0.11), eight(0.06), eight(0.2))));
    expect(verdict.kind).toBe('won');
    expect(verdict.best.configuration.label).toBe('lr=0.2');
    expect(verdict.comparisons.map(({ other }) => other.configuration.label)).toEqual(['lr=0.1', 'lr=0.3']);
    expect(verdict.comparisons.map(({ decision }) => decision.verdict)).toEqual(['better', 'better']);
    const { comparison, adjustedPValue } = verdict.comparisons[0].decision;
    // Minimizing: the effect is mean(lr 0.1) − mean(lr 0.2) = 0.11·(1 + 0.01·0.0625) − 0.06·(1 + 0.01·0.0625), positive.
    expect(comparison.effect).toBeCloseTo(0.05 * 1.000625, 12);
    expect(comparison.interval.low).toBeGreaterThan(0);
    expect(comparison.interval.low).toBeLessThan(comparison.effect);
    expect(comparison.interval.high).toBeGreaterThan(comparison.effect);
    expect(adjustedPValue).toBeLessThanOrEqual(0.05);
    expect(verdict.paired).toBe(false);
  });

  it('leaves a tiny difference among noisy replicates undecided, with the replicates that would decide it', () => {
    // Means 0.496 and 0.51, replicates spread over ±0.12: the interval of the difference straddles 0.
    const verdict = decided(judge(runsOf([0.42, 0.61, 0.5, 0.38, 0.57], [0.45, 0.62, 0.49, 0.41, 0.58])));
    expect(verdict.kind).toBe('undecided');
    const [{ decision }] = verdict.comparisons;
    expect(decision.verdict).toBe('undecided');
    expect(decision.comparison.interval.low).toBeLessThan(0);
    expect(decision.replicatesNeeded!.replicates).toBeGreaterThan(5);
    expect(decision.replicatesNeeded!.towards).toBe('direction');
  });

  it('never decides a lead from 3 independent replicates: overlapping or not, a rank test cannot reach 0.05', () => {
    // Overlapping ranges [0.10, 0.14] and [0.13, 0.17]; and ranges far apart, [0.10, 0.12] and [0.30, 0.32].
    // Mann–Whitney with 3 + 3 values: the smallest two-sided p is 2/C(6, 3) = 0.1.
    for (const [first, second] of [
      [[0.1, 0.12, 0.14], [0.13, 0.15, 0.17]],
      [[0.1, 0.11, 0.12], [0.3, 0.31, 0.32]],
    ]) {
      const verdict = decided(judge(runsOf(first, second)));
      expect(verdict.kind).toBe('undecided');
      expect(verdict.best.configuration.label).toBe('lr=0.1');
      expect(verdict.comparisons[0].decision.comparison.pValue).toBeGreaterThanOrEqual(0.1 - 1e-12);
    }
  });

  it('calls configurations equivalent when their difference lies within ±δ', () => {
    // lr 0.1 and lr 0.2 are the same 8 values; lr 0.3 is far off, so the sweep's spread (and δ) is large.
    // All 24 values: the IQR runs from about 0.1 to about 0.5, so δ ≈ 0.05·0.4 = 0.02 ≫ the ±0.003 of the difference.
    const verdict = decided(judge(runsOf(eight(0.1), eight(0.1), eight(0.5))));
    expect(verdict.kind).toBe('equivalent');
    expect(verdict.margin.delta).toBeGreaterThan(0.015);
    expect(verdict.margin).toMatchObject({ source: 'default', spread: 'interquartile range', runs: 24 });
    const [twin, far] = verdict.comparisons;
    expect(twin.other.configuration.label).toBe('lr=0.2');
    expect(twin.decision.verdict).toBe('equivalent');
    expect(twin.decision.comparison.effect).toBe(0);
    expect(twin.decision.comparison.interval.low).toBeGreaterThanOrEqual(-verdict.margin.delta);
    expect(twin.decision.comparison.interval.high).toBeLessThanOrEqual(verdict.margin.delta);
    expect(far.decision.verdict).toBe('better');
  });

  it('takes the δ the sweep declares instead of the default rule: a difference the default leaves open becomes equivalent', () => {
    // Two configurations 2 % apart with ±3 % noise: the sweep's spread is tiny, so the default δ (5 % of
    // its IQR, about 0.0002) is far inside the interval of the difference, and no rank test separates them.
    const runs = runsOf(eight(0.1), eight(0.102));
    const byDefault = decided(judge(runs));
    expect(byDefault.margin.source).toBe('default');
    expect(byDefault.margin.delta).toBeLessThan(0.001);
    expect(byDefault.comparisons[0].decision.verdict).toBe('undecided');
    // Declared: a difference below 0.01 in this metric does not matter, and the whole interval lies within ±0.01.
    const declared = decided(judge(runs, 'minimize', { delta: 0.01 }));
    expect(declared.margin).toEqual({ source: 'declared', delta: 0.01 });
    expect(declared.kind).toBe('equivalent');
    const [{ decision }] = declared.comparisons;
    expect(decision.verdict).toBe('equivalent');
    expect(decision.comparison.interval.low).toBeGreaterThanOrEqual(-0.01);
    expect(decision.comparison.interval.high).toBeLessThanOrEqual(0.01);
    // The same interval both times: δ changes the verdict, never the comparison.
    expect(decision.comparison.interval).toEqual(byDefault.comparisons[0].decision.comparison.interval);
    // null, as a sweep without delta: stores it, is the default rule.
    expect(decided(judge(runs, 'minimize', { delta: null })).margin).toEqual(byDefault.margin);
  });

  it('follows the goal: swapping minimize and maximize flips the leader', () => {
    const runs = runsOf(eight(0.9), eight(0.5));
    const minimizing = decided(judge(runs, 'minimize'));
    const maximizing = decided(judge(runs, 'maximize'));
    expect(minimizing.best.configuration.label).toBe('lr=0.2');
    expect(maximizing.best.configuration.label).toBe('lr=0.1');
    for (const verdict of [minimizing, maximizing]) {
      expect(verdict.kind).toBe('won');
      // Oriented by the goal: positive means the leader is better either way.
      expect(verdict.comparisons[0].decision.comparison.effect).toBeCloseTo(0.4 * 1.000625, 12);
    }
  });

  it('applies Holm across the comparisons with the leader: a p-value that passes alone does not pass among two', () => {
    // 4 + 4 replicates that never overlap: Mann–Whitney's exact p = 2/C(8, 4) = 2/70 ≈ 0.029 ≤ 0.05.
    const leader = [0.1, 0.11, 0.12, 0.13];
    const alone = decided(judge(runsOf(leader, [0.3, 0.31, 0.32, 0.33])));
    expect(alone.kind).toBe('won');
    expect(alone.comparisons[0].decision.adjustedPValue).toBeCloseTo(2 / 70, 12);
    // Against two such configurations Holm doubles the smaller p: 2·(2/70) ≈ 0.057 > 0.05, so neither is decided.
    const amongTwo = decided(judge(runsOf(leader, [0.3, 0.31, 0.32, 0.33], [0.5, 0.51, 0.52, 0.53])));
    expect(amongTwo.kind).toBe('undecided');
    for (const { decision } of amongTwo.comparisons) {
      expect(decision.comparison.pValue).toBeCloseTo(2 / 70, 12);
      expect(decision.adjustedPValue).toBeCloseTo(4 / 70, 12);
      expect(decision.comparison.interval.low).toBeGreaterThan(0);
      expect(decision.verdict).toBe('undecided');
    }
  });

  it('seeds each bootstrap from the sweep and the two configurations, so a verdict repeats bit for bit', () => {
    const runs = runsOf([0.42, 0.61, 0.5, 0.38, 0.57], [0.45, 0.62, 0.49, 0.41, 0.58], [0.44, 0.6, 0.52, 0.4, 0.59]);
    const first = decided(judge(runs));
    const again = decided(judge(runs));
    expect(again.comparisons.map(({ decision }) => decision.comparison.interval)).toEqual(
      first.comparisons.map(({ decision }) => decision.comparison.interval),
    );
    const seeds = first.comparisons.map(({ decision }) => decision.comparison.bootstrap.seed);
    expect(seeds).toEqual(
      first.comparisons.map(({ other }) => comparisonSeed('fixture', first.best.configuration.key, other.configuration.key)),
    );
    expect(new Set(seeds).size).toBe(2);
  });

  it('pairs replicates by their index when the runs are paired', () => {
    // Replicate k of lr 0.2 is replicate k of lr 0.1 plus 0.05 + 0.001·k (δ = 0.05·IQR ≈ 0.015 is smaller; no
    // two differences tie, so the test is exact): independent
    // samples overlap, the 6 differences all point one way (the Wilcoxon p is 2/2⁶ ≈ 0.031). The runs are
    // listed out of replicate order.
    const base = [0.5, 0.3, 0.7, 0.4, 0.6, 0.2];
    const runs = base
      .flatMap((value, replicate) => [
        makeReportRun({ lr: 0.2, replicate, finalMetric: value + 0.05 + 0.001 * replicate }),
        makeReportRun({ lr: 0.1, replicate, finalMetric: value }),
      ])
      .reverse();
    const paired = decided(judge(runs, 'minimize', { paired: true }));
    expect(paired.kind).toBe('won');
    expect(paired.comparisons[0].decision.comparison.test).toBe('wilcoxon');
    expect(paired.comparisons[0].decision.comparison.pValue).toBeCloseTo(2 / 64, 12);
    expect(decided(judge(runs, 'minimize', { paired: false })).kind).toBe('undecided');
  });

  it('does not call a lead from one replicate each', () => {
    expect(judge(runsOf([0.1], [0.5])).kind).toBe('single-replicate');
  });

  it('excludes configurations where a replicate diverged, however good the others were', () => {
    const runs = [
      makeReportRun({ lr: 0.1, replicate: 0, finalMetric: 0.01 }),
      makeReportRun({ lr: 0.1, replicate: 1, status: 'diverged' }),
      makeReportRun({ lr: 0.2, replicate: 0, finalMetric: 0.2 }),
      makeReportRun({ lr: 0.2, replicate: 1, finalMetric: 0.21 }),
    ];
    const verdict = judge(runs);
    expect(verdict.kind).toBe('only-one');
    expect(verdict.excluded).toBe(1);
    if (verdict.kind === 'only-one') expect(verdict.best.configuration.label).toBe('lr=0.2');
  });

  it('calls the lead exact when the runs have no randomness, even with one replicate each', () => {
    // lr 0.1: 0.3; lr 0.2: 0.5 (one replicate each): without randomness the lead 0.2 is exact, not a sample.
    const verdict = judge(runsOf([0.3], [0.5]), 'minimize', { deterministic: true });
    expect(verdict.kind).toBe('exact');
    if (verdict.kind !== 'exact') return;
    expect(verdict.best.configuration.label).toBe('lr=0.1');
    expect(verdict.lead).toBeCloseTo(0.2, 12);
    // The same ranking from random runs cannot measure seed noise.
    expect(judge(runsOf([0.3], [0.5])).kind).toBe('single-replicate');
  });
});

describe('isPaired', () => {
  it('is true when every run was seeded with pairing: paired, false when any was independent or there are none', () => {
    const records = runsOf(eight(0.1), eight(0.2)).map((run) => run.record);
    expect(records.every((record) => record.config.pairing === 'paired')).toBe(true);
    expect(isPaired(records)).toBe(true);
    const oneIndependent = records.map((record, i) => (i === 3 ? { ...record, config: { ...record.config, pairing: 'independent' as const } } : record));
    expect(isPaired(oneIndependent)).toBe(false);
    expect(isPaired([])).toBe(false);
  });
});
