import { metricSeries } from '../train.js';
import type { RunRecord } from '../types.js';
import type { BenchCurvePoint } from './types.js';

/** How many points a result's curve keeps: enough for a chart, small enough for a summary of 8 workloads × 10 optimizers. */
export const CURVE_POINTS = 50;

/**
 * The replicates' mean metric along training, on the examples axis: point i is the mean of every replicate's i-th
 * evaluation (the replicates of one configuration evaluate at the same examples), null where a replicate has no
 * finite value there (it diverged before). Kept at most `maxPoints` points, evenly spaced, the last always.
 */
export function meanCurve(replicates: readonly RunRecord[], maxPoints = CURVE_POINTS): BenchCurvePoint[] {
  const series = replicates.map((record) => metricSeries(record.config, record.epochs, record.trajectory));
  const longest = series.reduce((a, b) => (b.length > a.length ? b : a), []);
  const points = longest.map((point, i): BenchCurvePoint => {
    let sum = 0;
    for (const s of series) sum += i < s.length && Number.isFinite(s[i].value) ? s[i].value : NaN;
    return { examples: point.examples, value: Number.isFinite(sum) ? sum / series.length : null };
  });
  if (points.length <= maxPoints) return points;
  const every = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => points[Math.round(k * every)]);
}
