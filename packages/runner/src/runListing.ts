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
 * The file, written by encodeJson (keys sorted, NaN / ±Infinity as `{"$number": "NaN"}`): `{"version": 3, "base":
 * <config>, "summaryKeys": [[key, ...], ...], "environments": [environment, ...], "runIds": [runId, ...], "lines":
 * [line, ...]}` (a run's line at its id's place; sorted by id), a line
 * being `[stamp, "current", replicate, status, wallTimeMs | null, config, summary, divergenceStep | null, pruning |
 * null, error | null, environment | null, wallTimeToTargetMs | null]` (config: the leaves where the run's
 * configuration differs from `base`, as `[[key, ...], value]` pairs, or `{"whole": <config>}` when its keys are not
 * base's; summary: `[k, value, ...]`, the values of the keys `summaryKeys[k]`; environment: an index into
 * `environments`), `[stamp, "outdated"]` or `[stamp, "damaged", file, reason]`. `base` is one run's configuration:
 * a sweep's runs differ in a few settings, and share a few environments and summary keys, so 2,100 runs of the
 * scale sweep (bench storeScaling.ts) take 0.8 MB, ~400 bytes a run, rather than their folders' 52 MB. Version 1
 * held of a run's facts only its final metric; version 2 kept the lines in an object keyed by run id, which JSON.parse
 * builds as a slow dictionary (100,000 runs: ~0.25 s more to load than two lists).
 */
export const RUN_LISTING_FILE = '.run-listing.json';
const VERSION = 3;

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

type ConfigLine = [string[], unknown][] | { whole: ResolvedConfig };
/** `[index into summaryKeys, ...the values of those keys]`. */
type SummaryLine = [number, ...unknown[]];
type CurrentLine = [string, 'current', number, RunStatus, number | null, ConfigLine, SummaryLine, number | null, Pruning | null, RunRecord['error'], number | null, number | null];
type Line = CurrentLine | [string, 'outdated'] | [string, 'damaged', string, string];

interface ListingFile {
  version: typeof VERSION;
  base: ResolvedConfig | null;
  summaryKeys: string[][];
  environments: RunEnvironment[];
  runIds: string[];
  lines: Line[];
}

/** The file's tables of summary keys and environments, which the lines index. */
type Tables = Pick<ListingFile, 'summaryKeys' | 'environments'>;

/** The listings stored for the sweep folder `dir` (named `sweep`): empty when the file is missing, damaged or not one we wrote. */
export function loadRunListings(dir: string, sweep: string): Map<string, StampedListing> {
  const listings = new Map<string, StampedListing>();
  let parsed: ListingFile;
  try {
    // Unscanned for depth: every value kept from the file is checked itself (deeper than decodeJson allows: no listing).
    parsed = decodeJsonUnscanned<ListingFile>(readFileSync(join(dir, RUN_LISTING_FILE), 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || parsed.version !== VERSION) return listings;
    const { runIds, lines } = parsed;
    if (!Array.isArray(runIds) || !Array.isArray(lines) || runIds.length !== lines.length) return listings;
    const { base, summaryKeys, environments } = parsed;
    if (!Array.isArray(summaryKeys) || !summaryKeys.every((keys) => Array.isArray(keys) && keys.includes('finalMetric') && !keys.includes('__proto__')) || !Array.isArray(environments) || !environments.every(isObject)) return listings;
    if (nestedTooDeepValue(base) || nestedTooDeepValue(environments)) return listings;
    const tables = { summaryKeys, environments };
    for (let i = 0; i < runIds.length; i++) {
      const runId = runIds[i];
      if (typeof runId !== 'string') return new Map();
      const entry = entryOf(runId, lines[i], base, tables, dir, sweep);
      // One line not as we write them: the file is not to be trusted at all.
      if (entry === null) return new Map();
      listings.set(runId, entry);
    }
  } catch {
    return new Map();
  }
  return listings;
}

function entryOf(runId: string, line: Line, base: ResolvedConfig | null, tables: Tables, dir: string, sweep: string): StampedListing | null {
  if (!Array.isArray(line) || typeof line[0] !== 'string') return null;
  const stamp = line[0];
  if (line[1] === 'outdated' && line.length === 2) return { stamp, state: OUTDATED, listing: null };
  if (line[1] === 'damaged' && typeof line[2] === 'string' && typeof line[3] === 'string') {
    return { stamp, state: { state: 'damaged', damage: { sweep, runId, path: join(dir, runId, line[2]), reason: line[3] } }, listing: null };
  }
  if (line[1] !== 'current' || line.length !== 12) return null;
  const [, , replicate, status, wallTimeMs, configLine, summaryLine, divergenceStep, pruning, error, environmentIndex, wallTimeToTargetMs] = line;
  if (!Number.isInteger(replicate) || !RUN_STATUSES.includes(status) || !numberOrNull(wallTimeMs) || !numberOrNull(divergenceStep) || !objectOrNull(pruning) || !objectOrNull(error) || !numberOrNull(wallTimeToTargetMs)) return null;
  if (nestedTooDeepValue(pruning) || nestedTooDeepValue(error)) return null;
  const summary = summaryOf(summaryLine, tables.summaryKeys);
  const environment = environmentIndex === null ? null : tables.environments[environmentIndex];
  const config = configOf(configLine, base);
  if (summary === null || environment === undefined || config === null) return null;
  return {
    stamp,
    state: CURRENT,
    listing: { runId, replicate, status, finalMetric: summary.finalMetric, wallTimeMs, config, summary, divergenceStep, pruning, error, environment, wallTimeToTargetMs },
  };
}

// One state object for every entry of a state: at 100,000 runs, each object more per run is garbage collection.
const CURRENT: RunState = Object.freeze({ state: 'current' });
const OUTDATED: RunState = Object.freeze({ state: 'outdated' });

const numberOrNull = (value: unknown) => value === null || typeof value === 'number';
const objectOrNull = (value: unknown) => value === null || isObject(value);

/** The summary a line describes, or null when it is not one listingOf gave (its values are trusted as the stamps are). */
function summaryOf(line: SummaryLine, summaryKeys: readonly string[][]): RunSummary | null {
  if (!Array.isArray(line)) return null;
  const keys = summaryKeys[line[0]];
  if (keys === undefined || line.length !== keys.length + 1) return null;
  // A loop, not Object.fromEntries of pairs: 100,000 runs' pairs were a twentieth of `exp list` in the collector.
  // (Assigning is safe: loadRunListings refuses a file whose keys include '__proto__'.)
  const summary: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const value = line[i + 1];
    if (nestedTooDeepValue(value)) return null;
    summary[keys[i]] = value;
  }
  return typeof summary.finalMetric === 'number' ? (summary as unknown as RunSummary) : null;
}

/** The configuration a line describes: base with the changed leaves put in (new objects along their keys, the rest shared). */
function configOf(line: ConfigLine, base: ResolvedConfig | null): ResolvedConfig | null {
  if (!Array.isArray(line)) return line !== null && typeof line === 'object' && isObject(line.whole) && !nestedTooDeepValue(line.whole) ? line.whole : null;
  if (base === null || !isObject(base)) return null;
  const config: Record<string, unknown> = { ...base };
  // The sections copied so far: a list, as a run changes few (a Set per run was more garbage at 100,000 runs).
  const copied: unknown[] = [config];
  for (const change of line) {
    if (!Array.isArray(change) || !Array.isArray(change[0]) || change[0].length === 0) return null;
    const [path, value] = change;
    if (nestedTooDeepValue(value)) return null;
    let node = config;
    for (const key of path.slice(0, -1)) {
      const child = node[key];
      if (!isObject(child)) return null;
      if (!copied.includes(child)) copied.push((node[key] = { ...child }));
      node = node[key] as Record<string, unknown>;
    }
    if (!Object.prototype.hasOwnProperty.call(node, path.at(-1)!)) return null;
    node[path.at(-1)!] = value;
  }
  return config as ResolvedConfig;
}

/** Write the listings of the sweep folder `dir`; a store that cannot be written keeps no listing (nothing is lost). */
export function saveRunListings(dir: string, listings: ReadonlyMap<string, StampedListing>): void {
  const sorted = [...listings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const base = sorted.find(([, entry]) => entry.listing !== null)?.[1].listing!.config ?? null;
  const baseShape = base === null ? null : shapeOf(base);
  const summaryKeys = new Interned<string[]>();
  const environments = new Interned<RunEnvironment>();
  const runIds: string[] = [];
  const lines: Line[] = [];
  for (const [runId, { stamp, state, listing }] of sorted) {
    runIds.push(runId);
    if (state.state === 'damaged') lines.push([stamp, 'damaged', fileOf(state.damage.path), state.damage.reason]);
    else if (listing === null) lines.push([stamp, 'outdated']);
    else {
      const { replicate, status, wallTimeMs, config, summary, divergenceStep, pruning, error, environment, wallTimeToTargetMs } = listing;
      const configLine: ConfigLine = base !== null && shapeOf(config) === baseShape ? changedLeaves(base, config) : { whole: config };
      const summaryLine: SummaryLine = [summaryKeys.indexOf(Object.keys(summary)), ...Object.values(summary)];
      lines.push([stamp, 'current', replicate, status, wallTimeMs, configLine, summaryLine, divergenceStep, pruning, error, environment === null ? null : environments.indexOf(environment), wallTimeToTargetMs]);
    }
  }
  writeCacheFile(dir, RUN_LISTING_FILE, encodeJson({ version: VERSION, base, summaryKeys: summaryKeys.values, environments: environments.values, runIds, lines } satisfies ListingFile));
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
