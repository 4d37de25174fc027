import type { Comparison } from './compare.js';
import { DEFAULT_ALPHA } from './verdict.js';
import { studentTQuantile } from './studentT.js';

export interface ReplicatesNeededOptions {
  /** The verdict's α (default 0.05). */
  readonly alpha?: number;
  /** The verdict's equivalence margin δ. */
  readonly delta: number;
  /** How many comparisons share Holm's correction (default 1); the estimate assumes the worst, α / m. */
  readonly comparisons?: number;
  /** Give up above this many replicates per configuration (default 10,000). */
  readonly max?: number;
}

/** How many replicates per configuration would probably decide a comparison, and what they would decide. */
export interface ReplicatesNeeded {
  /** Replicates per configuration in total, always at least one more than now. */
  readonly replicates: number;
  readonly additional: number;
  /** 'direction': the interval would exclude 0; 'equivalence': it would fit inside ±δ. */
  readonly towards: 'direction' | 'equivalence';
}

/**
 * An estimate, assuming the effect and the replicate spread s stay as observed: the smallest N with
 * t(1 − α/2; ν)·s/√N < |effect| and a rank test able to reach α/m at N (paired: 2/2^N ≤ α/m; independent:
 * 2/C(2N, N) ≤ α/m), or |effect| + t(1 − α/2; ν)·s/√N ≤ δ; ν = N − 1 paired, 2N − 2 independent.
 * Undefined when neither happens within `max` replicates (e.g. an effect of exactly 0 with δ = 0).
 */
export function replicatesNeeded(comparison: Comparison, options: ReplicatesNeededOptions): ReplicatesNeeded | undefined {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const m = options.comparisons ?? 1;
  const max = options.max ?? 10_000;
  const { delta } = options;
  const { paired, replicateSd } = comparison;
  const effect = Math.abs(comparison.effect);
  const now = Math.min(comparison.sizes.a, comparison.sizes.b);
  const halfWidth = (n: number) =>
    replicateSd === 0 ? 0 : (studentTQuantile(1 - alpha / 2, paired ? n - 1 : 2 * n - 2) * replicateSd) / Math.sqrt(n);
  const testCanReach = (n: number) => smallestRankTestPValue(n, paired) * m <= alpha;
  const direction = smallestSatisfying(Math.max(now, 2), max, (n) => testCanReach(n) && halfWidth(n) < effect);
  const equivalence = smallestSatisfying(Math.max(now, 2), max, (n) => effect + halfWidth(n) <= delta);
  const candidates = [
    ...(direction === undefined ? [] : [{ n: direction, towards: 'direction' as const }]),
    ...(equivalence === undefined ? [] : [{ n: equivalence, towards: 'equivalence' as const }]),
  ].sort((x, y) => x.n - y.n);
  if (candidates.length === 0) return undefined;
  // The verdict is still open, so the estimate never answers "none": at least one more replicate.
  const replicates = Math.max(candidates[0].n, now + 1);
  return { replicates, additional: replicates - now, towards: candidates[0].towards };
}

/** The smallest two-sided p-value an exact rank test can give with n replicates per configuration. */
export function smallestRankTestPValue(n: number, paired: boolean): number {
  if (paired) return 2 / 2 ** n; // every difference of one sign: 2 of the 2ⁿ sign patterns
  let central = 1; // C(2n, n), built as Π (n + i)/i
  for (let i = 1; i <= n; i++) central = (central * (n + i)) / i;
  return Math.min(1, 2 / central); // every A above every B: 2 of the C(2n, n) orderings
}

/** Binary search for the smallest n in [from, to] where a monotone (false…false, true…true) condition holds. */
function smallestSatisfying(from: number, to: number, holds: (n: number) => boolean): number | undefined {
  if (from > to || !holds(to)) return undefined;
  let low = from;
  let high = to;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
