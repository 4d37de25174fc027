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

/**
 * Scale-free oscillation of a positive loss series over its second half: the sample standard deviation of
 * the step-to-step change of log10(loss), sd(Δ log10 ℓ) = sd(log10(ℓ_{t+1} / ℓ_t)). A batch-1 loss that jumps
 * between 1e-6 and 1e-4 oscillates more than a batch-16 loss that wobbles between 1.0e-4 and 1.2e-4, which
 * an absolute standard deviation gets backwards. NaN when fewer than 3 values, or a value is not positive.
 */
export function relativeOscillation(losses: readonly number[]): number {
  const tail = losses.slice(Math.floor(losses.length / 2)).filter(Number.isFinite);
  if (tail.length < 3 || tail.some((loss) => loss <= 0)) return NaN;
  const changes = tail.slice(1).map((loss, i) => Math.log10(loss / tail[i]));
  return standardDeviation(changes);
}
