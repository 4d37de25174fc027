import type { Comparison } from './compare.js';
import { holm } from './holm.js';
import { replicatesNeeded, type ReplicatesNeeded } from './replicatesNeeded.js';
import { DEFAULT_ALPHA, verdict, type Verdict } from './verdict.js';

export interface DecideOptions {
  /** Family-wise error rate for the whole set of comparisons (default 0.05). */
  readonly alpha?: number;
  /** Practical-equivalence margin δ in the metric's units (see defaultDelta). */
  readonly delta: number;
}

/** A comparison with its verdict among the others it was decided with. */
export interface Decision {
  readonly comparison: Comparison;
  /** Holm-adjusted p-value over all comparisons passed together. */
  readonly adjustedPValue: number;
  readonly verdict: Verdict;
  /** For an `undecided` verdict: an estimate of the replicates that would decide it (undefined if none would). */
  readonly replicatesNeeded?: ReplicatesNeeded;
}

/** Decides a family of comparisons together: Holm-adjusts their p-values, then applies `verdict` to each. */
export function decide(comparisons: readonly Comparison[], options: DecideOptions): Decision[] {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const { delta } = options;
  const adjusted = holm(comparisons.map((c) => c.pValue));
  return comparisons.map((comparison, i) => {
    const decided = verdict({ interval: comparison.interval, adjustedPValue: adjusted[i] }, { alpha, delta });
    if (decided !== 'undecided') return { comparison, adjustedPValue: adjusted[i], verdict: decided };
    const needed = replicatesNeeded(comparison, { alpha, delta, comparisons: comparisons.length });
    return { comparison, adjustedPValue: adjusted[i], verdict: decided, ...(needed ? { replicatesNeeded: needed } : {}) };
  });
}
