import { averageRanks } from '@descent/stats';
import { shortKeyNames } from './configurations.js';
import type { ReportModel } from './reportModel.js';
import { spansDecades } from './statistics.js';

/** A numeric setting the search varied, as the proposals charts draw it. */
export interface SearchSetting {
  key: string;
  /** Short column name, e.g. 'lr'. */
  name: string;
  /** Its index in `model.varied` (and in each configuration's values). */
  index: number;
  /** Draw on a log axis: every value positive and spanning more than 1.5 decades (max/min ≥ 10^1.5). */
  log: boolean;
  /** |Spearman ρ| between the setting and the configurations' mean final metric (0 when it cannot be measured). */
  relevance: number;
}

/** A log axis once positive values span more than about a decade and a half (log-uniform draws usually span 2–4). */
export const LOG_AXIS_RATIO = 10 ** 1.5;

/** The rule for a setting's axis: log when its values are all positive and span `LOG_AXIS_RATIO` or more. */
export function wantsLogAxis(values: readonly number[]): boolean {
  return spansDecades(values, LOG_AXIS_RATIO);
}

/** Spearman's ρ: the Pearson correlation of the average ranks; NaN for fewer than 3 pairs or a constant side. */
export function rankCorrelation(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 3) return NaN;
  const rx = averageRanks(xs);
  const ry = averageRanks(ys);
  const centre = (xs.length + 1) / 2; // the mean of ranks 1..n, ties included
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - centre) * (ry[i] - centre);
    sxx += (rx[i] - centre) ** 2;
    syy += (ry[i] - centre) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Equal as a Set tells values apart: NaN equals NaN, 0 equals −0. */
function sameValueZero(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/**
 * The numeric settings the search varied on their own (label keys whose values are all numbers, at least
 * two distinct), the `limit` most related to the metric first: by |Spearman ρ| over the configurations that
 * could win, ties in the sweep's order of keys. A search's settings are drawn in pairs, so 3 give 3 charts.
 */
export function searchSettings(model: ReportModel, limit = 3): SearchSetting[] {
  const names = shortKeyNames(model.varied);
  const eligible = model.ranked.filter((result) => result.eligible);
  const means = eligible.map((result) => result.mean);
  const settings = model.labelKeys.flatMap((key) => {
    const index = model.varied.indexOf(key);
    const values = model.configurations.map((configuration) => configuration.values[index]);
    if (!values.every((value): value is number => typeof value === 'number') || !values.some((value) => !sameValueZero(value, values[0]))) return [];
    const rho = rankCorrelation(eligible.map((result) => result.configuration.values[index] as number), means);
    return [{ key, name: names[index], index, log: wantsLogAxis(values), relevance: Number.isNaN(rho) ? 0 : Math.abs(rho) }];
  });
  return settings
    .map((setting, order) => ({ setting, order }))
    .sort((a, b) => b.setting.relevance - a.setting.relevance || a.order - b.order)
    .slice(0, limit)
    .map(({ setting }) => setting);
}
