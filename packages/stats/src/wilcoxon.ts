import { normalCdf } from './normal.js';
import { assertFinite, averageRanks, tieGroupSizes } from './summaries.js';

/** Up to this many non-zero differences the signed-rank distribution is counted exactly (as SciPy does). */
export const WILCOXON_EXACT_MAX = 50;

/** The result of a two-sided Wilcoxon signed-rank test on paired differences. */
export interface WilcoxonResult {
  /** T = min(R₊, R₋), the smaller of the rank sums of the positive and of the negative differences. */
  readonly statistic: number;
  /** R₊, the sum of the ranks of |d| over the positive differences. */
  readonly rankSumPositive: number;
  readonly pValue: number;
  /** 'exact' counts all 2ⁿ sign patterns; 'normal' is the normal approximation with the tie correction. */
  readonly method: 'exact' | 'normal';
  /** (T − n(n+1)/4) / σ, for the normal approximation only. */
  readonly zStatistic?: number;
  /** Differences of exactly 0, left out before ranking (SciPy's zero_method='wilcox'). */
  readonly zeros: number;
  /** Non-zero differences ranked. */
  readonly n: number;
}

/**
 * Two-sided Wilcoxon signed-rank test of "the differences are symmetric about 0".
 * Zeros are dropped (zero_method='wilcox'); tied |d| share their average rank.
 * Exact (p = 2·min(P(R₊ ≤ r), P(R₊ ≥ r)) over the 2ⁿ equally likely sign patterns) when n ≤ 50 and there are
 * no zeros and no ties; otherwise the normal approximation without continuity correction:
 * z = (T − n(n+1)/4) / √((n(n+1)(2n+1) − ½Σ(t³ − t)) / 24) over tie groups of size t, p = 2·Φ(−|z|).
 * Matches scipy.stats.wilcoxon(d, method='exact') and (d, method='approx') respectively. With no non-zero
 * difference p = 1 (SciPy refuses that input).
 */
export function wilcoxonSignedRank(differences: readonly number[]): WilcoxonResult {
  assertFinite(differences, 'the differences');
  const nonZero = differences.filter((d) => d !== 0);
  const zeros = differences.length - nonZero.length;
  const n = nonZero.length;
  if (n === 0) return { statistic: 0, rankSumPositive: 0, pValue: 1, method: 'exact', zeros, n };
  const magnitudes = nonZero.map(Math.abs);
  const ranks = averageRanks(magnitudes);
  let rankSumPositive = 0;
  let rankSumNegative = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) rankSumPositive += ranks[i];
    else rankSumNegative += ranks[i];
  });
  const statistic = Math.min(rankSumPositive, rankSumNegative);
  const ties = tieGroupSizes(magnitudes);
  // Trap: SciPy 1.10's default ('auto') also takes the exact branch when |d| has ties, and truncates the
  // half-integer rank sum to an integer there: not a valid p-value. Ties and zeros take the normal branch here.
  if (n <= WILCOXON_EXACT_MAX && zeros === 0 && ties.length === 0) {
    const counts = signedRankCounts(n);
    const total = 2 ** n;
    const r = rankSumPositive;
    let atMost = 0;
    let atLeast = 0;
    for (let s = 0; s < counts.length; s++) {
      if (s <= r) atMost += counts[s];
      if (s >= r) atLeast += counts[s];
    }
    const pValue = Math.min(1, (2 * Math.min(atMost, atLeast)) / total);
    return { statistic, rankSumPositive, pValue, method: 'exact', zeros, n };
  }
  const expected = (n * (n + 1)) / 4;
  let variance24 = n * (n + 1) * (2 * n + 1);
  for (const t of ties) variance24 -= 0.5 * (t * t * t - t);
  const zStatistic = (statistic - expected) / Math.sqrt(variance24 / 24);
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(zStatistic)));
  return { statistic, rankSumPositive, pValue, method: 'normal', zStatistic, zeros, n };
}

/**
 * counts[s] = how many of the 2ⁿ subsets of the ranks {1, …, n} sum to s: the null distribution of R₊ times 2ⁿ.
 * Whole numbers below 2⁵⁰ for n ≤ 50, so every count and every tail sum is exact in a double.
 */
export function signedRankCounts(n: number): Float64Array {
  const maxSum = (n * (n + 1)) / 2;
  const counts = new Float64Array(maxSum + 1);
  counts[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    // Add `rank` to every subset found so far; walk downwards so each subset takes it at most once.
    for (let s = (rank * (rank + 1)) / 2; s >= rank; s--) counts[s] += counts[s - rank];
  }
  return counts;
}
