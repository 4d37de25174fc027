import type { Rng } from '@descent/tensor';
import type { Axis, NumericAxis } from './space.js';
import { truncatedNormalLogMass, truncatedNormalLogPdf, truncatedNormalQuantile, type TruncatedNormal } from './truncatedNormal.js';

// The Parzen estimator of TPE (Bergstra et al. 2011) as Optuna builds it (optuna/samplers/_tpe/
// parzen_estimator.py, 3.1): a mixture with one component per observation plus one prior component. A component
// is a product over the axes of a truncated normal (numeric axes) or a smoothed one-hot distribution
// (categorical axes). Univariate TPE builds one estimator per axis; multivariate one over all the axes, whose
// components then tie the axes together.

/** How the estimator is built: Optuna's TPESampler arguments of the same names, with their defaults. */
export interface ParzenOptions {
  /** Weight of the prior component, against 1 per observation (Optuna: prior_weight = 1). */
  priorWeight: number;
  /** Floor the bandwidths at range / min(100, components) (Optuna: consider_magic_clip = true). */
  considerMagicClip: boolean;
  /** Let the outermost observations' bandwidths reach to the bounds (Optuna: consider_endpoints = false). */
  considerEndpoints: boolean;
  /** One bandwidth for all, Scott's rule as in BOHB (Optuna: multivariate = false). */
  multivariate: boolean;
}

export const PARZEN_DEFAULTS: ParzenOptions = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, multivariate: false };

/** One axis of every component: truncated normals (numeric) or probability rows over the choices (categorical). */
export type AxisKernels = { axis: NumericAxis; kernels: TruncatedNormal[] } | { axis: Axis & { kind: 'categorical' }; probabilities: Float64Array[] };

export interface ParzenEstimator {
  /** Mixture weights, normalised; the last is the prior's. */
  weights: Float64Array;
  /** Per axis, one kernel per component (same order as `weights`). */
  axes: AxisKernels[];
}

/**
 * The estimator of the observations (internal coordinates, `observations[i][a]` for axis a), in the order
 * given: the order of the components, which only the draws depend on. Every observation weighs 1 (Optuna's
 * default_weights, while a set holds fewer than 25; beyond that Optuna down-weights the oldest, and a history
 * in canonical order has no oldest).
 */
export function parzenEstimator(axes: readonly Axis[], observations: readonly (readonly number[])[], options: ParzenOptions = PARZEN_DEFAULTS): ParzenEstimator {
  const n = observations.length;
  const weights = new Float64Array(n + 1).fill(1);
  weights[n] = options.priorWeight;
  const total = n + options.priorWeight;
  for (let i = 0; i <= n; i++) weights[i] /= total;
  return {
    weights,
    axes: axes.map((axis, a) => {
      const column = observations.map((observation) => observation[a]);
      if (axis.kind === 'categorical') return { axis, probabilities: categoricalRows(axis.count, column, options.priorWeight) };
      const sigmas = bandwidths(axis, column, options, axes.length);
      const mus = [...column, 0.5 * (axis.low + axis.high)];
      return { axis, kernels: mus.map((mu, i) => ({ mu, sigma: sigmas[i], low: axis.low, high: axis.high })) };
    }),
  };
}

/**
 * Row i: priorWeight/(n+1) on every choice plus 1 on observation i's choice, normalised; the prior's row is
 * uniform. (Optuna's _calculate_categorical_params.)
 */
function categoricalRows(count: number, column: readonly number[], priorWeight: number): Float64Array[] {
  const smoothing = priorWeight / (column.length + 1);
  const rows = column.map((choice) => {
    const row = new Float64Array(count).fill(smoothing);
    row[choice] += 1;
    return row.map((p) => p / (1 + count * smoothing));
  });
  rows.push(new Float64Array(count).fill(1 / count));
  return rows;
}

/**
 * The bandwidth of each component, the prior's last (Optuna's _calculate_numerical_params):
 * - univariate: the larger gap to a neighbour among the sorted means, with [low, high] as outer neighbours;
 *   without considerEndpoints the two outermost use their inner gap only;
 * - multivariate: 0.2 · n^(−1/(d+4)) · (high − low) for all (Scott's rule as in BOHB);
 * then clipped to [(high − low)/min(100, n + 2) with the magic clip (else 1e-12), high − low]; the prior's is
 * high − low, its mean the middle of the range.
 */
export function bandwidths(axis: NumericAxis, column: readonly number[], options: ParzenOptions, dimensions: number): number[] {
  const { low, high } = axis;
  const range = high - low;
  const mus = [...column, 0.5 * (low + high)];
  const count = mus.length;
  let sigmas: number[];
  if (options.multivariate) {
    const sigma0 = 0.2 * Math.max(column.length, 1) ** (-1 / (dimensions + 4));
    sigmas = mus.map(() => sigma0 * range);
  } else {
    // A stable sort: equal means keep their order, so the result never depends on the sort's tie-breaking.
    const order = mus.map((_, i) => i).sort((i, j) => mus[i] - mus[j] || i - j);
    const edges = [low, ...order.map((i) => mus[i]), high];
    const sorted = order.map((_, r) => Math.max(edges[r + 1] - edges[r], edges[r + 2] - edges[r + 1]));
    if (!options.considerEndpoints && edges.length >= 4) {
      sorted[0] = edges[2] - edges[1];
      sorted[count - 1] = edges[count] - edges[count - 1];
    }
    sigmas = new Array<number>(count);
    order.forEach((i, r) => (sigmas[i] = sorted[r]));
  }
  const minSigma = options.considerMagicClip ? range / Math.min(100, 1 + count) : 1e-12;
  sigmas = sigmas.map((sigma) => Math.min(range, Math.max(minSigma, sigma)));
  sigmas[count - 1] = range;
  return sigmas;
}

/** log of the mixture's density (numeric axes) times probability (integer cells, choices) at an internal point. */
export function parzenLogPdf(estimator: ParzenEstimator, x: readonly number[]): number {
  const { weights } = estimator;
  const terms = Array.from(weights, (w) => Math.log(w));
  estimator.axes.forEach((entry, a) => {
    for (let i = 0; i < terms.length; i++) terms[i] += componentLogPdf(entry, i, x[a]);
  });
  const max = Math.max(...terms);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const term of terms) sum += Math.exp(term - max);
  return max + Math.log(sum);
}

function componentLogPdf(entry: AxisKernels, i: number, value: number): number {
  if ('probabilities' in entry) return Math.log(entry.probabilities[i][value]);
  const { cell } = entry.axis;
  if (cell === null) return truncatedNormalLogPdf(entry.kernels[i], value);
  const [from, to] = cell(value);
  return truncatedNormalLogMass(entry.kernels[i], from, to);
}

/**
 * `count` draws, internal coordinates rounded to the axes' values: a component by its weight, then each axis
 * from that component. Draw order: `count` uniforms for the components, then `count` per axis in axis order.
 */
export function sampleParzen(estimator: ParzenEstimator, random: Rng, count: number): number[][] {
  const components = Array.from({ length: count }, () => pick(estimator.weights, random.uniform()));
  const samples = components.map(() => new Array<number>(estimator.axes.length));
  estimator.axes.forEach((entry, a) => {
    components.forEach((component, s) => {
      const u = random.uniform();
      if ('probabilities' in entry) {
        samples[s][a] = pick(entry.probabilities[component], u);
      } else {
        const x = truncatedNormalQuantile(entry.kernels[component], u);
        samples[s][a] = entry.axis.cell === null ? x : entry.axis.toInternal(entry.axis.fromInternal(x));
      }
    });
  });
  return samples;
}

/** The index i where the cumulative probability first exceeds u (the last index if rounding leaves u above all). */
function pick(probabilities: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  for (let i = 0; i < probabilities.length; i++) {
    cumulative += probabilities[i];
    if (u < cumulative) return i;
  }
  return probabilities.length - 1;
}
