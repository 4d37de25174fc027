/**
 * How the report's Plot charts are laid out, shared by the server's charts (_plot.ts re-exports these) and
 * the page script's (src/client): pure, no DOM and no Node types.
 */

/** Plot's tick format for log axes: plain numbers ("0.001", "1e-7"), not SI prefixes ("1m", "100n"). */
export const LOG_TICK_FORMAT = '~g';

/**
 * Left margin wide enough for the longest band label: Plot measures no text, so estimate ~6.5 px per
 * character of its 10 px sans-serif, plus the tick and its padding (24 px).
 */
export function marginForLabels(labels: readonly string[], minimum = 40, maximum = 400): number {
  const longest = labels.reduce((most, label) => Math.max(most, label.length), 0);
  return Math.min(maximum, Math.max(minimum, Math.ceil(longest * 6.5 + 24)));
}
