import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJson, isObject } from './json.js';
import { runMetaSchema, runRecordSchema, shapeProblem, sweepInfoSchema } from './storeSchema.js';
import { decodeRecord, readsAsCurrent } from './recordCodec.js';
import type { RunMeta, RunRecord, SweepInfo } from './types.js';
import { META_FILE, RECORD_FILE } from './runFolders.js';

/**
 * What each entry of a sweep's store folder is: a run in the current record format, a run in an older format,
 * or damaged (a file truncated by a full disk, emptied, edited by hand, written by a broken tool). Readers take
 * the good runs and name the damaged ones; `exp run` trains a damaged run again after moving its folder aside
 * (never deleting it), `exp doctor` lists and repairs.
 *
 * A run is its record and its meta together: a damaged meta.json (wall times, machine) makes the whole run
 * damaged, since it is half of what the run wrote, and both files are set aside together. A missing meta.json
 * is not damage: runs stopped from outside their training (a dead worker thread) are stored without one.
 */

export const SWEEP_FILE = 'sweep.json';
/** Where damaged entries are moved, inside the sweep's folder: not a sweep name or run id, so no reader takes it for one. */
export const SET_ASIDE_FOLDER = '.damaged';

export interface StoredRun {
  record: RunRecord;
  meta: RunMeta | null;
}

/** A damaged file of the store. */
export interface Damage {
  sweep: string;
  /** The run it belongs to; null for the sweep's own sweep.json. */
  runId: string | null;
  /** The damaged file (absolute). */
  path: string;
  /** What is wrong with it, in a few words: 'truncated JSON (Unexpected end of JSON input)', 'missing'. */
  reason: string;
}

export type RunEntry =
  | { runId: string; state: 'current'; run: StoredRun }
  /** A record of a schema the store does not read as current (its id and seed were derived differently): read as it is, never mixed in. */
  | { runId: string; state: 'outdated'; run: StoredRun }
  | { runId: string; state: 'damaged'; damage: Damage };

export type SweepInfoEntry = { state: 'valid'; info: SweepInfo } | { state: 'missing' } | { state: 'damaged'; damage: Damage };

/** How many runs the sweep's definition names (0 when its sweep.json is missing or damaged): the run folders a reader can expect. */
export function definedRunCount(entry: SweepInfoEntry): number {
  return entry.state === 'valid' ? entry.info.runIds.length : 0;
}

/** Thrown by readers that were asked for one entry and found it damaged; the CLI prints it as one line. */
export class DamagedEntryError extends Error {
  constructor(readonly damage: Damage) {
    super(`${damage.path}: damaged (${damage.reason})`);
    this.name = 'DamagedEntryError';
  }
}

/** Classify the run folder `dir` (named `runId`) of `sweep`. */
export function classifyRun(dir: string, sweep: string, runId: string): RunEntry {
  const damaged = (file: string, reason: string): RunEntry => ({ runId, state: 'damaged', damage: { sweep, runId, path: join(dir, file), reason } });
  const record = readJson(join(dir, RECORD_FILE));
  if (record.state === 'missing') return damaged(RECORD_FILE, 'missing');
  if (record.state === 'unreadable') return damaged(RECORD_FILE, record.reason);
  const schema = isObject(record.value) ? record.value.schema : undefined;
  if (typeof schema === 'number' && !readsAsCurrent(record.value as Record<string, unknown>)) {
    // Older formats and engines are left as they are (readers set them apart, `exp run` trains them again); their meta is read if it reads.
    const meta = readJson(join(dir, META_FILE));
    return { runId, state: 'outdated', run: { record: record.value as RunRecord, meta: meta.state === 'read' && isObject(meta.value) ? (meta.value as unknown as RunMeta) : null } };
  }
  const decoded = isObject(record.value) ? decodeRecord(record.value) : { record: record.value, inFile: (problem: string) => problem };
  if ('problem' in decoded) return damaged(RECORD_FILE, decoded.problem);
  const value = decoded.record;
  const shape = shapeProblem(runRecordSchema, value);
  const recordProblem = shape === null ? identityProblem(value as RunRecord, runId, sweep) : decoded.inFile(shape);
  if (recordProblem) return damaged(RECORD_FILE, recordProblem);
  const recordValue = value as RunRecord;

  const meta = readJson(join(dir, META_FILE));
  if (meta.state === 'missing') return { runId, state: 'current', run: { record: recordValue, meta: null } };
  if (meta.state === 'unreadable') return damaged(META_FILE, meta.reason);
  const metaProblem = shapeProblem(runMetaSchema, meta.value) ?? metaMatchProblem(meta.value as RunMeta, runId);
  if (metaProblem) return damaged(META_FILE, metaProblem);
  return { runId, state: 'current', run: { record: recordValue, meta: meta.value as RunMeta } };
}

/** Classify the sweep.json of the sweep folder `dir` (named `sweep`). */
export function classifySweepInfo(dir: string, sweep: string): SweepInfoEntry {
  const path = join(dir, SWEEP_FILE);
  const read = readJson(path);
  if (read.state === 'missing') return { state: 'missing' };
  const damaged = (reason: string): SweepInfoEntry => ({ state: 'damaged', damage: { sweep, runId: null, path, reason } });
  if (read.state === 'unreadable') return damaged(read.reason);
  const info = read.value as SweepInfo;
  const problem = shapeProblem(sweepInfoSchema, info) ?? mismatch('name', info.name, sweep, "the sweep's folder name");
  return problem ? damaged(problem) : { state: 'valid', info };
}

/**
 * Move the damaged entry `name` of the sweep folder `dir` (a run folder, or sweep.json) into
 * `.damaged/<name>-<n>/` (the run folder itself; sweep.json inside it), n the first number free. Returns where
 * it went, or null if it was gone already (another process moved or replaced it).
 */
export function setAside(dir: string, name: string): string | null {
  const aside = join(dir, SET_ASIDE_FOLDER);
  mkdirSync(aside, { recursive: true });
  for (let n = 1; ; n++) {
    const target = join(aside, `${name.replace(/\.json$/, '')}-${n}`);
    try {
      mkdirSync(target); // reserves the name: two processes never pick the same one
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    const isFile = name === SWEEP_FILE;
    try {
      // A folder renamed onto the empty folder just made replaces it (POSIX rename); a file goes inside.
      renameSync(join(dir, name), isFile ? join(target, name) : target);
      return target;
    } catch (error) {
      rmdirSync(target);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

/** What `.damaged/` of a sweep folder holds (set aside earlier), sorted. */
export function setAsideEntries(dir: string): string[] {
  try {
    return readdirSync(join(dir, SET_ASIDE_FOLDER)).sort();
  } catch {
    return [];
  }
}

/** A temporary folder or file, or a run lock, in a sweep folder, with the process that made it. */
export interface Leftover {
  kind: 'temporary' | 'lock';
  /** Its name in the sweep folder. */
  name: string;
  /** The process that made or holds it; null when a lock names no process. */
  pid: number | null;
  alive: boolean;
}

/** Temporaries (`<name>.tmp-<pid>-<n>`, `.tmp-old-…`) and run locks (`<runId>.lock`) in the sweep folder `dir`. */
export function leftovers(dir: string, lockSuffix: string): Leftover[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: Leftover[] = [];
  for (const name of names) {
    const match = name.match(/\.tmp-(?:old-)?(\d+)-\d+$/);
    if (match) {
      const pid = Number(match[1]);
      found.push({ kind: 'temporary', name, pid, alive: processAlive(pid) });
    } else if (name.endsWith(lockSuffix)) {
      const holder = Number(safeRead(join(dir, name)));
      const pid = Number.isInteger(holder) && holder > 0 ? holder : null;
      found.push({ kind: 'lock', name, pid, alive: pid !== null && processAlive(pid) });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

type JsonRead = { state: 'read'; value: unknown } | { state: 'missing' } | { state: 'unreadable'; reason: string };

/** A store file decoded, or why it cannot be: missing, empty, truncated, not JSON, not readable. */
function readJson(path: string): JsonRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    return { state: 'unreadable', reason: `cannot be read (${code ?? (error as Error).message})` };
  }
  if (text.trim() === '') return { state: 'unreadable', reason: text.length === 0 ? 'empty' : 'only whitespace' };
  let value: unknown;
  try {
    value = decodeJson(text);
  } catch (error) {
    const message = printable((error as Error).message);
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? NaN);
    const truncated = /end of JSON input|Unterminated string/.test(message) || position >= text.trimEnd().length;
    return { state: 'unreadable', reason: `${truncated ? 'truncated JSON' : 'not JSON'} (${message})` };
  }
  if (value === null) return { state: 'unreadable', reason: 'null' };
  return { state: 'read', value };
}

function identityProblem(record: RunRecord, runId: string, sweep: string): string | null {
  return mismatch('runId', record.runId, runId, "the run's folder name") ?? mismatch('sweep', record.sweep, sweep, "the sweep's folder name");
}

function metaMatchProblem(meta: RunMeta, runId: string): string | null {
  return mismatch('runId', meta.runId, runId, "the run's folder name");
}

function mismatch(key: string, value: string, expected: string, what: string): string | null {
  return value === expected ? null : `${key} is ${JSON.stringify(value)}, expected ${JSON.stringify(expected)} (${what})`;
}

/** An engine message about arbitrary bytes, as one printable line of bounded length. */
function printable(message: string): string {
  const escaped = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 120 ? escaped.slice(0, 119) + '…' : escaped;
}
