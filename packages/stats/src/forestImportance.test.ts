import { describe, expect, it } from 'vitest';
import { forestImportance, type ForestImportance, type ImportanceSetting } from './forestImportance.js';
import type { ImportancePoint, SettingValue } from './importancePoints.js';
import { seededUniform } from './resample.js';

/** `count` configurations drawn uniformly by `draw` from a seeded generator, metric f(config). */
function sample(
  count: number,
  seed: number,
  draw: (u: () => number) => Record<string, SettingValue>,
  f: (c: Record<string, SettingValue>) => number,
): ImportancePoint[] {
  const u = seededUniform(`points ${seed}`);
  return Array.from({ length: count }, () => {
    const config = draw(u);
    return { config, metric: f(config) };
  });
}

const fractionOf = (result: ForestImportance, name: string) => result.settings.find((s) => s.setting === name)!.fraction;
const numeric = (...names: string[]): ImportanceSetting[] => names.map((name) => ({ name, type: 'number' }));

const linear = sample(300, 1, (u) => ({ x1: u(), x2: u(), x3: u() }), (c) => 10 * (c.x1 as number) + (c.x2 as number));

describe('forestImportance', () => {
  it('finds that f = 10·x1 + x2 on the unit cube depends mostly on x1, a little on x2 and not on x3, whatever the seed', () => {
    // Var(10·x1) = 100/12 and Var(x2) = 1/12 for uniform x: x1 explains 100/101 ≈ 0.99, x2 1/101 ≈ 0.01.
    for (const seed of [1, 2, 3, 4, 5]) {
      const result = forestImportance(linear, numeric('x1', 'x2', 'x3'), { seed });
      const [x1, x2, x3] = ['x1', 'x2', 'x3'].map((name) => fractionOf(result, name));
      expect(x1).toBeGreaterThan(0.95);
      expect(x2).toBeGreaterThan(0.002);
      expect(x2).toBeLessThan(0.03);
      expect(x3).toBeLessThan(0.002);
      expect(x1).toBeGreaterThan(30 * x2);
      expect(x2).toBeGreaterThan(x3);
    }
  });

  it('keeps fractions in [0, 1] summing to at most 1, and normalised importances summing to 1', () => {
    const result = forestImportance(linear, numeric('x1', 'x2', 'x3'), { seed: 7, trees: 16 });
    for (const s of result.settings) {
      expect(s.fraction >= 0 && s.fraction <= 1).toBe(true);
      expect(s.fractionStd).toBeGreaterThanOrEqual(0);
    }
    const sum = result.settings.reduce((acc, s) => acc + s.fraction, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-12);
    expect(result.remainder).toBeCloseTo(1 - sum, 12);
    expect(result.settings.reduce((acc, s) => acc + s.importance, 0)).toBeCloseTo(1, 12);
    expect(result.points).toBe(300);
    expect(result.trees).toBe(16);
  });

  it('gives the same bits for the same points and seed, in whatever order the points come', () => {
    const settings = numeric('x1', 'x2', 'x3');
    const first = JSON.stringify(forestImportance(linear, settings, { seed: 'report', trees: 16 }));
    expect(JSON.stringify(forestImportance(linear, settings, { seed: 'report', trees: 16 }))).toBe(first);
    expect(JSON.stringify(forestImportance([...linear].reverse(), settings, { seed: 'report', trees: 16 }))).toBe(first);
    const shuffled = linear.map((p, i) => ({ p, key: (i * 7919) % linear.length })).sort((a, b) => a.key - b.key).map((x) => x.p);
    expect(JSON.stringify(forestImportance(shuffled, settings, { seed: 'report', trees: 16 }))).toBe(first);
    // A different seed draws different bootstraps: the numbers move (a little).
    expect(JSON.stringify(forestImportance(linear, settings, { seed: 'other', trees: 16 }))).not.toBe(first);
    // Random feature subsets come from the seed too.
    const subsets = JSON.stringify(forestImportance(linear, settings, { seed: 'report', trees: 16, featuresPerSplit: 1 }));
    expect(JSON.stringify(forestImportance([...linear].reverse(), settings, { seed: 'report', trees: 16, featuresPerSplit: 1 }))).toBe(subsets);
    expect(subsets).not.toBe(first);
  });

  it('leaves a pure interaction f = (x1 − ½)(x2 − ½) to the remainder, not to either setting', () => {
    // Averaged over x2 (mean ½), (x1 − ½)(x2 − ½) is 0 for every x1, and likewise over x1: no main effect at all.
    const points = sample(400, 5, (u) => ({ x1: u(), x2: u() }), (c) => ((c.x1 as number) - 0.5) * ((c.x2 as number) - 0.5));
    const result = forestImportance(points, numeric('x1', 'x2'), { seed: 1 });
    expect(fractionOf(result, 'x1')).toBeLessThan(0.05);
    expect(fractionOf(result, 'x2')).toBeLessThan(0.05);
    expect(result.remainder).toBeGreaterThan(0.9);
  });

  it('decomposes a log-scaled setting in log10 space, where a log sweep is uniform', () => {
    // lr = 10^(−4 + 3u), metric = log10(lr) + 3·m with m uniform on [0, 1]:
    // Var(log10 lr) = 3²/12 = 0.75 = Var(3·m), so each explains half in log space.
    // Over the same box taken linearly, [1e-4, 0.1] is 90 % values above 0.01, where log10(lr) barely moves: lr would
    // explain about a fifth (Var(log10 U) for U uniform on (0, 0.1] is 1/ln(10)² ≈ 0.19, against 0.75).
    const points = sample(400, 2, (u) => ({ lr: 10 ** (-4 + 3 * u()), m: u() }), (c) => Math.log10(c.lr as number) + 3 * (c.m as number));
    const logScaled = forestImportance(points, [{ name: 'lr', type: 'number', log: true }, { name: 'm', type: 'number' }], { seed: 1 });
    expect(fractionOf(logScaled, 'lr')).toBeGreaterThan(0.4);
    expect(fractionOf(logScaled, 'lr')).toBeLessThan(0.6);
    expect(fractionOf(logScaled, 'm')).toBeGreaterThan(0.4);
    expect(fractionOf(logScaled, 'm')).toBeLessThan(0.6);
    const linearScale = forestImportance(points, numeric('lr', 'm'), { seed: 1 });
    expect(fractionOf(linearScale, 'lr')).toBeLessThan(0.35);
  });

  it('finds a categorical setting that matters, and a boolean that does not', () => {
    // opt: adam 0, sgd 3, lion 0 → over the three categories a = (0, 3, 0), Var = (1 + 4 + 1)/3 = 2;
    // x uniform on [0, 1]: Var = 1/12. opt explains 2/(2 + 1/12) = 0.96, x 0.04; nesterov nothing.
    const points = sample(
      300,
      3,
      (u) => ({ opt: ['adam', 'sgd', 'lion'][Math.floor(3 * u())], nesterov: u() < 0.5, x: u() }),
      (c) => (c.opt === 'sgd' ? 3 : 0) + (c.x as number),
    );
    const settings: ImportanceSetting[] = [{ name: 'opt', type: 'choice' }, { name: 'nesterov', type: 'boolean' }, { name: 'x', type: 'number' }];
    const result = forestImportance(points, settings, { seed: 1 });
    expect(fractionOf(result, 'opt')).toBeGreaterThan(0.9);
    expect(fractionOf(result, 'x')).toBeGreaterThan(0.02);
    expect(fractionOf(result, 'x')).toBeLessThan(0.07);
    expect(fractionOf(result, 'nesterov')).toBeLessThan(0.005);
  });

  it('treats an integer setting as numeric, each integer weighted alike', () => {
    // layers ∈ {1, …, 4}, metric = layers: all of the variance is the integer's.
    const points = sample(200, 4, (u) => ({ layers: 1 + Math.floor(4 * u()), x: u() }), (c) => c.layers as number);
    const result = forestImportance(points, [{ name: 'layers', type: 'integer' }, { name: 'x', type: 'number' }], { seed: 1 });
    expect(fractionOf(result, 'layers')).toBeCloseTo(1, 6);
    expect(fractionOf(result, 'x')).toBeCloseTo(0, 6);
  });

  it('counts diverged runs as the worst finite metric by default, or leaves them out when asked', () => {
    // Minimizing 10·x1 + x2, and every run with x2 > 0.8 diverged: counted as the worst loss, x2 now matters a lot
    // (a jump of about 10 over a fifth of its range); left out, x2 keeps its small linear share.
    const diverging = linear.map((p) => ((p.config.x2 as number) > 0.8 ? { ...p, metric: NaN } : p));
    const count = diverging.filter((p) => Number.isNaN(p.metric)).length;
    expect(count).toBeGreaterThan(30);
    const settings = numeric('x1', 'x2', 'x3');
    expect(() => forestImportance(diverging, settings, { seed: 1 })).toThrow(
      `${count} of 300 metric values are not finite (diverged runs); pass goal: 'minimize' or 'maximize' so they count as the worst finite value, or nonFinite: 'exclude'`,
    );
    const worst = forestImportance(diverging, settings, { seed: 1, goal: 'minimize' });
    expect(worst.nonFinite).toEqual({ count, handling: 'worst' });
    expect(worst.points).toBe(300);
    expect(fractionOf(worst, 'x2')).toBeGreaterThan(0.2);
    const excluded = forestImportance(diverging, settings, { seed: 1, nonFinite: 'exclude' });
    expect(excluded.nonFinite).toEqual({ count, handling: 'exclude' });
    expect(excluded.points).toBe(300 - count);
    expect(fractionOf(excluded, 'x2')).toBeLessThan(0.03);
  });

  it('answers a constant metric, or a single point, with zero fractions rather than NaN', () => {
    const constant = linear.map((p) => ({ ...p, metric: 0.5 }));
    const result = forestImportance(constant, numeric('x1', 'x2'), { seed: 1 });
    expect(result.totalVariance).toBe(0);
    expect(result.settings.map((s) => [s.fraction, s.importance])).toEqual([[0, 0], [0, 0]]);
    expect(forestImportance(linear.slice(0, 1), numeric('x1'), { seed: 1 }).settings[0].fraction).toBe(0);
    const allDiverged = linear.map((p) => ({ ...p, metric: Infinity }));
    expect(forestImportance(allDiverged, numeric('x1'), { seed: 1, goal: 'minimize' }).nonFinite.count).toBe(300);
  });

  it('names the setting and the point when a value does not fit its declaration', () => {
    const points: ImportancePoint[] = [{ config: { lr: 0.1 }, metric: 1 }, { config: { lr: 'fast' }, metric: 2 }];
    expect(() => forestImportance(points, [{ name: 'lr', type: 'number' }], { seed: 1 })).toThrow("point 1 has lr = \"fast\", but lr is declared 'number'");
    const zero: ImportancePoint[] = [{ config: { lr: 0 }, metric: 1 }, { config: { lr: 1 }, metric: 2 }];
    expect(() => forestImportance(zero, [{ name: 'lr', type: 'number', log: true }], { seed: 1 })).toThrow('point 0 has lr = 0, but a log-scaled setting needs values > 0');
    expect(() => forestImportance(zero, [{ name: 'lr', type: 'number', range: { min: 0.5, max: 1 } }], { seed: 1 })).toThrow('lr has values outside its range [0.5, 1]');
  });
});
