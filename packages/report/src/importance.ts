import { forestImportance, gridImportance, type ImportancePoint, type ImportanceSetting, type SettingValue } from '@descent/stats';
import { formatConfigValue, type ConfigValue } from './configurations.js';
import { PROBLEM_NAME_KEYS } from './problems.js';
import type { ConfigurationResult } from './ranking.js';
import type { ReportModel } from './reportModel.js';
import { LOG_AXIS_RATIO } from './searchSettings.js';
import { inHashOrder } from './pageSample.js';
import { spansDecades } from './statistics.js';

/**
 * Which settings explain the sweep metric's variance, per problem, computed when the report is rendered:
 * exactly on a complete grid (stats' gridImportance: functional ANOVA of the configurations' means, with the
 * pairwise interactions), else fANOVA over a random forest seeded by the sweep's name (forestImportance), so the
 * same runs always give the same numbers. A configuration's metric is the mean final metric of its replicates;
 * one where a replicate diverged or failed counts as the worst (a learning rate that diverges is a setting that
 * matters); configurations early termination pruned are left out (their metric is at a smaller budget).
 */

export interface ImportanceShare {
  /** The setting's short name, or 'a × b' for a pair's interaction. */
  label: string;
  /** The share of the metric's variance, in [0, 1]. */
  fraction: number;
  kind: 'main' | 'interaction';
}

export interface ProblemImportance {
  /** The problem's name (empty when the sweep has one problem). */
  problem: string;
  method: 'grid' | 'forest';
  configurations: number;
  /** Main effects (and a grid's pairwise interactions), largest first. */
  shares: ImportanceShare[];
  /** What no main effect (or, on a grid, no pair) explains: interactions among more settings, or for a forest among any. */
  remainder: number;
  /** Configurations that count as the worst because a replicate diverged or failed; those left out as pruned. */
  worst: number;
  pruned: number;
  /** The configurations a forest was fitted on: all of them, or a seeded sample of FOREST_CONFIGURATION_LIMIT. */
  fitted: number;
}

/**
 * The most configurations a forest is fitted on. Beyond it a sample chosen by a hash of each configuration's key
 * (seeded by the sweep, as the forest is) stands for the rest: 32 trees on 100,000 configurations took longer
 * than a whole report may, and the shares of a few settings are estimated as well from 10,000 points.
 */
export const FOREST_CONFIGURATION_LIMIT = 10_000;

/** The first `limit` results in seeded hash order (`inHashOrder`), in their given order; all of them when they fit. */
function seededSample(results: readonly ConfigurationResult[], seed: string, limit: number): ConfigurationResult[] {
  if (results.length <= limit) return [...results];
  const kept = new Set(inHashOrder(results, (result) => result.configuration.key, seed).slice(0, limit));
  return results.filter((result) => kept.has(result));
}

/** Settings whose importance is worth asking for: at least two of them varying over at least this many configurations. */
export const MIN_IMPORTANCE_CONFIGURATIONS = 4;

type Group = { problem: string; results: ConfigurationResult[] };

function problemGroups(model: ReportModel): Group[] {
  const byProblem = new Map<string, ConfigurationResult[]>();
  const problemOfConfiguration = new Map(model.problems.flatMap((p) => p.configurations.map((configuration) => [configuration, p.name] as const)));
  const problemOf = (result: ConfigurationResult) => (model.problems.length > 1 ? problemOfConfiguration.get(result.configuration)! : '');
  // Value order (the configurations' order), not ranking order: the result does not depend on which is best.
  for (const configuration of model.configurations) {
    const result = model.resultByKey.get(configuration.key)!;
    const problem = problemOf(result);
    // Pushed, not copied: a copy per configuration was quadratic (100,000 configurations, 5·10⁹ copies).
    const results = byProblem.get(problem);
    if (results === undefined) byProblem.set(problem, [result]);
    else results.push(result);
  }
  return [...byProblem].map(([problem, results]) => ({ problem, results }));
}

/** A configuration value as importance reads it: numbers stay numbers, anything else is a category named by its text. */
function settingValue(value: ConfigValue): SettingValue {
  return typeof value === 'number' || typeof value === 'boolean' ? value : formatConfigValue(value);
}

function importanceOf(model: ReportModel, group: Group, shortNames: ReadonlyMap<string, string>): ProblemImportance | null {
  const seed = `${model.sweeps.map((s) => s.name).join('+')}/${group.problem}`;
  const kept = group.results.filter((result) => result.status !== 'pruned');
  const keys = model.labelKeys.filter((key) => !PROBLEM_NAME_KEYS.includes(key));
  const valuesOf = (key: string) => kept.map((result) => result.configuration.values[model.varied.indexOf(key)]);
  const settings: ImportanceSetting[] = keys
    .filter((key) => new Set(valuesOf(key).map((v) => JSON.stringify(v))).size > 1)
    .map((key) => {
      const values = valuesOf(key);
      if (!values.every((v): v is number => typeof v === 'number')) return { name: key, type: 'string' };
      return { name: key, type: 'number', log: values.every((v) => v > 0) && spansDecades(values, LOG_AXIS_RATIO) };
    });
  if (settings.length < 2 || kept.length < MIN_IMPORTANCE_CONFIGURATIONS) return null;
  const fitted = seededSample(kept, seed, FOREST_CONFIGURATION_LIMIT);
  const points: ImportancePoint[] = fitted.map((result) => ({
    config: Object.fromEntries(settings.map((s) => [s.name, settingValue(result.configuration.values[model.varied.indexOf(s.name)])])),
    metric: result.status === 'finished' ? result.mean : NaN,
  }));
  const worst = points.filter((p) => !Number.isFinite(p.metric)).length;
  const name = (key: string) => shortNames.get(key) ?? key;
  const base = { problem: group.problem, configurations: kept.length, worst, pruned: group.results.length - kept.length, fitted: fitted.length };
  const largestFirst = (a: ImportanceShare, b: ImportanceShare) => b.fraction - a.fraction;
  if (model.method === 'grid' && isCompleteGrid(points, settings.map((s) => s.name))) {
    const grid = gridImportance(points, settings.map((s) => s.name), { goal: model.metric.goal });
    const shares: ImportanceShare[] = [
      ...grid.mainEffects.map((e) => ({ label: name(e.setting), fraction: e.fraction, kind: 'main' as const })),
      ...grid.interactions.map((i) => ({ label: `${name(i.settings[0])} × ${name(i.settings[1])}`, fraction: i.fraction, kind: 'interaction' as const })),
    ];
    return { ...base, method: 'grid', shares: shares.sort(largestFirst), remainder: grid.remainder };
  }
  const forest = forestImportance(points, settings, { seed, goal: model.metric.goal });
  const shares = forest.settings.map((s) => ({ label: name(s.setting), fraction: s.fraction, kind: 'main' as const }));
  return { ...base, method: 'forest', shares: shares.sort(largestFirst), remainder: forest.remainder };
}

/** Every combination of the settings' values present exactly once: what an exact decomposition needs. */
function isCompleteGrid(points: readonly ImportancePoint[], settings: readonly string[]): boolean {
  const combinations = new Set(points.map((p) => JSON.stringify(settings.map((s) => p.config[s]))));
  const levels = settings.map((s) => new Set(points.map((p) => JSON.stringify(p.config[s]))).size);
  return combinations.size === points.length && levels.reduce((product, n) => product * n, 1) === points.length;
}

/** The importance of the settings for each problem of the sweep that varies at least two of them. */
export function settingImportance(model: ReportModel, shortNames: ReadonlyMap<string, string>): ProblemImportance[] {
  return problemGroups(model).flatMap((group) => importanceOf(model, group, shortNames) ?? []);
}
