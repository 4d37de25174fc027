/**
 * The data island: what the page's script needs to explore a sweep, written by the server into
 * `<script id="explore-data">` (JSON, packed: packedScript.ts) and read by the client bundle. A contract between
 * two builds of this package: change its shape, bump `EXPLORE_DATA_VERSION` (the client refuses any other).
 *
 * Compact on purpose (a 1,000-run sweep ships it whole): categorical values are indices into their
 * setting's `categories`, numbers are the exact recorded values (a brush compares them, so no rounding), and the
 * page holds it in columns (`exploreWire.ts`), deflated (`packedScript.ts`); the script decodes it into this shape.
 */

/** Version 4: the page holds it in columns (exploreWire.ts); 5: packed (packedScript.ts). */
export const EXPLORE_DATA_VERSION = 5;

/** The id of the island's <script> element. */
export const EXPLORE_DATA_ID = 'explore-data';

export interface ExploreData {
  version: typeof EXPLORE_DATA_VERSION;
  metric: { name: string; goal: 'minimize' | 'maximize'; log: boolean };
  /** The settings the sweep varied on their own (the report's label keys), in the sweep's order: one axis each. */
  settings: ExploreSetting[];
  /** The runs' configurations (replicates share one), in the report's order; runs point into it. */
  configurations: ExploreConfiguration[];
  runs: ExploreRun[];
  /** The learning curve each run carries (version 2), or null when no run recorded one. */
  curves: ExploreCurves | null;
  /** Every config key of the runs (version 2), for the run diff: the values all runs share, the rest per configuration. */
  config: ExploreConfig;
}

/** Which curve the runs carry: the one the learning-curves view draws for the sweep's metric. */
export interface ExploreCurves {
  /** The curve quantity ('loss', 'test_loss', ...), as `src/curves.ts` names it. */
  quantity: string;
  /** As the learning-curves view titles it: 'test loss'. */
  title: string;
  /** The x-axis ('examples', or the first the runs have), and its label ('examples seen'). */
  axis: string;
  axisLabel: string;
  /** The most points a packed curve holds (min–max per bucket: `src/downsample.ts`); the run store keeps every point. */
  maxPoints: number;
}

export interface ExploreConfig {
  /** Every dotted config key some run has, sorted. */
  keys: string[];
  /** Per key: the value every run has, as the report writes it, or null when runs differ (then see `ExploreConfiguration.config`). */
  shared: (string | null)[];
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

export interface ExploreConfiguration {
  /** As the rest of the report writes it: 'lr=0.1 · momentum=0.9'. */
  label: string;
  /** Per setting, in `settings` order: the number (numeric), the index into `categories` (categorical), or null when absent. */
  values: (number | null)[];
  /** The values of the config keys whose `shared` is null, in `config.keys` order (version 2). */
  config: string[];
  /** The curve's x positions (`curveCodec.ts`), shared by the configuration's runs; '' without curves (version 2). */
  curveX: string;
}

export interface ExploreRun {
  id: string;
  replicate: number;
  /**
   * The record's status: 'finished', 'diverged', 'failed' or 'pruned'. A string here: the page script is
   * type-checked for the browser alone, without the runner's (Node) types.
   */
  status: string;
  /** Index into `configurations`. */
  configuration: number;
  /** The metric's final value; null when not a finite number (a diverged or failed run). (Version 3 dropped `best`: nothing read it.) */
  final: number | null;
  /** The run's curve values at its configuration's `curveX` (`curveCodec.ts`); shorter when it stopped early (version 2). */
  curve: string;
}

/** A run's value of the setting at `index` (see `ExploreConfiguration.values`). */
export function settingValue(data: ExploreData, run: ExploreRun, index: number): number | null {
  return data.configurations[run.configuration].values[index];
}

/** A run's row in the table of runs has the id `run-<run id>` (so `#run-<id>` links to it); the page script reads the run back from it. */
export const RUN_ROW_ID_PREFIX = 'run-';

export function runRowId(runId: string): string {
  return RUN_ROW_ID_PREFIX + runId;
}

/** The run id of a table row with a `runRowId` id, or null for any other row (any object with an id: this file is shared with the server, which has no DOM types). */
export function runIdOfRow(row: { readonly id: string }): string | null {
  return row.id.startsWith(RUN_ROW_ID_PREFIX) ? row.id.slice(RUN_ROW_ID_PREFIX.length) : null;
}

/**
 * The attribute that names a configuration (its index in `configurations`) on what the server draws for it:
 * the heatmap's cells and values, the verdict table's rows. The page's script dims and picks by it.
 */
export const CONFIGURATION_ATTRIBUTE = 'data-configuration';
