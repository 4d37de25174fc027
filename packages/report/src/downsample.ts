/** The most points a drawn curve needs: a 560–760-pixel chart shows no more (5 pixels or more a point). */
export const CHART_CURVE_POINTS = 100;

/**
 * Which points of a long curve a chart needs: min–max per bucket (the M4 family's idea without the first and
 * last of each bucket, which neighbouring buckets already bound). The first and last points are kept, the
 * points between are split into equal index buckets, and each bucket keeps the index of its lowest `low` and
 * of its highest `high`, in index order. So every spike and every dip survives (a chart of a noisy loss
 * looks the same), unlike an even stride, and unlike largest-triangle-three-buckets nothing depends on the
 * neighbouring bucket's choice, which makes the rule easy to state and test.
 *
 * `low` and `high` are two views of one curve (a configuration's min and max over its replicates; the same
 * array for a single run). Non-finite values are never chosen. Short curves come back whole.
 *
 * Returns kept indices, ascending, at most `maxPoints` of them (`maxPoints` ≥ 2).
 */
export function minMaxDownsample(low: readonly number[], high: readonly number[] = low, maxPoints = 100): number[] {
  const n = low.length;
  if (n <= maxPoints) return low.map((_, i) => i);
  const buckets = Math.floor((maxPoints - 2) / 2);
  const inner = n - 2;
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lowest = -1;
    let highest = -1;
    for (let i = from; i < to; i++) {
      if (Number.isFinite(low[i]) && (lowest < 0 || low[i] < low[lowest])) lowest = i;
      if (Number.isFinite(high[i]) && (highest < 0 || high[i] > high[highest])) highest = i;
    }
    for (const index of [lowest, highest].filter((i) => i >= 0).sort((a, b) => a - b)) {
      if (kept[kept.length - 1] !== index) kept.push(index);
    }
  }
  kept.push(n - 1);
  return kept;
}
