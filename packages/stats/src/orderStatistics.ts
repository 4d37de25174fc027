/**
 * Put the order statistics a few percentiles read where a sort would put them, without sorting the rest: a
 * bootstrap reads 4 to 8 positions of its 10,000 resampled statistics, and sorting them all was a quarter of each
 * bootstrap (adaptive sweeps decide between rounds while the workers wait).
 */

/**
 * The positions of ascending `sorted` (of length n) that percentileOfSorted(sorted, q) reads: the two it
 * interpolates between, or the last. Kept beside that function's arithmetic: the same index, the same branches.
 */
export function percentilePositions(n: number, q: number): number[] {
  const index = (n - 1) * (q / 100);
  if (index >= n - 1) return [n - 1];
  const below = Math.floor(index);
  return [below, below + 1];
}

/**
 * Rearrange `values` in place so that, for every position k in `positions`, values[k] is the value an ascending
 * `values.sort()` would put there; every other position holds one of the rest. Values must be finite and none
 * −0 (a sort places −0 before +0, which compare equal here): otherwise the whole array is sorted, so the answer
 * is a sort's in every case.
 *
 * Quickselect with a three-way partition (ties, common in resamples of few replicates, end the search at once),
 * narrowing to the ranges that hold a wanted position; a range that keeps not shrinking is sorted instead, so
 * no input takes quadratic time.
 */
export function selectPositions(values: Float64Array, positions: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x) || Object.is(x, -0)) {
      values.sort();
      return;
    }
  }
  const wanted = [...new Set(positions)].filter((k) => k >= 0 && k < values.length).sort((a, b) => a - b);
  if (wanted.length > 0) selectRange(values, 0, values.length - 1, wanted, 0, wanted.length - 1, 2 * Math.ceil(Math.log2(values.length + 1)) + 8);
}

/** Below this many values a range is sorted by insertion. */
const SMALL = 16;

/** Place wanted[first..last] (ascending, all within [low, high]) within values[low..high]. */
function selectRange(values: Float64Array, low: number, high: number, wanted: readonly number[], first: number, last: number, depth: number): void {
  while (first <= last) {
    if (high - low < SMALL) {
      insertionSort(values, low, high);
      return;
    }
    if (depth-- === 0) {
      values.subarray(low, high + 1).sort();
      return;
    }
    const pivot = medianOfThree(values[low], values[(low + high) >>> 1], values[high]);
    // Three ways (Dijkstra): [low, less) < pivot, [less, i) = pivot, (more, high] > pivot.
    let less = low;
    let i = low;
    let more = high;
    while (i <= more) {
      const x = values[i];
      if (x < pivot) {
        values[i++] = values[less];
        values[less++] = x;
      } else if (x > pivot) {
        values[i] = values[more];
        values[more--] = x;
      } else i++;
    }
    // Wanted positions in [less, more] hold the pivot, as in a sort. The ones below go left, the ones above right.
    let split = first;
    while (split <= last && wanted[split] < less) split++;
    let above = split;
    while (above <= last && wanted[above] <= more) above++;
    if (split - first > 0 && above <= last) selectRange(values, low, less - 1, wanted, first, split - 1, depth);
    else if (split - first > 0) {
      high = less - 1;
      last = split - 1;
      continue;
    }
    low = more + 1;
    first = above;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

function insertionSort(values: Float64Array, low: number, high: number): void {
  for (let i = low + 1; i <= high; i++) {
    const x = values[i];
    let j = i - 1;
    while (j >= low && values[j] > x) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = x;
  }
}
