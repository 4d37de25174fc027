import { describe, expect, it } from 'vitest';
import { scoreBench } from './scoreBench.js';
import type { BenchResult } from './types.js';

/** A result with only what scoring reads: time to target (examples), replicates reached, final metrics. */
const result = (optimizer: string, workload: string, examplesToTarget: number | null, finalMetrics: (number | null)[]): BenchResult => ({
  optimizer,
  workload,
  tuned: {},
  fixed: {},
  trials: 8,
  replicates: finalMetrics.length,
  scored: finalMetrics.length,
  reached: examplesToTarget === null ? 0 : finalMetrics.length,
  stepsToTarget: examplesToTarget,
  examplesToTarget,
  finalMetrics,
  diverged: finalMetrics.filter((m) => m === null).length,
  failed: 0,
});

describe('scoreBench', () => {
  it('δ is at least a hundredth of the target: two optimizers settled in the same minimum are equivalent', () => {
    const settled = (optimizer: string, value: number) => result(optimizer, 'well', 10, [value, value, value]);
    const scores = scoreBench({
      workloads: [{ id: 'well', goal: 'minimize', target: 0.368, deterministic: true }],
      // The values of the bench's double well: every optimizer in the shallow minimum 0.29415, signum 1.3e-4 above it;
      // equal times to target, so the best built-in is the lower final metric (sgd).
      results: [settled('sgd', 0.2941464810282628), settled('adam', 0.29424690166003337), settled('signum', 0.2942811481429794)],
      candidates: ['signum'],
      builtIns: ['sgd', 'adam'],
      family: 'test',
    });
    expect(scores.verdicts[0]).toMatchObject({ against: 'sgd', verdict: 'equivalent' });
  });

  it('exact workloads: the final metrics decide against the margin δ; the best built-in is the fastest to the target', () => {
    const results = [
      // exact (deterministic): sgd reaches in 100, adam in 50: adam is the best built-in; the candidate's 0.0100 vs adam's 0.0101 is
      // inside δ = max(0.1·IQR of {0.02, 0.0101, 0.0100}, 0.01·target) ≈ max(0.0005, 0.00015) → equivalent.
      result('sgd', 'exact', 100, [0.02, 0.02, 0.02]),
      result('adam', 'exact', 50, [0.0101, 0.0101, 0.0101]),
      result('cand', 'exact', 200, [0.01, 0.01, 0.01]),
      // far: only sgd reaches, in every replicate, and the candidate in none: worse, whatever the final metrics.
      result('sgd', 'far', 400, [1, 1, 1]),
      result('adam', 'far', null, [2, 2, 2]),
      result('cand', 'far', null, [0.1, 0.1, 0.1]),
      // none: nobody reaches; the best built-in is the best final metric (sgd, 1); the candidate's 0.1 is lower by far more than δ → better.
      result('sgd', 'none', null, [1, 1, 1]),
      result('adam', 'none', null, [2, 2, 2]),
      result('cand', 'none', null, [0.1, 0.1, 0.1]),
    ];
    const scores = scoreBench({
      workloads: [
        { id: 'exact', goal: 'minimize', target: 0.015, deterministic: true },
        { id: 'far', goal: 'minimize', target: 1.5, deterministic: true },
        { id: 'none', goal: 'minimize', target: 0.05, deterministic: true },
      ],
      results,
      candidates: ['cand'],
      builtIns: ['sgd', 'adam'],
      family: 'test',
    });
    expect(scores.verdicts).toEqual([
      { optimizer: 'cand', workload: 'exact', against: 'adam', verdict: 'equivalent', ratio: 4 },
      { optimizer: 'cand', workload: 'far', against: 'sgd', verdict: 'worse', ratio: null },
      { optimizer: 'cand', workload: 'none', against: 'sgd', verdict: 'better', ratio: null },
    ]);
    // 'none' is left out of the profile (nobody reached it). r(sgd) = [2, 1], r(adam) = [1, ∞], r(cand) = [4, ∞]:
    // B = Σ max(0, 4 − r) / (3·2).
    expect(scores.profile.map((p) => [p.optimizer, p.score])).toEqual([
      ['sgd', (2 + 3) / 6],
      ['adam', 3 / 6],
      ['cand', 0],
    ]);
    expect(scores.answers.cand).toBe(
      'cand reaches 1 of 3 targets (missing far and none); within 1.5× of the best on 0; better than sgd on none; worse than sgd on far; equivalent to adam on exact. No optimizer reached the target of none.',
    );
  });
});
