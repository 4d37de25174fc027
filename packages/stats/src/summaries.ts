// Sums, means, spreads, percentiles and ranks: the small pieces every other file builds on.

/**
 * exactSum's partial sums, in partials[0 … count). One array for every call, with a count instead of resizing
 * it: a report's bootstraps sum millions of two- or three-value resamples, and a fresh array for each (or
 * `length = used`) was most of its render time. Safe because exactSum runs to completion without calling out.
 */
const partials: number[] = [];

/** Σ xs, correctly rounded (Shewchuk's exact partial sums, as Python's math.fsum): independent of order. */
export function exactSum(xs: ArrayLike<number>): number {
  // Why exact: a bootstrap resample that is a permutation of the data must give exactly the data's mean,
  // or BCa's count of resamples "below the estimate" would depend on rounding noise (and differ from SciPy's).
  // One or two finite values need no partials: IEEE addition rounds a + b correctly (to nearest, ties to even,
  // as fsum does), and a report's bootstraps are mostly sums of two replicates.
  if (xs.length <= 2) {
    const sum = xs.length === 0 ? 0 : xs.length === 1 ? xs[0] : xs[0] + xs[1];
    if (Number.isFinite(sum)) return sum;
  }
  let count = 0;
  let special = 0;
  for (let k = 0; k < xs.length; k++) {
    let x = xs[k];
    if (!Number.isFinite(x)) {
      special += x; // NaN and ±Infinity follow ordinary arithmetic
      continue;
    }
    let used = 0;
    for (let j = 0; j < count; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        const larger = y;
        y = x;
        x = larger;
      }
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) partials[used++] = low;
      x = high;
    }
    partials[used] = x;
    count = used + 1;
  }
  if (special !== 0 || Number.isNaN(special)) return special;
  return roundPartials(partials, count);
}

/** The correctly rounded value of Σ partials[0 … count), for non-overlapping partials in increasing magnitude. */
function roundPartials(partials: readonly number[], count: number): number {
  let n = count;
  if (n === 0) return 0;
  let high = partials[--n];
  let low = 0;
  while (n > 0) {
    const x = high;
    const y = partials[--n];
    high = x + y;
    low = y - (high - x);
    if (low !== 0) break;
  }
  // Trap: round-half-even on `high + low` can be wrong when the partials below `low` push the true sum
  // past the halfway point; then the sum is rounded away from `high` by hand.
  if (n > 0 && ((low < 0 && partials[n - 1] < 0) || (low > 0 && partials[n - 1] > 0))) {
    const y = low * 2;
    const x = high + y;
    if (y === x - high) high = x;
  }
  return high;
}

/** mean(xs) = Σ xs / n, with the sum correctly rounded. */
export function mean(xs: ArrayLike<number>): number {
  return exactSum(xs) / xs.length;
}

/** s² = Σ (x − mean)² / (n − 1), the unbiased sample variance (0 for fewer than two values). */
export function sampleVariance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return 0;
  const m = mean(xs);
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) squares[i] = (xs[i] - m) ** 2;
  return exactSum(squares) / (n - 1);
}

/**
 * The q-th percentile (0 ≤ q ≤ 100) of ascending `sorted`, interpolated linearly at index (n − 1)·q/100:
 * numpy.percentile's default ('linear'), including its way of interpolating from the nearer neighbour.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('stats: the percentile of an empty list is undefined');
  if (!(q >= 0 && q <= 100)) throw new RangeError(`stats: a percentile must be in [0, 100], got ${q}`);
  const index = (n - 1) * (q / 100);
  if (index >= n - 1) return sorted[n - 1];
  const below = Math.floor(index);
  const t = index - below;
  const a = sorted[below];
  const b = sorted[below + 1];
  const gap = b - a;
  // numpy interpolates from the nearer end (b − gap·(1 − t) when t ≥ ½): the same bits as SciPy's.
  return t >= 0.5 ? b - gap * (1 - t) : a + gap * t;
}

/** Ranks 1..n of xs with tied values sharing the average of their ranks (scipy.stats.rankdata 'average'). */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((i, j) => xs[i] - xs[j]);
  const ranks = new Array<number>(xs.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && xs[order[end]] === xs[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of the ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/** Sizes of the groups of equal values that have more than one member (the ties). */
export function tieGroupSizes(xs: readonly number[]): number[] {
  const sorted = [...xs].sort((a, b) => a - b);
  const sizes: number[] = [];
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    if (end - start > 1) sizes.push(end - start);
    start = end;
  }
  return sizes;
}

/** Throws unless every value is a finite number: statistics on NaN or Infinity would decide nothing. */
export function assertFinite(xs: readonly number[], what: string): void {
  const bad = xs.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) {
    throw new RangeError(
      `stats: ${what} holds ${String(xs[bad])} at index ${bad}; compare finite values only (leave out diverged or failed runs)`,
    );
  }
}
