import type { Goal } from './compare.js';

/**
 * What the importance computations (gridImportance, forestImportance) read: configurations and the metric each
 * reached. Kept here, once, so both read points and diverged runs the same way.
 */

/** The value a setting took in one configuration: a number, or a category (a string or a boolean). */
export type SettingValue = number | string | boolean;

/** One configuration of a sweep and its metric (for replicated runs: the mean over the replicates). */
export interface ImportancePoint {
  readonly config: Readonly<Record<string, SettingValue>>;
  /** NaN or ±Infinity marks a diverged run; see `NonFiniteMetrics`. */
  readonly metric: number;
}

/**
 * How metric values that are NaN or ±Infinity (diverged runs) are treated:
 * - 'worst' (default): each counts as the worst finite metric of the sweep (the largest when minimizing, the
 *   smallest when maximizing). Why the default: a learning rate that diverges is the setting that matters most;
 *   leaving those runs out would hide exactly that. Needs `goal` to know which end is worst.
 * - 'exclude': the run is left out (Optuna's importance evaluators do this). Not possible on a grid, which would
 *   then be incomplete.
 */
export type NonFiniteHandling = 'worst' | 'exclude';

/** What happened to the metrics that were not finite, so a report can say so. */
export interface NonFiniteMetrics {
  readonly count: number;
  readonly handling: NonFiniteHandling;
}

/** The key under which a setting's value is one level/category: `1` and `'1'` and `true` stay apart. */
export function levelKey(value: SettingValue): string {
  return `${typeof value}:${String(value)}`;
}

/** Levels in a fixed order whatever the points' order: numbers ascending, then booleans (false first), then strings. */
export function compareLevels(a: SettingValue, b: SettingValue): number {
  const rank = (v: SettingValue) => (typeof v === 'number' ? 0 : typeof v === 'boolean' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The setting's value in point `index`, or an Error naming both when it is missing or not a value. */
export function settingValueOf(point: ImportancePoint, setting: string, index: number, caller: string): SettingValue {
  const value = point.config[setting];
  const ok = (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || typeof value === 'boolean';
  if (!ok) {
    throw new Error(
      `stats: ${caller}: point ${index} has ${setting} = ${JSON.stringify(value) ?? 'undefined'}; every point needs a finite number, a string or a boolean for each setting analysed`,
    );
  }
  return value;
}

/**
 * The metrics with non-finite ones handled: 'worst' replaces them by the worst finite metric; 'exclude' gives
 * NaN in their place and the caller leaves those points out. When every metric is non-finite there is no worst
 * finite value: they stay NaN and the caller reports zero variance.
 */
export function handleNonFinite(
  metrics: readonly number[],
  handling: NonFiniteHandling,
  goal: Goal | undefined,
  caller: string,
  /** What else the caller accepts, for the error when `goal` is missing. */
  otherwise = '',
): { metrics: number[]; nonFinite: NonFiniteMetrics } {
  const finite = metrics.filter((m) => Number.isFinite(m));
  const count = metrics.length - finite.length;
  if (count === 0 || handling === 'exclude' || finite.length === 0) {
    return { metrics: metrics.map((m) => (Number.isFinite(m) ? m : NaN)), nonFinite: { count, handling } };
  }
  if (goal === undefined) {
    throw new Error(
      `stats: ${caller}: ${count} of ${metrics.length} metric values are not finite (diverged runs); pass goal: 'minimize' or 'maximize' so they count as the worst finite value${otherwise}`,
    );
  }
  const worst = finite.reduce((w, m) => (goal === 'minimize' ? Math.max(w, m) : Math.min(w, m)));
  return { metrics: metrics.map((m) => (Number.isFinite(m) ? m : worst)), nonFinite: { count, handling } };
}
