import { percentileOfSorted, sampleVariance } from './summaries.js';

/** Fraction of the metric's spread below which a difference is taken not to matter (default δ). */
export const DEFAULT_DELTA_FRACTION = 0.05;

/**
 * Default practical-equivalence margin: δ = fraction × IQR, the interquartile range (75th − 25th percentile,
 * numpy-linear) of the metric over every run of the sweep. The IQR ignores the few diverged or wild runs that
 * would inflate a standard deviation. When the middle half of the runs share one value (IQR = 0), the
 * sample standard deviation takes its place; when every value is equal, δ = 0. Non-finite values (runs that
 * diverged to NaN or Infinity) are left out.
 */
export function defaultDelta(values: readonly number[], fraction: number = DEFAULT_DELTA_FRACTION): number {
  if (!(fraction >= 0)) throw new RangeError(`stats: the δ fraction must be ≥ 0, got ${fraction}`);
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) throw new RangeError('stats: δ needs at least one finite value of the metric');
  const sorted = Float64Array.from(finite).sort();
  const iqr = percentileOfSorted(sorted, 75) - percentileOfSorted(sorted, 25);
  const spread = iqr > 0 ? iqr : Math.sqrt(sampleVariance(finite));
  return fraction * spread;
}
