/**
 * Okabe–Ito, the colour-blind-safe qualitative palette (Okabe & Ito, "Color Universal Design", 2008),
 * ordered for lines on white, then two colours that stay distinct from those under the common colour-vision
 * deficiencies (grey, and wine from Paul Tol's muted scheme) so a sweep of every built-in optimizer plus two
 * plugins (nine series) keeps a colour each.
 */
export const OKABE_ITO: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
  '#999999', // grey
  '#882255', // wine (Tol)
];

/** How many series one chart colours distinctly; beyond this a chart shows the best ones and says so. */
export const MAX_COLOURED_SERIES = OKABE_ITO.length;

/** Sequential scheme for heatmaps: viridis is colour-blind safe and prints in greyscale in order. */
export const SEQUENTIAL_SCHEME = 'viridis';

/** Fill of heatmap cells whose runs diverged or failed: neutral, so it never reads as a metric value. */
export const MARKED_CELL_FILL = '#e5e5e5';
