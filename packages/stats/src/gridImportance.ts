import type { Goal } from './compare.js';
import {
  compareLevels,
  handleNonFinite,
  levelKey,
  settingValueOf,
  type ImportancePoint,
  type NonFiniteMetrics,
  type SettingValue,
} from './importancePoints.js';

/**
 * Which settings of a full factorial grid explain the metric's variance: the functional ANOVA decomposition
 * (Hutter, Hoos & Leyton-Brown, "An Efficient Approach for Assessing Hyperparameter Importance", ICML 2014) with
 * uniform weights over each setting's grid values. On a complete grid that is the classical ANOVA decomposition
 * of a balanced design, so it is computed exactly here, with no model in between:
 *
 *   μ = mean of y over the grid;  V = mean (y − μ)²
 *   main effect of i:  f_i(a) = m_i(a) − μ                          V_i  = mean_a f_i(a)²
 *   interaction i×j:   f_ij(a,b) = m_ij(a,b) − m_i(a) − m_j(b) + μ    V_ij = mean_ab f_ij(a,b)²
 *
 * where m_i(a) is the mean of y over the cells with setting i at level a. The fractions V_i/V and V_ij/V, and the
 * remainder (interactions of three or more settings), sum to 1.
 */

export interface GridImportanceOptions {
  /** Which end of the metric is better; needed only when some metric is NaN/±Infinity (see NonFiniteHandling 'worst'). */
  readonly goal?: Goal;
}

export interface MainEffect {
  readonly setting: string;
  /** The grid's levels of the setting, in order (numbers ascending, false before true, strings sorted). */
  readonly levels: readonly SettingValue[];
  /** μ + f_i(a): the metric averaged over every other setting, at each level (what a main-effect plot draws). */
  readonly marginalMeans: readonly number[];
  /** V_i: the variance of the main effect over the levels. */
  readonly variance: number;
  /** V_i / V (0 when V = 0). */
  readonly fraction: number;
}

export interface Interaction {
  readonly settings: readonly [string, string];
  readonly variance: number;
  readonly fraction: number;
}

export interface GridImportance {
  /** μ: the mean metric over the grid. */
  readonly mean: number;
  /** V: the population variance of the metric over the grid's cells; 0 for a constant metric (every fraction is then 0). */
  readonly totalVariance: number;
  /** In the order the settings were given. */
  readonly mainEffects: readonly MainEffect[];
  /** Every pair (i < j in the order given). */
  readonly interactions: readonly Interaction[];
  /** 1 − Σ main − Σ pairs: the share of interactions among three or more settings (0 when V = 0). */
  readonly remainder: number;
  readonly nonFinite: NonFiniteMetrics;
}

/**
 * The exact fANOVA decomposition of a full factorial grid: one point per combination of the settings' levels,
 * its metric the mean over replicates. Throws when a combination is missing or repeated, naming it: an
 * incomplete grid has no exact decomposition (use forestImportance for sampled configurations).
 */
export function gridImportance(
  points: readonly ImportancePoint[],
  settings: readonly string[],
  options: GridImportanceOptions = {},
): GridImportance {
  if (settings.length === 0) throw new Error('stats: gridImportance: name at least one setting');
  if (new Set(settings).size !== settings.length) throw new Error(`stats: gridImportance: a setting is named twice in ${JSON.stringify(settings)}`);
  if (points.length === 0) throw new Error('stats: gridImportance: no points; pass one per combination of the grid');

  const values = points.map((point, p) => settings.map((setting) => settingValueOf(point, setting, p, 'gridImportance')));
  const levels = settings.map((_, s) => {
    const byKey = new Map<string, SettingValue>();
    for (const row of values) byKey.set(levelKey(row[s]), row[s]);
    return [...byKey.values()].sort(compareLevels);
  });
  const sizes = levels.map((l) => l.length);
  // Cell index of a combination: row-major over the settings, last setting fastest.
  const strides = sizes.map((_, s) => sizes.slice(s + 1).reduce((a, b) => a * b, 1));
  const cellCount = sizes.reduce((a, b) => a * b, 1);
  const levelIndex = levels.map((l) => new Map(l.map((v, i) => [levelKey(v), i])));

  const { metrics, nonFinite } = handleNonFinite(
    points.map((p) => p.metric),
    'worst',
    options.goal,
    'gridImportance',
  );
  const y = new Float64Array(cellCount);
  const filled = new Int32Array(cellCount).fill(-1);
  values.forEach((row, p) => {
    const cell = row.reduce<number>((c, v, s) => c + strides[s] * levelIndex[s].get(levelKey(v))!, 0);
    if (filled[cell] >= 0) {
      throw new Error(
        `stats: gridImportance: points ${filled[cell]} and ${p} both have ${describeCell(settings, row)}; pass one point per combination (the mean over its replicates)`,
      );
    }
    filled[cell] = p;
    y[cell] = metrics[p];
  });
  const missing = cellCount - points.length;
  if (missing > 0) {
    const first = filled.indexOf(-1);
    const example = settings.map((_, s) => levels[s][Math.floor(first / strides[s]) % sizes[s]]);
    throw new Error(
      `stats: gridImportance: the grid is incomplete: ${missing} of ${cellCount} combinations of ${settings.join(' × ')} have no point, e.g. ${describeCell(settings, example)}; pass a full factorial grid, or use forestImportance for sampled configurations`,
    );
  }

  const levelOf = (cell: number, s: number) => Math.floor(cell / strides[s]) % sizes[s];
  // Every metric non-finite: there is no worst finite value, and nothing to decompose.
  const constant = y.every((v) => Number.isNaN(v)) || y.every((v) => v === y[0]);
  let mu = 0;
  for (let c = 0; c < cellCount; c++) mu += y[c];
  mu /= cellCount;
  let total = 0;
  for (let c = 0; c < cellCount; c++) total += (y[c] - mu) ** 2;
  total = constant ? 0 : total / cellCount;
  const fractionOf = (variance: number) => (total > 0 ? Math.min(1, variance / total) : 0);

  const marginals = settings.map((_, s) => {
    const sums = new Float64Array(sizes[s]);
    for (let c = 0; c < cellCount; c++) sums[levelOf(c, s)] += y[c];
    return Array.from(sums, (sum) => sum / (cellCount / sizes[s]));
  });
  const mainEffects: MainEffect[] = settings.map((setting, s) => {
    const variance = constant ? 0 : marginals[s].reduce((acc, m) => acc + (m - mu) ** 2, 0) / sizes[s];
    return { setting, levels: levels[s], marginalMeans: constant ? marginals[s].map(() => y[0]) : marginals[s], variance, fraction: fractionOf(variance) };
  });

  const interactions: Interaction[] = [];
  for (let i = 0; i < settings.length; i++) {
    for (let j = i + 1; j < settings.length; j++) {
      const sums = new Float64Array(sizes[i] * sizes[j]);
      for (let c = 0; c < cellCount; c++) sums[levelOf(c, i) * sizes[j] + levelOf(c, j)] += y[c];
      const perPair = cellCount / (sizes[i] * sizes[j]);
      let variance = 0;
      for (let a = 0; a < sizes[i]; a++) {
        for (let b = 0; b < sizes[j]; b++) {
          variance += (sums[a * sizes[j] + b] / perPair - marginals[i][a] - marginals[j][b] + mu) ** 2;
        }
      }
      variance = constant ? 0 : variance / (sizes[i] * sizes[j]);
      interactions.push({ settings: [settings[i], settings[j]], variance, fraction: fractionOf(variance) });
    }
  }

  const explained = [...mainEffects, ...interactions].reduce((acc, e) => acc + e.fraction, 0);
  // Trap: rounding can push Σ fractions a few ulps past 1 on a purely additive grid; the remainder is then 0, not −1e-16.
  const remainder = total > 0 ? Math.max(0, 1 - explained) : 0;
  return { mean: constant ? (Number.isNaN(y[0]) ? NaN : y[0]) : mu, totalVariance: total, mainEffects, interactions, remainder, nonFinite };
}

function describeCell(settings: readonly string[], row: readonly SettingValue[]): string {
  return `{ ${settings.map((s, i) => `${s}: ${JSON.stringify(row[i])}`).join(', ')} }`;
}
