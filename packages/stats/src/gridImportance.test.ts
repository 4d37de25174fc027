import { describe, expect, it } from 'vitest';
import { gridImportance } from './gridImportance.js';
import type { ImportancePoint, SettingValue } from './importancePoints.js';

/** Every combination of the levels, metric f(combination). */
function grid(levels: Record<string, SettingValue[]>, f: (c: Record<string, SettingValue>) => number): ImportancePoint[] {
  let configs: Record<string, SettingValue>[] = [{}];
  for (const [name, values] of Object.entries(levels)) configs = configs.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return configs.map((config) => ({ config, metric: f(config) }));
}

const byName = (result: ReturnType<typeof gridImportance>, name: string) => result.mainEffects.find((e) => e.setting === name)!;
const pair = (result: ReturnType<typeof gridImportance>, a: string, b: string) =>
  result.interactions.find((i) => i.settings[0] === a && i.settings[1] === b)!;

describe('gridImportance', () => {
  it('splits an additive f(a, b, c) = 5 + 3·g(a) + h(b) into its hand-derived main effects', () => {
    // g = (−1, 0, 1) over a's levels: Var(3g) = 9 · (1 + 0 + 1)/3 = 6.
    // h = (0, 2) over b's levels:      Var(h)  = (1 + 1)/2 = 1.      c is unused.
    // V = 6 + 1 = 7 (additive: no interaction), so a explains 6/7, b 1/7, c nothing.
    const g = { 0.1: -1, 0.2: 0, 0.4: 1 } as Record<number, number>;
    const h = { adam: 0, sgd: 2 } as Record<string, number>;
    const points = grid({ a: [0.4, 0.1, 0.2], b: ['sgd', 'adam'], c: [true, false] }, (x) => 5 + 3 * g[x.a as number] + h[x.b as string]);
    const result = gridImportance(points, ['a', 'b', 'c']);
    expect(result.totalVariance).toBeCloseTo(7, 12);
    expect(result.mean).toBeCloseTo(6, 12); // 5 + mean(3g) + mean(h) = 5 + 0 + 1
    expect(byName(result, 'a').fraction).toBeCloseTo(6 / 7, 12);
    expect(byName(result, 'b').fraction).toBeCloseTo(1 / 7, 12);
    expect(byName(result, 'c').fraction).toBe(0);
    // Levels come back ordered whatever order the grid was given in; a's marginal means are 6 + 3g(a).
    expect(byName(result, 'a').levels).toEqual([0.1, 0.2, 0.4]);
    expect(byName(result, 'a').marginalMeans.map((m) => Number(m.toFixed(12)))).toEqual([3, 6, 9]);
    expect(byName(result, 'c').levels).toEqual([false, true]);
    for (const interaction of result.interactions) expect(interaction.fraction).toBeCloseTo(0, 12);
    expect(result.remainder).toBeCloseTo(0, 12);
  });

  it('gives a setting the metric depends on alone all of the variance, the others none', () => {
    const points = grid({ a: [1, 2, 3, 4], b: [0, 1], c: ['x', 'y', 'z'] }, (x) => (x.a as number) ** 2);
    const result = gridImportance(points, ['a', 'b', 'c']);
    expect(byName(result, 'a').fraction).toBeCloseTo(1, 12);
    expect(byName(result, 'b').fraction).toBe(0);
    expect(byName(result, 'c').fraction).toBe(0);
    expect(result.interactions.every((i) => Math.abs(i.fraction) < 1e-12)).toBe(true);
  });

  it('puts a pure interaction f = a·b (zero-mean a and b) entirely in the a×b term', () => {
    // Every marginal mean of a·b over b ∈ {−1, 0, 1} is a·0 = 0, so both main effects vanish.
    const points = grid({ a: [-1, 0, 1], b: [-1, 0, 1], c: [1, 2] }, (x) => (x.a as number) * (x.b as number));
    const result = gridImportance(points, ['a', 'b', 'c']);
    expect(byName(result, 'a').fraction).toBe(0);
    expect(byName(result, 'b').fraction).toBe(0);
    expect(pair(result, 'a', 'b').fraction).toBeCloseTo(1, 12);
    expect(pair(result, 'a', 'c').fraction).toBe(0);
    expect(result.remainder).toBeCloseTo(0, 12);
  });

  it('leaves a three-way interaction f = a·b·c to the remainder', () => {
    const points = grid({ a: [-1, 1], b: [-1, 1], c: [-1, 1] }, (x) => (x.a as number) * (x.b as number) * (x.c as number));
    const result = gridImportance(points, ['a', 'b', 'c']);
    expect([...result.mainEffects, ...result.interactions].every((e) => e.fraction === 0)).toBe(true);
    expect(result.remainder).toBe(1);
  });

  it('gives zero fractions, not NaN, for a constant metric', () => {
    const result = gridImportance(grid({ a: [1, 2], b: ['p', 'q'] }, () => 0.3), ['a', 'b']);
    expect(result.totalVariance).toBe(0);
    expect(result.mean).toBe(0.3);
    expect(result.mainEffects.map((e) => e.fraction)).toEqual([0, 0]);
    expect(result.mainEffects[0].marginalMeans).toEqual([0.3, 0.3]);
    expect(result.interactions.map((e) => e.fraction)).toEqual([0]);
    expect(result.remainder).toBe(0);
  });

  it('refuses an incomplete grid, naming a missing combination', () => {
    const points = grid({ lr: [0.01, 0.1], momentum: [0, 0.9] }, () => 1).filter((p) => !(p.config.lr === 0.1 && p.config.momentum === 0.9));
    expect(() => gridImportance(points, ['lr', 'momentum'])).toThrow(
      'the grid is incomplete: 1 of 4 combinations of lr × momentum have no point, e.g. { lr: 0.1, momentum: 0.9 }',
    );
  });

  it('refuses a combination given twice, and a point without a setting', () => {
    const points = grid({ lr: [0.01, 0.1] }, () => 1);
    expect(() => gridImportance([...points, points[0]], ['lr'])).toThrow('points 0 and 2 both have { lr: 0.01 }');
    expect(() => gridImportance(points, ['lr', 'momentum'])).toThrow('point 0 has momentum = undefined');
  });

  it('counts a diverged run as the worst finite metric when told the goal, and refuses to guess it', () => {
    // y over (a, b) = (0,0) 1, (0,1) 2, (1,0) 3, (1,1) NaN → 3 when minimizing (the largest finite value).
    // μ = 9/4; V = (1.25² + 0.25² + 0.75² + 0.75²)/4 = 0.6875.
    // a: means 1.5, 3 → V_a = 0.75² = 0.5625;  b: means 2, 2.5 → V_b = 0.25² = 0.0625;  V_ab = 0.6875 − 0.625 = 0.0625.
    const y: Record<string, number> = { '0,0': 1, '0,1': 2, '1,0': 3, '1,1': NaN };
    const points = grid({ a: [0, 1], b: [0, 1] }, (x) => y[`${x.a},${x.b}`]);
    expect(() => gridImportance(points, ['a', 'b'])).toThrow("1 of 4 metric values are not finite (diverged runs); pass goal: 'minimize' or 'maximize'");
    const result = gridImportance(points, ['a', 'b'], { goal: 'minimize' });
    expect(result.nonFinite).toEqual({ count: 1, handling: 'worst' });
    expect(result.totalVariance).toBeCloseTo(0.6875, 15);
    expect(byName(result, 'a').fraction).toBeCloseTo(9 / 11, 15);
    expect(byName(result, 'b').fraction).toBeCloseTo(1 / 11, 15);
    expect(pair(result, 'a', 'b').fraction).toBeCloseTo(1 / 11, 15);
    // Maximizing, the worst is the smallest: NaN → 1, and a's effect shrinks (means 1.5 and 2).
    expect(byName(gridImportance(points, ['a', 'b'], { goal: 'maximize' }), 'a').fraction).toBeLessThan(9 / 11);
  });

  it('does not depend on the order of the points, and its fractions are in [0, 1] summing to 1', () => {
    const points = grid({ a: [1, 2, 3], b: [1, 2, 3, 4], c: ['u', 'v'] }, (x) => (x.c === 'u' ? 1 : -0.5) * Math.sin(7 * (x.a as number) * (x.b as number)) + (x.a as number));
    const result = gridImportance(points, ['a', 'b', 'c']);
    const shuffled = points.map((p, i) => ({ p, key: (i * 7919) % points.length })).sort((x, y) => x.key - y.key).map((x) => x.p);
    expect(JSON.stringify(gridImportance(shuffled, ['a', 'b', 'c']))).toBe(JSON.stringify(result));
    const fractions = [...result.mainEffects, ...result.interactions].map((e) => e.fraction);
    for (const f of [...fractions, result.remainder]) expect(f >= 0 && f <= 1).toBe(true);
    expect(fractions.reduce((a, b) => a + b, 0) + result.remainder).toBeCloseTo(1, 12);
    expect(result.remainder).toBeGreaterThan(0.01); // (c ? 1 : −½)·sin(7ab) has a real three-way term
  });
});
