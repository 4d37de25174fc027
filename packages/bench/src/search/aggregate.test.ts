import { describe, expect, it } from 'vitest';
import { bestSoFar, examplesSoFar, examplesToReach, spreadOf } from './aggregate.js';
import { summarizeObjective, type SeedTrials } from './summarizeSearch.js';
import { TINY_OBJECTIVE } from './_tinyObjective.js';
import type { SearchMethod } from './methods.js';
import type { Trial } from './trials.js';

const t = (value: number, examples: number, pruned = false): Trial => ({ value, examples, pruned });

describe('search aggregation', () => {
  it('takes the median, quartiles and extremes of the finite values, as numpy.percentile does', () => {
    // sorted 1 2 3 4: median at index 1.5 → 2.5; q25 at index 0.75 → 1 + 0.75 = 1.75; q75 at 2.25 → 3 + 0.25 = 3.25
    expect(spreadOf([4, NaN, 1, 3, 2])).toEqual({ median: 2.5, q25: 1.75, q75: 3.25, min: 1, max: 4, finite: 4, of: 5 });
    expect(spreadOf([NaN]).median).toBeNaN();
  });

  it('follows the best so far and the examples so far; pruned, diverged and failed trials add examples but no value', () => {
    const trials = [t(NaN, 10), t(0.5, 100), t(0.2, 40, true), t(0.7, 100), t(0.3, 100)];
    expect(bestSoFar(trials, 'minimize')).toEqual([NaN, 0.5, 0.5, 0.5, 0.3]);
    expect(bestSoFar(trials, 'maximize')).toEqual([NaN, 0.5, 0.5, 0.7, 0.7]);
    expect(examplesSoFar(trials)).toEqual([10, 110, 150, 250, 350]);
    // 0.3 ≤ 0.4 first at the fifth trial: 10 + 100 + 40 + 100 + 100
    expect(examplesToReach(trials, 0.4, 'minimize')).toBe(350);
    expect(examplesToReach(trials, 0.5, 'minimize')).toBe(110);
    // the pruned 0.2 never counts
    expect(examplesToReach(trials, 0.25, 'minimize')).toBeNull();
  });

  it("summarises an objective over seeds: each budget's best and examples, the grid, and who reaches the grid's best", () => {
    const methods: SearchMethod[] = [{ id: 'a', label: 'A', engine: 'descent', sweepKeys: { method: 'random' } }];
    const seeds: SeedTrials[] = [
      // grid best 0.2 on 300 examples; A: best 0.4 after 2 trials (20 examples), 0.1 after 3 (30)
      { seed: 1, grid: [t(0.3, 100), t(0.2, 100), t(0.5, 100)], searches: { a: { 2: [t(0.4, 10), t(0.6, 10)], 3: [t(0.4, 10), t(0.6, 10), t(0.1, 10)] } } },
      // grid best 0.4 on 300 examples; A: 0.8 after 2 (200 examples), 0.8 after 3 (300)
      { seed: 2, grid: [t(0.4, 100), t(0.9, 100), t(0.5, 100)], searches: { a: { 2: [t(0.8, 100), t(0.9, 100)], 3: [t(0.8, 100), t(0.9, 100), t(0.85, 100)] } } },
    ];
    const summary = summarizeObjective(TINY_OBJECTIVE, methods, [2, 3], seeds);
    // grid bests 0.2 and 0.4: median 0.3, q75 at index 0.75 → 0.2 + 0.75·0.2 = 0.35
    expect(summary.grid.best.median).toBeCloseTo(0.3, 12);
    expect(summary.grid.best.q75).toBeCloseTo(0.35, 12);
    expect(summary.grid.examples.median).toBe(300);
    const [at2, at3] = summary.cells;
    expect([at2.budget, at2.examples.median]).toEqual([2, 110]); // (20 + 200) / 2
    expect(at2.best.median).toBeCloseTo(0.6, 12); // (0.4 + 0.8) / 2
    expect([at3.budget, at3.best.min, at3.best.max, at3.examples.median]).toEqual([3, 0.1, 0.8, 165]);
    // target 0.35: seed 1 reaches it at its third trial (30 examples ≤ 300 / 3); seed 2 never does
    expect(summary.reach).toEqual([expect.objectContaining({ method: 'a', reached: 1, reachedWithinThird: 1, of: 2 })]);
    expect(summary.reach[0].target).toBeCloseTo(0.35, 12);
    expect(summary.reach[0].examples.median).toBe(30);
  });
});
