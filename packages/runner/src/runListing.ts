import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '@descent/sweep';
import { writeCacheFile } from './cacheFile.js';
import { decodeJson, decodeJsonUnscanned, encodeJson, isObject, nestedTooDeepValue } from './json.js';
import type { StoredRun } from './storeEntries.js';
import { RUN_STATUSES, type Pruning, type RunMeta, type RunRecord, type RunStatus, type RunSummary } from './types.js';
import { fileOf, type RunState } from './runStates.js';
import { wallTimeToTarget } from './wallTimeToTarget.js';

/**
 * What `exp list <sweep>` shows of each run, and what a report's summary views read of it (all but the series), kept
 * beside the runs so that listing or reporting a large sweep does not read every record: `<sweep>/.run-listing.json`.
 * A cache, never a source, validated as the run states cache is (runStates.ts): an entry counts only while the
 * stamps (inode, size, mtime, ctime) of the run's record.json and meta.json are what they were when it was read, so
 * a rewritten, hand-edited, replaced or deleted run is read again (through the store's reader) and its entry
 * replaced. Unreadable, of another version, or unwritable: as if there were none.
 *
 * The file, written by encodeJson (keys sorted), holds the runs in columns, sorted by id: one list per fact, a run's
 * value at its id's place. JSON.parse builds a list of 100,000 numbers as one array of unboxed doubles, where a line
 * per run (version 3) built nine arrays per run, all alive until the last was read: at 100,000 runs, loading the
 * listings went from 0.78–0.83 to 0.44–0.55 s, and with one diverged run among them from 1.5 to 0.45 s (below).
 * `{"version": 4, "runIds": [runId, ...], "stamps": [stamp, ...], "states": [0 current | 1 outdated | 2 damaged,
 * ...], "damaged": [[index, file, reason], ...], ` then the facts of the current runs (at the others' places: 0 or
 * null): `"replicate": [...], "status": [index into RUN_STATUSES, ...], "wallTimeMs": [...], "divergenceStep": [...],
 * "wallTimeToTargetMs": [...], "environment": [index into environments | null, ...], "environments": [environment,
 * ...], "pruning": [[index, pruning], ...], "error": [[index, error], ...]`; a run's configuration as `"base":
 * <config>` (one run's) with the leaves where it differs, `"configChanges": [{"path": [key, ...], "runs": [index,
 * ...], "values": [value, ...]}, ...]`, or whole when its keys are not base's, `"wholeConfigs": [[index, config],
 * ...]`; its summary as the keys it has, `"summaryShape": [index into summaryKeys, ...]`, `"summaryKeys": [[key,
 * ...], ...]`, and a column per key, `"summaryColumns": {key: [value | null, ...]}`. A non-finite number in a column
 * (a diverged run's NaN loss) is written null there and listed in `"nonFinite": [[column, index, "NaN" | "Infinity" |
 * "-Infinity"], ...]` (column: a key of the file, or `summary.<key>`), so that one diverged run does not make
 * JSON.parse revive every value of the file (encodeJson's `{"$number": "NaN"}` needs a reviver). A sweep's runs
 * differ in a few settings and share a few environments and summary keys: 100,000 runs of the scale sweep (bench
 * storeScaling.ts) take ~330 bytes a run, against their folders' 15 KB. Version 1 held of a run's facts only its
 * final metric; version 2 kept a line per run in an object keyed by run id, which JSON.parse builds as a slow
 * dictionary; version 3 a list of lines.
 */
export const RUN_LISTING_FILE = '.run-listing.json';
const VERSION = 4;

/** What the runs' meta files say about where a run ran (the report's Reproducibility section). */
export type RunEnvironment = Pick<RunMeta, 'descentVersion' | 'gitCommit' | 'node' | 'kernels' | 'machine'>;

/** What a report reads of every run besides its series (the series only for the runs its page draws). */
export interface ListedFacts {
  summary: RunSummary;
  /** The step of `record.divergence`; null when the run did not diverge. */
  divergenceStep: number | null;
  /** `record.pruning`; null when the run was not pruned. */
  pruning: Pruning | null;
  error: RunRecord['error'];
  /** From meta.json; null when the run has none. */
  environment: RunEnvironment | null;
  /** wallTimeToTarget(record, meta), computed when the listing was made (it reads the series). */
  wallTimeToTargetMs: number | null;
}

/** What `exp list` shows of a run in the current record format, and a report's summary views (read from its record and meta). */
export interface RunListing extends ListedFacts {
  runId: string;
  replicate: number;
  status: RunStatus;
  /** `summary.finalMetric`. */
  finalMetric: number;
  /** From meta.json; null when the run has none (a run stopped from outside its training). */
  wallTimeMs: number | null;
  config: ResolvedConfig;
}

/** A run folder's state and, for a current run, its listing. */
export type ListedRun = { runId: string; state: RunState; listing: RunListing | null };

export type StampedListing = { stamp: string; state: RunState; listing: RunListing | null };

/** The listing of a stored run. */
export function listingOf({ record, meta }: StoredRun): RunListing {
  const { runId, replicate, status, summary, config, error } = record;
  // In the order of their keys, as a reader of the file gets them back (listingAsStored).
  const environment = meta === null ? null : { descentVersion: meta.descentVersion, gitCommit: meta.gitCommit, kernels: meta.kernels, machine: meta.machine, node: meta.node };
  return {
    runId,
    replicate,
    status,
    finalMetric: summary.finalMetric,
    wallTimeMs: meta ? meta.wallTimeMs : null,
    config,
    summary,
    divergenceStep: record.divergence?.step ?? null,
    pruning: record.pruning ?? null,
    error,
    environment,
    wallTimeToTargetMs: wallTimeToTarget(record, meta),
  };
}

/**
 * A listing as a reader gets it back, from the record.json that encodeRecord wrote or from `.run-listing.json` (keys
 * sorted, undefined fields absent): what a listing noted at write time holds, so `exp list` shows the same columns
 * in the same order as from the record. A trap: encodeRecord writes `config` and `summary` as they are (not as
 * columns); if that changes, this changes with it.
 */
export function listingAsStored(listing: RunListing): RunListing {
  return Object.fromEntries(Object.entries(listing).map(([key, value]) => [key, decodeJson(encodeJson(value))])) as unknown as RunListing;
}

/** What a run's place in the file's columns was found to be (`states`). */
const CURRENT_CODE = 0;
const OUTDATED_CODE = 1;
const DAMAGED_CODE = 2;

/** The columns that hold numbers (or null) and may hold a non-finite one; `summary.<key>` names a summary column. */
const NUMBER_COLUMNS = ['wallTimeMs', 'divergenceStep', 'wallTimeToTargetMs'] as const;
const SUMMARY_COLUMN = 'summary.';

/** A leaf where some runs' configurations differ from base: those runs, and the value each has there. */
interface ConfigChanges {
  path: string[];
  runs: number[];
  values: unknown[];
}

interface ListingFile {
  version: typeof VERSION;
  runIds: string[];
  stamps: string[];
  states: number[];
  damaged: [number, string, string][];
  replicate: number[];
  status: number[];
  wallTimeMs: (number | null)[];
  divergenceStep: (number | null)[];
  wallTimeToTargetMs: (number | null)[];
  environment: (number | null)[];
  environments: RunEnvironment[];
  pruning: [number, Pruning][];
  error: [number, NonNullable<RunRecord['error']>][];
  base: ResolvedConfig | null;
  configChanges: ConfigChanges[];
  wholeConfigs: [number, ResolvedConfig][];
  summaryShape: number[];
  summaryKeys: string[][];
  summaryColumns: Record<string, unknown[]>;
  nonFinite: [string, number, string][];
}

/** The listings stored for the sweep folder `dir` (named `sweep`): empty when the file is missing, damaged or not one we wrote. */
export function loadRunListings(dir: string, sweep: string): Map<string, StampedListing> {
  try {
    // Unscanned for depth: every value kept from the file is checked itself (deeper than decodeJson allows: no listing).
    const file = decodeJsonUnscanned<ListingFile>(readFileSync(join(dir, RUN_LISTING_FILE), 'utf8'));
    // One value not as we write them: the file is not to be trusted at all.
    return listingsOfFile(file, dir, sweep) ?? new Map();
  } catch {
    return new Map();
  }
}

function listingsOfFile(file: ListingFile, dir: string, sweep: string): Map<string, StampedListing> | null {
  if (!isObject(file) || file.version !== VERSION || !Array.isArray(file.runIds)) return null;
  const n = file.runIds.length;
  const { runIds, stamps, states, replicate, status, wallTimeMs, divergenceStep, wallTimeToTargetMs, environment, summaryShape, summaryKeys, summaryColumns, environments } = file;
  if (![stamps, states, replicate, status, wallTimeMs, divergenceStep, wallTimeToTargetMs, environment, summaryShape].every((column) => Array.isArray(column) && column.length === n)) return null;
  if (!Array.isArray(summaryKeys) || !summaryKeys.every((keys) => Array.isArray(keys) && keys.includes('finalMetric') && !keys.includes('__proto__'))) return null;
  if (!Array.isArray(environments) || !environments.every(isObject) || nestedTooDeepValue(environments) || !isObject(summaryColumns)) return null;
  // Each summary key's column, per list of keys (a run's summary has one of them).
  const shapeColumns: unknown[][][] = [];
  for (const keys of summaryKeys) {
    const columns: unknown[][] = [];
    for (const key of keys) {
      const column = Object.hasOwn(summaryColumns, key) ? summaryColumns[key] : undefined;
      if (!Array.isArray(column) || column.length !== n) return null;
      columns.push(column);
    }
    shapeColumns.push(columns);
  }
  if (!putNonFinite(file)) return null;
  const configs = configsOf(file);
  const pruning = sparseColumn(file.pruning, n);
  const error = sparseColumn(file.error, n);
  const damaged = sparseColumn(Array.isArray(file.damaged) ? file.damaged.map((entry) => (Array.isArray(entry) && entry.length === 3 ? [entry[0], entry.slice(1)] : null)) : null, n);
  if (configs === null || pruning === null || error === null || damaged === null) return null;
  const listings = new Map<string, StampedListing>();
  for (let i = 0; i < n; i++) {
    const runId = runIds[i];
    const stamp = stamps[i];
    if (typeof runId !== 'string' || typeof stamp !== 'string') return null;
    const state = states[i];
    if (state === OUTDATED_CODE) listings.set(runId, { stamp, state: OUTDATED, listing: null });
    else if (state === DAMAGED_CODE) {
      const [path, reason] = (damaged.get(i) ?? []) as unknown[];
      if (typeof path !== 'string' || typeof reason !== 'string') return null;
      listings.set(runId, { stamp, state: { state: 'damaged', damage: { sweep, runId, path: join(dir, runId, path), reason } }, listing: null });
    } else if (state === CURRENT_CODE) {
      const runStatus = RUN_STATUSES[status[i]];
      const runPruning = pruning.get(i) ?? null;
      const runError = error.get(i) ?? null;
      if (!Number.isInteger(replicate[i]) || runStatus === undefined || !numberOrNull(wallTimeMs[i]) || !numberOrNull(divergenceStep[i]) || !numberOrNull(wallTimeToTargetMs[i])) return null;
      if (!objectOrNull(runPruning) || !objectOrNull(runError) || nestedTooDeepValue(runPruning) || nestedTooDeepValue(runError)) return null;
      const environmentIndex = environment[i];
      const runEnvironment = environmentIndex === null ? null : isIndex(environmentIndex, environments.length) ? environments[environmentIndex] : undefined;
      const summary = summaryOf(i, summaryShape[i], summaryKeys, shapeColumns);
      const config = configs[i];
      if (summary === null || runEnvironment === undefined || config === undefined) return null;
      listings.set(runId, {
        stamp,
        state: CURRENT,
        listing: {
          runId,
          replicate: replicate[i],
          status: runStatus,
          finalMetric: summary.finalMetric,
          wallTimeMs: wallTimeMs[i],
          config,
          summary,
          divergenceStep: divergenceStep[i],
          pruning: runPruning as Pruning | null,
          error: runError as RunRecord['error'],
          environment: runEnvironment,
          wallTimeToTargetMs: wallTimeToTargetMs[i],
        },
      });
    } else return null;
  }
  return listings;
}

// One state object for every entry of a state: at 100,000 runs, each object more per run is garbage collection.
const CURRENT: RunState = Object.freeze({ state: 'current' });
const OUTDATED: RunState = Object.freeze({ state: 'outdated' });

const numberOrNull = (value: unknown) => value === null || typeof value === 'number';
const objectOrNull = (value: unknown) => value === null || isObject(value);
const isIndex = (value: unknown, n: number): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) < n;

/** `[[index, value], ...]` as a map from index; null when it is not such a list. */
function sparseColumn(pairs: unknown, n: number): Map<number, unknown> | null {
  if (!Array.isArray(pairs)) return null;
  const values = new Map<number, unknown>();
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2 || !isIndex(pair[0], n)) return null;
    values.set(pair[0], pair[1]);
  }
  return values;
}

/** Put the file's non-finite numbers back in their columns; false when one is not as saveRunListings lists them. */
function putNonFinite(file: ListingFile): boolean {
  if (!Array.isArray(file.nonFinite)) return false;
  const n = file.runIds.length;
  for (const entry of file.nonFinite) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !isIndex(entry[1], n) || !['NaN', 'Infinity', '-Infinity'].includes(entry[2])) return false;
    const [name, index, text] = entry;
    const summaryKey = name.startsWith(SUMMARY_COLUMN) ? name.slice(SUMMARY_COLUMN.length) : null;
    const column = summaryKey !== null ? (Object.hasOwn(file.summaryColumns, summaryKey) ? file.summaryColumns[summaryKey] : undefined) : (NUMBER_COLUMNS as readonly string[]).includes(name) ? file[name as (typeof NUMBER_COLUMNS)[number]] : undefined;
    if (!Array.isArray(column) || column[index] !== null) return false;
    column[index] = Number(text);
  }
  return true;
}

/** The summary of run `i`, whose keys are `summaryKeys[shape]`; null when it is not one listingOf gave (its values are trusted as the stamps are). */
function summaryOf(i: number, shape: unknown, summaryKeys: readonly string[][], shapeColumns: readonly unknown[][][]): RunSummary | null {
  const keys = summaryKeys[shape as number];
  if (!Number.isInteger(shape) || keys === undefined) return null;
  const columns = shapeColumns[shape as number];
  // A loop, not Object.fromEntries of pairs: 100,000 runs' pairs were a twentieth of `exp list` in the collector.
  // (Assigning is safe: listingsOfFile refuses a file whose keys include '__proto__'.)
  const summary: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) {
    const value = columns[k][i];
    if (nestedTooDeepValue(value)) return null;
    summary[keys[k]] = value;
  }
  return typeof summary.finalMetric === 'number' ? (summary as unknown as RunSummary) : null;
}

/**
 * Every current run's configuration, at its index: whole, or base with the changed leaves put in (new objects along
 * their keys, the rest shared with base and so between runs: varyingKeys walks a shared section once). Null when a
 * change is not one saveRunListings writes.
 */
function configsOf(file: ListingFile): (ResolvedConfig | undefined)[] | null {
  const { base, states, wholeConfigs, configChanges } = file;
  const n = states.length;
  const configs = new Array<ResolvedConfig | undefined>(n);
  if (!Array.isArray(wholeConfigs) || !Array.isArray(configChanges) || (base !== null && (!isObject(base) || nestedTooDeepValue(base)))) return null;
  const whole = new Set<number>();
  for (const entry of wholeConfigs) {
    if (!Array.isArray(entry) || !isIndex(entry[0], n) || !isObject(entry[1]) || nestedTooDeepValue(entry[1])) return null;
    configs[entry[0]] = entry[1];
    whole.add(entry[0]);
  }
  for (let i = 0; i < n; i++) {
    if (states[i] !== CURRENT_CODE || whole.has(i)) continue;
    if (base === null) return null;
    configs[i] = { ...base };
  }
  for (const change of configChanges) {
    if (!isObject(change) || !Array.isArray(change.runs) || !Array.isArray(change.values) || change.runs.length !== change.values.length) return null;
    const { path, runs, values } = change;
    // The path leads through base's sections to one of its leaves: checked once, it holds for every run of base's shape.
    if (base === null || !Array.isArray(path) || path.length === 0) return null;
    let node: unknown = base;
    for (let k = 0; k < path.length; k++) {
      if (!isObject(node) || typeof path[k] !== 'string' || !Object.hasOwn(node, path[k])) return null;
      node = node[path[k]];
    }
    if (isObject(node)) return null;
    const last = path.length - 1;
    for (let j = 0; j < runs.length; j++) {
      const run = runs[j];
      const value = values[j];
      if (!isIndex(run, n) || whole.has(run) || configs[run] === undefined || nestedTooDeepValue(value)) return null;
      let section = configs[run] as Record<string, unknown>;
      let baseSection = base as Record<string, unknown>;
      for (let k = 0; k < last; k++) {
        let child = section[path[k]];
        // Still base's own section: copied before its first change.
        if (child === baseSection[path[k]]) section[path[k]] = child = { ...(child as object) };
        section = child as Record<string, unknown>;
        baseSection = baseSection[path[k]] as Record<string, unknown>;
      }
      section[path[last]] = value;
    }
  }
  return configs;
}

/** Write the listings of the sweep folder `dir`; a store that cannot be written keeps no listing (nothing is lost). */
export function saveRunListings(dir: string, listings: ReadonlyMap<string, StampedListing>): void {
  const sorted = [...listings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const n = sorted.length;
  const base = sorted.find(([, entry]) => entry.listing !== null)?.[1].listing!.config ?? null;
  const baseShape = base === null ? null : shapeOf(base);
  const summaryKeys = new Interned<string[]>();
  const environments = new Interned<RunEnvironment>();
  const file: Omit<ListingFile, 'summaryColumns' | 'summaryKeys' | 'environments' | 'configChanges'> = {
    version: VERSION,
    runIds: new Array(n),
    stamps: new Array(n),
    states: new Array(n).fill(CURRENT_CODE),
    damaged: [],
    replicate: new Array(n).fill(0),
    status: new Array(n).fill(0),
    wallTimeMs: new Array(n).fill(null),
    divergenceStep: new Array(n).fill(null),
    wallTimeToTargetMs: new Array(n).fill(null),
    environment: new Array(n).fill(null),
    pruning: [],
    error: [],
    base,
    wholeConfigs: [],
    summaryShape: new Array(n).fill(-1),
    nonFinite: [],
  };
  const configChanges = new Map<string, ConfigChanges>();
  const summaryColumns = new Map<string, unknown[]>();
  for (let i = 0; i < n; i++) {
    const [runId, { stamp, state, listing }] = sorted[i];
    file.runIds[i] = runId;
    file.stamps[i] = stamp;
    if (state.state === 'damaged') {
      file.states[i] = DAMAGED_CODE;
      file.damaged.push([i, fileOf(state.damage.path), state.damage.reason]);
    } else if (listing === null) file.states[i] = OUTDATED_CODE;
    else {
      const { replicate, status, wallTimeMs, config, summary, divergenceStep, pruning, error, environment, wallTimeToTargetMs } = listing;
      file.replicate[i] = replicate;
      // A trap: an index into RUN_STATUSES, so reordering that list needs a new VERSION.
      file.status[i] = RUN_STATUSES.indexOf(status);
      file.wallTimeMs[i] = wallTimeMs;
      file.divergenceStep[i] = divergenceStep;
      file.wallTimeToTargetMs[i] = wallTimeToTargetMs;
      file.environment[i] = environment === null ? null : environments.indexOf(environment);
      if (pruning !== null) file.pruning.push([i, pruning]);
      if (error !== null) file.error.push([i, error]);
      if (base !== null && shapeOf(config) === baseShape) {
        for (const [path, value] of changedLeaves(base, config)) {
          const key = JSON.stringify(path);
          let changes = configChanges.get(key);
          if (changes === undefined) configChanges.set(key, (changes = { path, runs: [], values: [] }));
          changes.runs.push(i);
          changes.values.push(value);
        }
      } else file.wholeConfigs.push([i, config]);
      const keys = Object.keys(summary);
      file.summaryShape[i] = summaryKeys.indexOf(keys);
      for (const key of keys) {
        let column = summaryColumns.get(key);
        if (column === undefined) summaryColumns.set(key, (column = new Array(n).fill(null)));
        column[i] = summary[key as keyof RunSummary];
      }
    }
  }
  // Non-finite numbers out of the columns (see the file's description).
  const numberColumns: [string, unknown[]][] = [...NUMBER_COLUMNS.map((name): [string, unknown[]] => [name, file[name]]), ...[...summaryColumns].map(([key, column]): [string, unknown[]] => [SUMMARY_COLUMN + key, column])];
  for (const [name, column] of numberColumns) {
    for (let i = 0; i < n; i++) {
      const value = column[i];
      if (typeof value === 'number' && !Number.isFinite(value)) {
        column[i] = null;
        file.nonFinite.push([name, i, String(value)]);
      }
    }
  }
  const written: ListingFile = { ...file, summaryKeys: summaryKeys.values, environments: environments.values, configChanges: [...configChanges.values()], summaryColumns: Object.fromEntries(summaryColumns) };
  writeCacheFile(dir, RUN_LISTING_FILE, encodeJson(written));
}

/** Distinct values (equal as JSON) in the order first seen, each written once and named by its index. */
class Interned<T> {
  readonly values: T[] = [];
  private readonly indexes = new Map<string, number>();

  indexOf(value: T): number {
    const text = JSON.stringify(value);
    let index = this.indexes.get(text);
    if (index === undefined) this.indexes.set(text, (index = this.values.push(value) - 1));
    return index;
  }
}

/** The keys of a configuration, nested as they are, in their order, without the values: two configurations of one shape differ only in leaf values. */
function shapeOf(value: unknown): string {
  if (!isObject(value)) return '';
  return `{${Object.entries(value)
    .map(([key, child]) => `${JSON.stringify(key)}:${shapeOf(child)}`)
    .join(',')}}`;
}

/** The leaves (values that are not plain objects) where `config` differs from `base`, which has its shape. */
function changedLeaves(base: unknown, config: unknown, path: string[] = [], out: [string[], unknown][] = []): [string[], unknown][] {
  if (isObject(config)) {
    for (const [key, child] of Object.entries(config)) changedLeaves((base as Record<string, unknown>)[key], child, [...path, key], out);
  } else if (config !== base && (typeof config !== 'object' || JSON.stringify(config) !== JSON.stringify(base))) out.push([path, config]);
  return out;
}
