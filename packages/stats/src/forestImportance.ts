import type { Goal } from './compare.js';
import {
  compareLevels,
  handleNonFinite,
  levelKey,
  settingValueOf,
  type ImportancePoint,
  type NonFiniteHandling,
  type NonFiniteMetrics,
  type SettingValue,
} from './importancePoints.js';
import { growRegressionTree, type TreeFeatures } from './regressionTree.js';
import { resampleIndices, seededUniform, type Seed } from './resample.js';
import { decomposeTree, type FeatureDomain } from './treeFanova.js';

/**
 * Which settings explain the metric's variance when the configurations were sampled (random, quasirandom or
 * adaptive sweeps), so no exact decomposition exists: fANOVA over a seeded random forest (Hutter, Hoos &
 * Leyton-Brown, "An Efficient Approach for Assessing Hyperparameter Importance", ICML 2014), as Optuna's
 * FanovaImportanceEvaluator computes it (optuna/importance/_fanova: _evaluator.py, _fanova.py, _tree.py). A
 * forest of regression trees models metric(config); each tree's variance over the settings' box is decomposed
 * exactly (treeFanova.ts), and a setting's fraction is V_g / V averaged over the trees.
 *
 * Where this departs from Optuna, and why:
 * - log-scaled settings are decomposed in log10 space (Optuna keeps the raw value): a log sweep samples uniformly
 *   in log space, so that is the measure its variance is over;
 * - categorical settings are split by subsets of categories and weighted uniformly over their categories, not
 *   one-hot encoded (see regressionTree.ts);
 * - a constant metric, or fewer than two points, gives zero fractions with totalVariance 0 instead of an error.
 *
 * Each split considers every setting by default, as the scikit-learn forest Optuna fits does (they are still visited
 * in a seeded random order, which breaks ties). `featuresPerSplit` draws a random subset instead (fanova's default
 * is 70 %), but that makes trees split on settings that do not matter and blurs the answer: measured on
 * f = 10·x1 + x2 with an unused x3 (300 points), x1's fraction is 0.97 and x3's 0.002 with two of the three
 * settings per split, 0.99 and 0.0000 with all three (exactly: 0.990 and 0).
 */

/** A setting to assess. `type` uses the vocabulary of Descent's setting declarations (@descent/settings). */
export interface ImportanceSetting {
  readonly name: string;
  /** 'number' and 'integer' are numeric; 'boolean', 'choice' and 'string' are unordered categories. */
  readonly type: 'number' | 'integer' | 'boolean' | 'choice' | 'string';
  /** Numeric settings swept on a log scale: decomposed as log10(value) (every value must then be > 0). */
  readonly log?: boolean;
  /**
   * The numeric setting's search range, the box the variance is taken over (default: the smallest and largest
   * value seen; for a linear integer, widened by ½ each side so every integer gets the same width).
   */
  readonly range?: { readonly min: number; readonly max: number };
}

export interface ForestImportanceOptions {
  /** Seeds the bootstraps and the feature subsets: the same points and seed give the same bits. */
  readonly seed: Seed;
  /**
   * Trees in the forest (default 32, between fanova's 16 and Optuna's 64). Why not 64: a report renders in a fresh
   * process, before the JIT has warmed up, where 64 trees on 1,000 runs took up to a second on a busy 2-core
   * machine; on the tests' functions 32 trees give the same fractions to 3 decimals.
   */
  readonly trees?: number;
  /** Depth limit of each tree (default 64, Optuna's). */
  readonly maxDepth?: number;
  /** Settings considered at each split, drawn at random (default: all of them, as Optuna's forest; see above). */
  readonly featuresPerSplit?: number;
  /** What NaN/±Infinity metrics become (default 'worst', which needs `goal` when such a metric is present). */
  readonly nonFinite?: NonFiniteHandling;
  readonly goal?: Goal;
}

export const FOREST_IMPORTANCE_DEFAULTS = { trees: 32, maxDepth: 64 } as const;

export interface SettingImportance {
  readonly setting: string;
  /** Mean over the trees of V_g / V: the share of the model's variance this setting's main effect explains, in [0, 1]. */
  readonly fraction: number;
  /** Standard deviation of V_g / V over the trees (numpy's population std, as Optuna reports it). */
  readonly fractionStd: number;
  /** fraction / Σ fractions: sums to 1 over the settings (Optuna's normalised importance); 0 when nothing varies. */
  readonly importance: number;
}

export interface ForestImportance {
  /** In the order the settings were given. */
  readonly settings: readonly SettingImportance[];
  /** 1 − Σ fractions: the share of interactions between settings (0 when nothing varies); gridImportance names it alike. */
  readonly remainder: number;
  /** Points the forest was fitted on (after non-finite metrics were handled). */
  readonly points: number;
  /** Population variance of the metrics fitted; 0 means there was nothing to explain. */
  readonly totalVariance: number;
  readonly nonFinite: NonFiniteMetrics;
  readonly trees: number;
  readonly seed: Seed;
}

/**
 * A seeded fANOVA importance per setting for sampled configurations. The result does not depend on the order of
 * `points`: they are sorted by their encoded settings (then metric) before the bootstrap draws.
 */
export function forestImportance(
  points: readonly ImportancePoint[],
  settings: readonly ImportanceSetting[],
  options: ForestImportanceOptions,
): ForestImportance {
  const trees = options.trees ?? FOREST_IMPORTANCE_DEFAULTS.trees;
  const maxDepth = options.maxDepth ?? FOREST_IMPORTANCE_DEFAULTS.maxDepth;
  const featuresPerSplit = options.featuresPerSplit ?? settings.length;
  const handling = options.nonFinite ?? 'worst';
  if (settings.length === 0) throw new Error('stats: forestImportance: name at least one setting');
  if (new Set(settings.map((s) => s.name)).size !== settings.length) throw new Error('stats: forestImportance: a setting is named twice');
  if (!(Number.isInteger(trees) && trees >= 1)) throw new RangeError(`stats: forestImportance: trees must be a whole number ≥ 1, got ${trees}`);
  if (!(Number.isInteger(maxDepth) && maxDepth >= 1)) throw new RangeError(`stats: forestImportance: maxDepth must be a whole number ≥ 1, got ${maxDepth}`);
  if (!(Number.isInteger(featuresPerSplit) && featuresPerSplit >= 1 && featuresPerSplit <= settings.length)) {
    throw new RangeError(`stats: forestImportance: featuresPerSplit must be a whole number in [1, ${settings.length}], got ${featuresPerSplit}`);
  }

  const handled = handleNonFinite(points.map((p) => p.metric), handling, options.goal, 'forestImportance', ", or nonFinite: 'exclude' to leave them out");
  const kept = points.map((_, i) => i).filter((i) => !Number.isNaN(handled.metrics[i]));
  const encoded = encode(kept.map((i) => points[i]), kept, settings);
  // Canonical order: by encoded settings, then metric; equal keys are identical points, so their order is moot.
  const metricOf = kept.map((i) => handled.metrics[i]);
  const order = kept
    .map((_, r) => r)
    .sort((a, b) => {
      for (const column of encoded.columns) if (column[a] !== column[b]) return column[a] - column[b];
      return metricOf[a] - metricOf[b];
    });
  const features: TreeFeatures = { columns: encoded.columns.map((column) => Float64Array.from(order, (r) => column[r])), categories: encoded.categories };
  const metric = Float64Array.from(order, (r) => metricOf[r]);
  const n = metric.length;

  const totalVariance = populationVariance(metric);
  const zero = (): ForestImportance => ({
    settings: settings.map((s) => ({ setting: s.name, fraction: 0, fractionStd: 0, importance: 0 })),
    remainder: 0,
    points: n,
    totalVariance: 0,
    nonFinite: handled.nonFinite,
    trees,
    seed: options.seed,
  });
  if (n < 2 || !(totalVariance > 0)) return zero();

  const sortedByFeature = features.columns.map((column) => {
    const byValue = Int32Array.from({ length: n }, (_, i) => i);
    return byValue.sort((a, b) => column[a] - column[b] || a - b);
  });
  const [draws] = resampleIndices([n], trees, options.seed);
  const featureUniform = seededUniform(`${String(options.seed)}/features`);
  const fractions = settings.map(() => [] as number[]);
  const counts = new Int32Array(n);
  for (let t = 0; t < trees; t++) {
    counts.fill(0);
    for (let k = t * n; k < (t + 1) * n; k++) counts[draws[k]]++;
    const tree = growRegressionTree(features, metric, counts, sortedByFeature, featureUniform, { featuresPerSplit, maxDepth });
    const { variance, mainEffects } = decomposeTree(tree, encoded.domains);
    // Trees whose bootstrap saw one metric value predict a constant: Optuna leaves them out of the average.
    if (!(variance > 0)) continue;
    mainEffects.forEach((v, g) => fractions[g].push(Math.min(1, Math.max(0, v / variance))));
  }
  if (fractions[0].length === 0) return zero();

  const means = fractions.map((f) => f.reduce((a, b) => a + b, 0) / f.length);
  const sum = means.reduce((a, b) => a + b, 0);
  return {
    settings: settings.map((s, g) => ({
      setting: s.name,
      fraction: means[g],
      fractionStd: Math.sqrt(fractions[g].reduce((acc, f) => acc + (f - means[g]) ** 2, 0) / fractions[g].length),
      importance: sum > 0 ? means[g] / sum : 0,
    })),
    remainder: Math.max(0, 1 - sum),
    points: n,
    totalVariance,
    nonFinite: handled.nonFinite,
    trees,
    seed: options.seed,
  };
}

function populationVariance(xs: Float64Array): number {
  if (xs.length === 0) return 0;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / xs.length;
}

/** Each setting as a numeric column (log10 when log-scaled) or category indices, with the domain it is decomposed over. */
function encode(
  points: readonly ImportancePoint[],
  indices: readonly number[],
  settings: readonly ImportanceSetting[],
): { columns: Float64Array[]; categories: number[]; domains: FeatureDomain[] } {
  const columns: Float64Array[] = [];
  const categories: number[] = [];
  const domains: FeatureDomain[] = [];
  for (const setting of settings) {
    const values = points.map((point, p) => settingValueOf(point, setting.name, indices[p], 'forestImportance'));
    if (setting.type === 'number' || setting.type === 'integer') {
      const column = Float64Array.from(values, (value, p) => numericValue(value, setting, indices[p]));
      let low = Math.min(...column);
      let high = Math.max(...column);
      if (setting.range) {
        const [min, max] = [setting.range.min, setting.range.max].map((v) => numericValue(v, setting, -1));
        if (!(min <= low && high <= max)) {
          throw new Error(`stats: forestImportance: ${setting.name} has values outside its range [${setting.range.min}, ${setting.range.max}]`);
        }
        [low, high] = [min, max];
      } else if (setting.type === 'integer' && !setting.log && column.length > 0) {
        [low, high] = [low - 0.5, high + 0.5];
      }
      columns.push(column);
      categories.push(0);
      domains.push(column.length > 0 ? { low, high } : { low: 0, high: 0 });
      continue;
    }
    const levels = [...new Map(values.map((v) => [levelKey(v), v])).values()].sort(compareLevels);
    const indexOf = new Map(levels.map((v, k) => [levelKey(v), k]));
    columns.push(Float64Array.from(values, (v) => indexOf.get(levelKey(v))!));
    categories.push(levels.length);
    domains.push({ categories: levels.length });
  }
  return { columns, categories, domains };
}

/** The value the forest sees: log10 for a log-scaled setting. `point` −1 means the setting's range. */
function numericValue(value: SettingValue, setting: ImportanceSetting, point: number): number {
  const where = point < 0 ? `${setting.name}'s range` : `point ${point}`;
  if (typeof value !== 'number') {
    throw new Error(`stats: forestImportance: ${where} has ${setting.name} = ${JSON.stringify(value)}, but ${setting.name} is declared '${setting.type}'; declare it 'choice' to treat its values as categories`);
  }
  if (!setting.log) return value;
  if (!(value > 0)) throw new Error(`stats: forestImportance: ${where} has ${setting.name} = ${value}, but a log-scaled setting needs values > 0`);
  return Math.log10(value);
}
