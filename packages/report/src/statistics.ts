/** Summary statistics over replicates. Inputs are finite numbers; callers filter NaN/Infinity first. */

/** mean(v) = Σ vᵢ / n; NaN for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample standard deviation sd(v) = √(Σ (vᵢ − mean)² / (n − 1)); 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const centre = mean(values);
  let sumOfSquares = 0;
  for (const value of values) sumOfSquares += (value - centre) ** 2;
  return Math.sqrt(sumOfSquares / (values.length - 1));
}

/** [min(v), max(v)]; [NaN, NaN] for an empty list. */
export function extent(values: readonly number[]): [number, number] {
  if (values.length === 0) return [NaN, NaN];
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return [low, high];
}

/** The finite members of a list (NaN and ±Infinity mark diverged values in records). */
export function finiteValues(values: Iterable<number | null | undefined>): number[] {
  const kept: number[] = [];
  for (const value of values) if (typeof value === 'number' && Number.isFinite(value)) kept.push(value);
  return kept;
}

/** True when every value is positive and max/min ≥ `ratio`: the values span decades, so a log axis reads better. */
export function spansDecades(values: readonly number[], ratio = 100): boolean {
  const finite = finiteValues(values);
  if (finite.length < 2) return false;
  const [low, high] = extent(finite);
  return low > 0 && high / low >= ratio;
}

