import { normalCdf } from './normal.js';
import { assertFinite, averageRanks, tieGroupSizes } from './summaries.js';

/** Up to this many values per sample (and no ties) the U distribution is computed exactly. */
export const MANN_WHITNEY_EXACT_MAX = 50;

/** The result of a two-sided Mann–Whitney U test on two independent samples. */
export interface MannWhitneyResult {
  /** U₁ = R₁ − n₁(n₁+1)/2: the number of pairs (a, b) with a > b, ties counting ½. */
  readonly statistic: number;
  readonly pValue: number;
  /** 'exact' uses the null distribution of U; 'normal' the tie-corrected normal approximation. */
  readonly method: 'exact' | 'normal';
}

/**
 * Two-sided Mann–Whitney U test of "a and b come from the same distribution". U = max(U₁, n₁n₂ − U₁).
 * Exact (p = 2·P(U_null ≥ U)) when both samples have at most 50 values and no value is shared; otherwise
 * z = (U − n₁n₂/2 − ½) / √(n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1)))), p = 2·Φ(−z) (continuity-corrected, tie-corrected).
 * Matches scipy.stats.mannwhitneyu(a, b, method='exact') and (a, b, method='asymptotic') respectively.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  assertFinite(a, 'sample A');
  assertFinite(b, 'sample B');
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('stats: the Mann–Whitney test needs at least one value in each sample');
  const both = [...a, ...b];
  const ranks = averageRanks(both);
  let rankSumA = 0;
  for (let i = 0; i < n1; i++) rankSumA += ranks[i];
  const statistic = rankSumA - (n1 * (n1 + 1)) / 2;
  const u = Math.max(statistic, n1 * n2 - statistic);
  const ties = tieGroupSizes(both);
  if (ties.length === 0 && n1 <= MANN_WHITNEY_EXACT_MAX && n2 <= MANN_WHITNEY_EXACT_MAX) {
    // P(U ≥ u) = P(U ≤ n₁n₂ − u) by symmetry; summed from the small end like SciPy.
    const pmf = mannWhitneyNullPmf(n1, n2);
    let tail = 0;
    for (let k = 0; k <= n1 * n2 - u; k++) tail += pmf[k];
    return { statistic, pValue: Math.min(1, 2 * tail), method: 'exact' };
  }
  const n = n1 + n2;
  let tieTerm = 0;
  for (const t of ties) tieTerm += t * t * t - t;
  const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sd === 0) return { statistic, pValue: 1, method: 'normal' }; // every value equal: no evidence at all
  const z = (u - (n1 * n2) / 2 - 0.5) / sd;
  return { statistic, pValue: Math.min(1, 2 * normalCdf(-z)), method: 'normal' };
}

/**
 * P(U = k) under the null for samples of m and n values, k = 0 … mn, from the recursion on the largest value:
 * f(m, n, k) = m/(m+n) · f(m−1, n, k−n) + n/(m+n) · f(m, n−1, k).
 */
export function mannWhitneyNullPmf(m: number, n: number): Float64Array {
  // previous[j] is f(i−1, j, ·) and current[j] is f(i, j, ·) while row i is being filled.
  let previous: Float64Array[] = [];
  for (let j = 0; j <= n; j++) previous.push(Float64Array.of(1)); // f(0, j, 0) = 1
  for (let i = 1; i <= m; i++) {
    const current: Float64Array[] = [Float64Array.of(1)]; // f(i, 0, 0) = 1
    for (let j = 1; j <= n; j++) {
      const f = new Float64Array(i * j + 1);
      const largestFromFirst = i / (i + j); // the largest value is one of the first sample's: U gains j
      const largestFromSecond = j / (i + j);
      const fromFirst = previous[j];
      const fromSecond = current[j - 1];
      for (let k = 0; k < fromSecond.length; k++) f[k] += largestFromSecond * fromSecond[k];
      for (let k = 0; k < fromFirst.length; k++) f[k + j] += largestFromFirst * fromFirst[k];
      current.push(f);
    }
    previous = current;
  }
  return previous[n];
}
