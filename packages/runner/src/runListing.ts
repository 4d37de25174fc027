import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '@descent/sweep';
import { writeCacheFile } from './cacheFile.js';
import type { StoredRun } from './storeEntries.js';
import { RUN_STATUSES, type RunStatus } from './types.js';
import { fileOf, type RunState } from './runStates.js';

/**
 * What `exp list <sweep>` shows of each run, kept beside the runs so that listing a large sweep does not read every
 * record: `<sweep>/.run-listing.json`. A cache, never a source, validated as the run states cache is (runStates.ts):
 * an entry counts only while the stamps (inode, size, mtime, ctime) of the run's record.json and meta.json are what
 * they were when it was read, so a rewritten, hand-edited, replaced or deleted run is read again (through the store's
 * reader) and its entry replaced. Unreadable, of another version, or unwritable: as if there were none.
 *
 * The file: `{"version": 1, "base": <config>, "runs": {<runId>: line}}`, a line being
 * `[stamp, "current", replicate, status, finalMetric, wallTimeMs | null, config]` (finalMetric NaN / ±Infinity as
 * the strings "NaN", "Infinity", "-Infinity"; config: the leaves where the run's configuration differs from `base`,
 * as `[[key, ...], value]` pairs, or `{"whole": <config>}` when its keys are not base's), `[stamp, "outdated"]` or
 * `[stamp, "damaged", file, reason]`. `base` is one run's configuration: a sweep's runs differ in a few settings,
 * so 100,000 runs take ~20 MB rather than the 300 MB of their records.
 */
export const RUN_LISTING_FILE = '.run-listing.json';
const VERSION = 1;

/** What `exp list` shows of a run in the current record format (read from its record and meta). */
export interface RunListing {
  runId: string;
  replicate: number;
  status: RunStatus;
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
  return { runId: record.runId, replicate: record.replicate, status: record.status, finalMetric: record.summary.finalMetric, wallTimeMs: meta ? meta.wallTimeMs : null, config: record.config };
}

type ConfigLine = [string[], unknown][] | { whole: ResolvedConfig };
type Line = [string, 'current', number, RunStatus, number | string, number | null, ConfigLine] | [string, 'outdated'] | [string, 'damaged', string, string];

interface ListingFile {
  version: typeof VERSION;
  base: ResolvedConfig | null;
  runs: Record<string, Line>;
}

/** The listings stored for the sweep folder `dir` (named `sweep`): empty when the file is missing, damaged or not one we wrote. */
export function loadRunListings(dir: string, sweep: string): Map<string, StampedListing> {
  const listings = new Map<string, StampedListing>();
  let parsed: ListingFile;
  try {
    parsed = JSON.parse(readFileSync(join(dir, RUN_LISTING_FILE), 'utf8')) as ListingFile;
    if (parsed === null || typeof parsed !== 'object' || parsed.version !== VERSION || parsed.runs === null || typeof parsed.runs !== 'object') return listings;
    const base = parsed.base;
    for (const [runId, line] of Object.entries(parsed.runs)) {
      const entry = entryOf(runId, line, base, dir, sweep);
      // One line not as we write them: the file is not to be trusted at all.
      if (entry === null) return new Map();
      listings.set(runId, entry);
    }
  } catch {
    return new Map();
  }
  return listings;
}

function entryOf(runId: string, line: Line, base: ResolvedConfig | null, dir: string, sweep: string): StampedListing | null {
  if (!Array.isArray(line) || typeof line[0] !== 'string') return null;
  const stamp = line[0];
  if (line[1] === 'outdated' && line.length === 2) return { stamp, state: { state: 'outdated' }, listing: null };
  if (line[1] === 'damaged' && typeof line[2] === 'string' && typeof line[3] === 'string') {
    return { stamp, state: { state: 'damaged', damage: { sweep, runId, path: join(dir, runId, line[2]), reason: line[3] } }, listing: null };
  }
  if (line[1] !== 'current' || line.length !== 7) return null;
  const [, , replicate, status, metric, wallTimeMs, configLine] = line;
  const finalMetric = typeof metric === 'number' ? metric : NON_FINITE.includes(metric) ? Number(metric) : null;
  if (!Number.isInteger(replicate) || !RUN_STATUSES.includes(status) || finalMetric === null || (wallTimeMs !== null && typeof wallTimeMs !== 'number')) return null;
  const config = configOf(configLine, base);
  if (config === null) return null;
  return { stamp, state: { state: 'current' }, listing: { runId, replicate, status, finalMetric, wallTimeMs, config } };
}

const NON_FINITE: readonly unknown[] = ['NaN', 'Infinity', '-Infinity'];

/** The configuration a line describes: base with the changed leaves put in (new objects along their keys, the rest shared). */
function configOf(line: ConfigLine, base: ResolvedConfig | null): ResolvedConfig | null {
  if (!Array.isArray(line)) return line !== null && typeof line === 'object' && isObject(line.whole) ? line.whole : null;
  if (base === null || !isObject(base)) return null;
  const config: Record<string, unknown> = { ...base };
  const copied = new Set<unknown>([config]);
  for (const change of line) {
    if (!Array.isArray(change) || !Array.isArray(change[0]) || change[0].length === 0) return null;
    const [path, value] = change;
    let node = config;
    for (const key of path.slice(0, -1)) {
      const child = node[key];
      if (!isObject(child)) return null;
      if (!copied.has(child)) copied.add((node[key] = { ...child }));
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
  const runs: Record<string, Line> = {};
  for (const [runId, { stamp, state, listing }] of sorted) {
    if (state.state === 'damaged') runs[runId] = [stamp, 'damaged', fileOf(state.damage.path), state.damage.reason];
    else if (listing === null) runs[runId] = [stamp, 'outdated'];
    else {
      const { replicate, status, finalMetric, wallTimeMs, config } = listing;
      const configLine: ConfigLine = base !== null && shapeOf(config) === baseShape ? changedLeaves(base, config) : { whole: config };
      runs[runId] = [stamp, 'current', replicate, status, Number.isFinite(finalMetric) ? finalMetric : String(finalMetric), wallTimeMs, configLine];
    }
  }
  writeCacheFile(dir, RUN_LISTING_FILE, JSON.stringify({ version: VERSION, base, runs } satisfies ListingFile));
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

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
