import { describe, expect, it } from 'vitest';
import { groupConfigurations } from './configurations.js';
import { rankConfigurations } from './ranking.js';
import { makeReportRun } from './testing/fixtures.js';
import { decideWinner, rangesOverlap } from './winner.js';

/** Configurations lr=0.1 and lr=0.2 with the given final metrics per replicate. */
function ranked(first: number[], second: number[], goal: 'minimize' | 'maximize' = 'minimize') {
  const runs = [
    ...first.map((finalMetric, replicate) => makeReportRun({ lr: 0.1, replicate, finalMetric })),
    ...second.map((finalMetric, replicate) => makeReportRun({ lr: 0.2, replicate, finalMetric })),
  ];
  return rankConfigurations(groupConfigurations(runs, ['optimizer.lr']), goal);
}

describe('rangesOverlap', () => {
  it('treats touching ranges as overlapping', () => {
    expect(rangesOverlap({ min: 0, max: 1 }, { min: 1, max: 2 })).toBe(true);
    expect(rangesOverlap({ min: 0, max: 1 }, { min: 1.01, max: 2 })).toBe(false);
    expect(rangesOverlap({ min: 3, max: 4 }, { min: 0, max: 2 })).toBe(false);
  });
});

describe('decideWinner', () => {
  it('calls a lead within seed noise when the replicate ranges overlap', () => {
    // lr 0.1: mean 0.12, range [0.10, 0.14]; lr 0.2: mean 0.15, range [0.13, 0.17]; 0.14 ≥ 0.13 → overlap.
    const verdict = decideWinner(ranked([0.1, 0.12, 0.14], [0.13, 0.15, 0.17]));
    expect(verdict.kind).toBe('within-noise');
    if (verdict.kind !== 'within-noise') return;
    expect(verdict.best.configuration.label).toBe('lr=0.1');
    expect(verdict.lead).toBeCloseTo(0.03, 12);
  });

  it('names a winner when the ranges are apart, with the gap between them', () => {
    // lr 0.2 range [0.05, 0.07] is below lr 0.1 range [0.10, 0.12]: gap = 0.10 − 0.07 = 0.03, lead = 0.11 − 0.06 = 0.05.
    const verdict = decideWinner(ranked([0.1, 0.11, 0.12], [0.05, 0.06, 0.07]));
    expect(verdict.kind).toBe('winner');
    if (verdict.kind !== 'winner') return;
    expect(verdict.best.configuration.label).toBe('lr=0.2');
    expect(verdict.gap).toBeCloseTo(0.03, 12);
    expect(verdict.lead).toBeCloseTo(0.05, 12);
  });

  it('follows the goal: higher wins when maximizing', () => {
    const verdict = decideWinner(ranked([0.9, 0.91, 0.92], [0.5, 0.51, 0.52], 'maximize'));
    expect(verdict.kind === 'winner' && verdict.best.configuration.label).toBe('lr=0.1');
  });

  it('does not call a win from one replicate each', () => {
    expect(decideWinner(ranked([0.1], [0.5])).kind).toBe('single-replicate');
  });

  it('excludes configurations where a replicate diverged, however good the others were', () => {
    const runs = [
      makeReportRun({ lr: 0.1, replicate: 0, finalMetric: 0.01 }),
      makeReportRun({ lr: 0.1, replicate: 1, status: 'diverged' }),
      makeReportRun({ lr: 0.2, replicate: 0, finalMetric: 0.2 }),
      makeReportRun({ lr: 0.2, replicate: 1, finalMetric: 0.21 }),
    ];
    const verdict = decideWinner(rankConfigurations(groupConfigurations(runs, ['optimizer.lr']), 'minimize'));
    expect(verdict.kind).toBe('only-one');
    expect(verdict.excluded).toBe(1);
    if (verdict.kind === 'only-one') expect(verdict.best.configuration.label).toBe('lr=0.2');
  });

  it('calls the lead exact when the runs have no randomness, even with one replicate each', () => {
    // lr 0.1: 0.3; lr 0.2: 0.5 (one replicate each): without randomness the lead 0.2 is exact, not a sample.
    const verdict = decideWinner(ranked([0.3], [0.5]), { deterministic: true });
    expect(verdict.kind).toBe('exact');
    if (verdict.kind !== 'exact') return;
    expect(verdict.best.configuration.label).toBe('lr=0.1');
    expect(verdict.lead).toBeCloseTo(0.2, 12);
    // The same ranking from random runs cannot measure seed noise.
    expect(decideWinner(ranked([0.3], [0.5])).kind).toBe('single-replicate');
  });
});
