/**
 * The data island: what the page's script needs to explore a sweep, written by the server into
 * `<script type="application/json" id="explore-data">` and read by the client bundle. A contract between
 * two builds of this package: change its shape, bump `EXPLORE_DATA_VERSION` (the client refuses any other).
 *
 * Compact on purpose (a 1,000-run sweep ships it whole): categorical values are indices into their
 * setting's `categories`, numbers are the exact recorded values (a brush compares them, so no rounding).
 */

export const EXPLORE_DATA_VERSION = 1;

/** The id of the island's <script> element. */
export const EXPLORE_DATA_ID = 'explore-data';

export interface ExploreData {
  version: typeof EXPLORE_DATA_VERSION;
  metric: { name: string; goal: 'minimize' | 'maximize'; log: boolean };
  /** The settings the sweep varied on their own (the report's label keys), in the sweep's order: one axis each. */
  settings: ExploreSetting[];
  /** Configuration labels as the rest of the report writes them ('lr=0.1 · momentum=0.9'); runs point into it. */
  configurations: string[];
  runs: ExploreRun[];
}

export interface ExploreSetting {
  /** Dotted config key, e.g. 'optimizer.lr' (or 'sweep' in a comparison): the name the URL state uses. */
  key: string;
  /** Short name, as table columns and labels write it ('lr'). */
  name: string;
  /** Numeric settings get a continuous axis; anything else (names, lists) one tick per value. */
  kind: 'numeric' | 'categorical';
  /** A log axis (numeric only): the report's rule for settings (`wantsLogAxis`). */
  log: boolean;
  /** Categorical: each value as the report writes it, in the report's value order; runs hold indices into it. Empty when numeric. */
  categories: string[];
}

export interface ExploreRun {
  id: string;
  /** Per setting, in `settings` order: the number (numeric), the index into `categories` (categorical), or null when absent. */
  values: (number | null)[];
  replicate: number;
  /**
   * The record's status: 'finished', 'diverged', 'failed' or 'pruned'. A string here: the page script is
   * type-checked for the browser alone, without the runner's (Node) types.
   */
  status: string;
  /** Index into `configurations`. */
  configuration: number;
  /** The metric's final and best values; null when not a finite number (a diverged or failed run). */
  final: number | null;
  best: number | null;
}
