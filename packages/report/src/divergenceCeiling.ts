/**
 * Where a loss chart stops: the rule the server's curve charts (views/_curveChart.ts) and the page script's
 * (client/curves.ts) both apply. Pure, without DOM or Node types, so both builds import it.
 */

/** A loss rising above this multiple of the highest starting loss is a run blowing up: the chart stops there. */
export const DIVERGENCE_CEILING = 2;

/** One point of a series' mean curve with its min–max band, keyed by the series' label. */
export interface BandPoint {
  label: string;
  x: number;
  mean: number;
  low: number;
  high: number;
}

/**
 * The top of a loss chart's y-axis: DIVERGENCE_CEILING × the highest first value among the series, or
 * null when nothing goes above it (or no series starts above 0, where a multiple means nothing).
 * Without it, one diverging curve at 10⁶ flattens every other curve onto the bottom edge.
 */
export function divergenceCeiling(points: readonly BandPoint[]): number | null {
  const firstOf = new Map<string, BandPoint>();
  for (const point of points) {
    const first = firstOf.get(point.label);
    if (first === undefined || point.x < first.x) firstOf.set(point.label, point);
  }
  const highestStart = Math.max(...[...firstOf.values()].map((point) => point.mean));
  if (!(highestStart > 0)) return null;
  const ceiling = DIVERGENCE_CEILING * highestStart;
  return points.some((point) => point.high > ceiling) ? ceiling : null;
}

/** A value drawn on a cut chart: no higher than the ceiling (unchanged without one), so a band or an end mark stays on the chart. */
export function belowCeiling(value: number, ceiling: number | null): number {
  return ceiling === null ? value : Math.min(value, ceiling);
}

/**
 * How far above the ceiling, as a multiple of it, a cut chart still places a line's points: far enough that a line
 * leaving the top edge leaves it where it would (the chart clips the rest), near enough that the browser can read
 * the coordinates. Trap: a diverged run's loss of 1e40 on an axis cut at 1.4 is a pixel position beyond a float,
 * and Chromium rejects the whole path ("<path> attribute d: Expected number").
 */
export const OFF_CHART = 1e6;

/** A value placed on a cut chart's line: no higher than OFF_CHART × the ceiling (unchanged without one). */
export function heldOffChart(value: number, ceiling: number | null): number {
  return ceiling === null ? value : Math.min(value, OFF_CHART * ceiling);
}

/**
 * The y-domain of a chart cut at `ceiling`: from the lowest band value (on a linear axis, from 0 when that
 * is lower, as an uncut chart starts) to the ceiling; null without a ceiling (the scale's own domain).
 */
export function cutDomain(points: readonly BandPoint[], ceiling: number | null, log: boolean): [number, number] | null {
  if (ceiling === null) return null;
  const lowest = Math.min(...points.map((point) => point.low));
  return [log ? lowest : Math.min(0, lowest), ceiling];
}
