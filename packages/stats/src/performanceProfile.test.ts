import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALGOPERF_MAX_TAU, ALGOPERF_TAU_POINTS, performanceProfile, tauGrid, type OptimizerTimes } from './performanceProfile.js';

const byName = (profile: ReturnType<typeof performanceProfile>, name: string) => {
  const found = profile.optimizers.find((o) => o.optimizer === name);
  if (!found) throw new Error(`no ${name} in the profile`);
  return found;
};

// Steps to target, 3 optimizers × 4 workloads (null = never reached):
//              ravine  rosenbrock  saddle  well
//   adam         100        300      50     400
//   momentum     150        200      50     100
//   sgd          300        900     125    null
//   best         100        200      50     100      (saddle: adam and momentum tie)
// Ratios r = t / best:
//   adam         1          1.5      1       4
//   momentum     1.5        1        1       1
//   sgd          3          4.5      2.5     ∞
// ρ(τ) = |{w : r ≤ τ}| / 4:
//              τ = 1   1.5    2     4
//   adam         2/4   3/4   3/4   4/4   (r = 4 counts at τ = 4: r ≤ τ)
//   momentum     3/4   4/4   4/4   4/4
//   sgd          0     0     0     2/4
// Score B = Σ_w max(0, 4 − r) / ((4 − 1)·4):
//   adam      (3 + 2.5 + 3 + 0) / 12 = 8.5/12
//   momentum  (2.5 + 3 + 3 + 3) / 12 = 11.5/12
//   sgd       (1 + 0 + 1.5 + 0) / 12 = 2.5/12
const table: OptimizerTimes[] = [
  { optimizer: 'adam', times: { ravine: 100, rosenbrock: 300, saddle: 50, well: 400 } },
  { optimizer: 'momentum', times: { ravine: 150, rosenbrock: 200, saddle: 50, well: 100 } },
  { optimizer: 'sgd', times: { ravine: 300, rosenbrock: 900, saddle: 125, well: null } },
];

describe('performanceProfile', () => {
  it('gives the hand-derived ratios, profile and scores of a 3 × 4 table, best score first', () => {
    // 7 points put τ on 1, 1.5, 2, 2.5, 3, 3.5, 4 (multiples of ½: exact in binary).
    const profile = performanceProfile(table, { points: 7 });
    expect(profile.workloads).toEqual(['ravine', 'rosenbrock', 'saddle', 'well']);
    expect(profile.taus).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4]);
    expect(profile.optimizers.map((o) => o.optimizer)).toEqual(['momentum', 'adam', 'sgd']);

    expect(byName(profile, 'adam').ratios).toEqual({ ravine: 1, rosenbrock: 1.5, saddle: 1, well: 4 });
    expect(byName(profile, 'momentum').ratios).toEqual({ ravine: 1.5, rosenbrock: 1, saddle: 1, well: 1 });
    expect(byName(profile, 'sgd').ratios).toEqual({ ravine: 3, rosenbrock: 4.5, saddle: 2.5, well: Infinity });

    const at = (name: string) => [0, 1, 2, 6].map((i) => byName(profile, name).profile[i]);
    expect(at('adam')).toEqual([2 / 4, 3 / 4, 3 / 4, 1]);
    expect(at('momentum')).toEqual([3 / 4, 1, 1, 1]);
    expect(at('sgd')).toEqual([0, 0, 0, 2 / 4]);
    // Between the hand-checked points: sgd's r = 2.5 and 3 enter at τ = 2.5 and 3.
    expect(byName(profile, 'sgd').profile).toEqual([0, 0, 0, 1 / 4, 2 / 4, 2 / 4, 2 / 4]);

    expect(byName(profile, 'adam').score).toBeCloseTo(8.5 / 12, 15);
    expect(byName(profile, 'momentum').score).toBeCloseTo(11.5 / 12, 15);
    expect(byName(profile, 'sgd').score).toBeCloseTo(2.5 / 12, 15);
    expect(profile.optimizers.map((o) => o.workloadsReached)).toEqual([4, 4, 3]);
    expect(profile.unreachedByAll).toEqual([]);
  });

  it('defaults to AlgoPerf: τ from 1 to 4 at 100 linearly spaced points, and the score does not depend on the grid', () => {
    const profile = performanceProfile(table);
    expect(profile.maxTau).toBe(ALGOPERF_MAX_TAU);
    expect(profile.taus).toHaveLength(ALGOPERF_TAU_POINTS);
    expect([profile.taus[0], profile.taus[33], profile.taus[99]]).toEqual([1, 2, 4]);
    expect(byName(profile, 'adam').score).toBe(byName(performanceProfile(table, { points: 7 }), 'adam').score);
  });

  it('gives r = 1 to every optimizer tied fastest, and equal scores share a deterministic order by name', () => {
    const tied: OptimizerTimes[] = [
      { optimizer: 'zeta', times: { a: 0.1 + 0.2, b: 7 } },
      { optimizer: 'alpha', times: { a: 0.1 + 0.2, b: 7 } },
    ];
    const profile = performanceProfile(tied);
    expect(profile.optimizers.map((o) => [o.optimizer, o.ratios, o.score])).toEqual([
      ['alpha', { a: 1, b: 1 }, 1],
      ['zeta', { a: 1, b: 1 }, 1],
    ]);
    // The input's order does not change the output.
    expect(performanceProfile([...tied].reverse())).toEqual(profile);
  });

  it('ranks an optimizer that never reaches anything last with ρ ≡ 0, without failing', () => {
    const never: OptimizerTimes = { optimizer: 'aaa-never', times: { ravine: null, rosenbrock: Infinity, saddle: null, well: null } };
    const profile = performanceProfile([never, ...table]);
    const last = profile.optimizers.at(-1)!;
    expect(last.optimizer).toBe('aaa-never');
    expect(last.score).toBe(0);
    expect(last.workloadsReached).toBe(0);
    expect(new Set(last.profile)).toEqual(new Set([0]));
    expect(Object.values(last.ratios)).toEqual([Infinity, Infinity, Infinity, Infinity]);
    // The others are untouched by it: their best times did not change.
    expect(byName(profile, 'adam').score).toBe(byName(performanceProfile(table), 'adam').score);
  });

  it('leaves out and names a workload no optimizer reached, and scores the rest as if it were absent', () => {
    const withBroken = table.map((o) => ({ ...o, times: { ...o.times, broken: null } }));
    const profile = performanceProfile(withBroken);
    expect(profile.unreachedByAll).toEqual(['broken']);
    expect(profile.workloads).toEqual(['ravine', 'rosenbrock', 'saddle', 'well']);
    expect(profile).toEqual({ ...performanceProfile(table), unreachedByAll: ['broken'] });
    expect(byName(profile, 'momentum').ratios).not.toHaveProperty('broken');
  });

  it('scores nothing when nobody reached anything', () => {
    const profile = performanceProfile([{ optimizer: 'x', times: { a: null } }]);
    expect(profile.workloads).toEqual([]);
    expect(profile.unreachedByAll).toEqual(['a']);
    expect(profile.optimizers[0].score).toBe(0);
  });

  it('keeps the workload order given, and ratios above τ_max as they are', () => {
    const profile = performanceProfile(table, { workloads: ['well', 'saddle', 'rosenbrock', 'ravine'] });
    expect(profile.workloads).toEqual(['well', 'saddle', 'rosenbrock', 'ravine']);
    expect(byName(profile, 'sgd').ratios.rosenbrock).toBe(4.5);
  });

  it('rejects a missing time, a non-positive time and duplicate names, naming them', () => {
    expect(() => performanceProfile([...table, { optimizer: 'lion', times: { ravine: 1 } }])).toThrow(/lion has no time to target for workload rosenbrock/);
    expect(() => performanceProfile([{ optimizer: 'lion', times: { ravine: 0 } }])).toThrow(/lion's time to target on ravine must be a positive number/);
    expect(() => performanceProfile([{ optimizer: 'lion', times: { ravine: NaN } }])).toThrow(/positive number/);
    expect(() => performanceProfile([table[0], table[0]])).toThrow(/optimizer adam appears twice/);
    expect(() => performanceProfile(table, { workloads: ['ravine', 'ravine'] })).toThrow(/workload ravine appears twice/);
    expect(() => performanceProfile(table, { maxTau: 1 })).toThrow(/τ_max/);
  });
});

describe('tauGrid', () => {
  it('is numpy.linspace(1, τ_max, points), the last point exactly τ_max', () => {
    expect(tauGrid(4, 4)).toEqual([1, 2, 3, 4]);
    expect(tauGrid(2, 3)).toEqual([1, 1.5, 2]);
  });
});

// AlgoPerf's own steps (numpy transcription of scoring/performance_profile.py and score_submissions.py, commit
// 2c90454f) applied to a 5 × 7 table by reference/algoperf_profile.py. Their n counts the workload nobody reached
// (7), ours leaves it out (6); their score is np.trapz over the 100 plotted τ, ours the exact integral.
describe('performanceProfile against AlgoPerf', () => {
  const reference = JSON.parse(readFileSync(new URL('../reference/algoperf-profile.json', import.meta.url), 'utf8')) as {
    submissions: string[];
    workloads: string[];
    times: (number | null)[][];
    taus: number[];
    numBaseWorkloads: number;
    profiles: number[][];
    scores: number[];
  };
  const entries = reference.submissions.map((optimizer, s) => ({
    optimizer,
    times: Object.fromEntries(reference.workloads.map((w, i) => [w, reference.times[s][i]])),
  }));
  const profile = performanceProfile(entries);
  const nAll = reference.numBaseWorkloads;
  const n = profile.workloads.length;

  it('plots ρ on the same τ with the same counts', () => {
    expect(profile.unreachedByAll).toEqual(['nobody']);
    expect(profile.taus).toEqual(reference.taus);
    reference.submissions.forEach((name, s) => {
      const ours = byName(profile, name).profile.map((rho) => Math.round(rho * n));
      const theirs = reference.profiles[s].map((rho) => Math.round(rho * nAll));
      expect(ours, name).toEqual(theirs);
    });
  });

  it('ranks the same, with scores n/n_all times theirs up to their trapezoid rule (≤ 1/(2·99))', () => {
    const theirOrder = [...reference.submissions].sort((a, b) => reference.scores[reference.submissions.indexOf(b)] - reference.scores[reference.submissions.indexOf(a)]);
    expect(profile.optimizers.map((o) => o.optimizer)).toEqual(theirOrder);
    reference.submissions.forEach((name, s) => {
      const ours = byName(profile, name);
      expect(Math.abs((ours.score * n) / nAll - reference.scores[s]), name).toBeLessThanOrEqual(1 / 198);
      // The trapezoid rule on our profile is their number exactly (to rounding).
      const trapezoid = ours.profile.slice(1).reduce((area, rho, i) => area + ((rho + ours.profile[i]) / 2) * (profile.taus[i + 1] - profile.taus[i]), 0) / 3;
      expect((trapezoid * n) / nAll, name).toBeCloseTo(reference.scores[s], 12);
    });
  });
});
