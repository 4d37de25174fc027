/**
 * Holm's step-down adjusted p-values: with p₍₁₎ ≤ … ≤ p₍ₘ₎, p̃₍ᵢ₎ = min(1, maxⱼ≤ᵢ (m − j + 1)·p₍ⱼ₎), returned in
 * the input's order. Rejecting every p̃ ≤ α keeps the chance of any false "better"/"worse" among the m
 * comparisons ≤ α (statsmodels' multipletests(method='holm')).
 */
export function holm(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`stats: p-value ${i} must be in [0, 1], got ${p}`);
  });
  const m = pValues.length;
  // Stable sort: equal p-values keep their order, so the result never depends on the sort's tie-breaking.
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = running;
  });
  return adjusted;
}
