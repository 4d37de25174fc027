import { assertFinite } from './summaries.js';

/** The result of an exact two-sided sign test on paired differences. */
export interface SignTestResult {
  readonly positives: number;
  readonly negatives: number;
  /** Differences of exactly 0: they favour neither side and are left out (n = positives + negatives). */
  readonly zeros: number;
  readonly pValue: number;
}

/**
 * Exact two-sided sign test: p = min(1, 2·P(X ≤ min(n₊, n₋))) with X ~ Binomial(n₊ + n₋, ½); zeros are left out.
 * Equals scipy.stats.binomtest(n₊, n₊ + n₋).pvalue. With no non-zero difference, p = 1.
 */
export function signTest(differences: readonly number[]): SignTestResult {
  assertFinite(differences, 'the differences');
  const positives = differences.filter((d) => d > 0).length;
  const negatives = differences.filter((d) => d < 0).length;
  const zeros = differences.length - positives - negatives;
  const n = positives + negatives;
  const k = Math.min(positives, negatives);
  const pValue = n === 0 || 2 * k === n ? 1 : Math.min(1, 2 * binomialHalfLowerTail(k, n));
  return { positives, negatives, zeros, pValue };
}

/** P(X ≤ k) for X ~ Binomial(n, ½), as Σ_{i≤k} C(n,i) / Σ_i C(n,i), both sums taken relative to C(n, ⌊n/2⌋). */
export function binomialHalfLowerTail(k: number, n: number): number {
  // Relative to the largest coefficient, nothing overflows and the terms that underflow are negligible.
  const mode = Math.floor(n / 2);
  let below = 0; // Σ_{i ≤ min(k, mode)} C(n,i)/C(n,mode)
  let all = 0;
  let weight = 1;
  for (let i = mode; i >= 0; i--) {
    if (i <= k) below += weight;
    all += i === mode ? weight : 2 * weight; // C(n,i) = C(n,n−i): each term below the mode has a mirror above it
    weight *= i / (n - i + 1); // C(n,i−1)/C(n,i)
  }
  if (n % 2 === 1) all += 1; // odd n: C(n, mode+1) = C(n, mode) has no mirror in the loop above
  if (k > mode) {
    // Above the mode: P(X ≤ k) = 1 − P(X ≥ k+1) = 1 − P(X ≤ n−k−1) by symmetry.
    return 1 - binomialHalfLowerTail(n - k - 1, n);
  }
  return below / all;
}
