import type { Interval } from './bootstrap.js';

/** What a comparison of A against B concluded. */
export type Verdict = 'better' | 'worse' | 'equivalent' | 'undecided';

/** The evidence a verdict weighs; the effect is oriented so that positive means A is better. */
export interface Evidence {
  /** Confidence interval of the effect (positive = A better). */
  readonly interval: Interval;
  /** The test's p-value after Holm's correction over all comparisons made together. */
  readonly adjustedPValue: number;
}

export interface VerdictOptions {
  /** Largest adjusted p-value that counts as evidence of a direction (default 0.05). */
  readonly alpha?: number;
  /** Practical-equivalence margin δ ≥ 0 in the metric's units: differences within ±δ do not matter. */
  readonly delta: number;
}

export const DEFAULT_ALPHA = 0.05;

/**
 * The decision rule, applied in this order:
 * 1. `equivalent` when −δ ≤ low and high ≤ δ: every effect the data leave plausible is too small to matter
 *    (even when the interval excludes 0: a real but negligible difference is not a win).
 * 2. `better` when low > 0 and adjusted p ≤ α; `worse` when high < 0 and adjusted p ≤ α: the interval and the
 *    test must both point the same way.
 * 3. `undecided` otherwise: a lead whose interval reaches 0, or whose test does not survive the correction,
 *    is never called a win.
 */
export function verdict(evidence: Evidence, options: VerdictOptions): Verdict {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const { delta } = options;
  const { low, high } = evidence.interval;
  if (!(delta >= 0)) throw new RangeError(`stats: the equivalence margin δ must be ≥ 0, got ${delta}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`stats: alpha must be in (0, 1), got ${alpha}`);
  if (-delta <= low && high <= delta) return 'equivalent';
  if (evidence.adjustedPValue <= alpha) {
    if (low > 0) return 'better';
    if (high < 0) return 'worse';
  }
  return 'undecided';
}
