/** An optimizer's time to target on one workload, aggregated over its replicates. */
export interface TimeToTarget {
  /** Median over the replicates, a replicate that never reached counting as ∞; null when that median is ∞. */
  readonly time: number | null;
  /** How many replicates reached the target. */
  readonly replicatesReached: number;
  readonly replicates: number;
}

/**
 * t = median over replicates of the time each one took to reach the target (steps or examples), a replicate that
 * never reached it counting as ∞, as AlgoPerf does with its studies ("Trials that do not reach the target within
 * max_runtime receive ∞, (which participates in the median)", docs/DOCUMENTATION.md of
 * mlcommons/algorithmic-efficiency; `np.median(time_vals_per_study)` in scoring/performance_profile.py).
 *
 * Why the median with ∞ inside it: it is finite exactly when a strict majority of replicates reached the target
 * (with n even, half reaching puts ∞ among the two middle values, whose mean numpy takes, so it is not reached),
 * so one lucky seed cannot make an optimizer "reach" a workload, and one unlucky seed cannot take it away. The
 * mean would be ∞ for any miss, the minimum would reward luck.
 *
 * `times[k]` is replicate k's time (RunSummary.stepsToTarget or examplesToTarget); null or Infinity = not reached.
 */
export function timeToTarget(times: readonly (number | null)[]): TimeToTarget {
  if (times.length === 0) throw new RangeError('stats: the time to target of no replicates is undefined');
  const asNumbers = times.map((t, k) => {
    if (t === null || t === Infinity) return Infinity;
    if (!(t > 0 && Number.isFinite(t))) {
      throw new RangeError(`stats: replicate ${k}'s time to target must be a positive number, null or Infinity (not reached), got ${t}`);
    }
    return t;
  });
  const sorted = asNumbers.sort((a, b) => a - b);
  const n = sorted.length;
  const middle = Math.floor(n / 2);
  // numpy's median: the middle value, or the mean of the two middle values (∞ when either is ∞).
  const median = n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const replicatesReached = sorted.filter(Number.isFinite).length;
  return { time: Number.isFinite(median) ? median : null, replicatesReached, replicates: n };
}
