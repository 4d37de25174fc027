import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeCacheFile } from './cacheFile.js';
import type { Damage } from './storeEntries.js';
import { RECORD_SCHEMA } from './types.js';

/**
 * What each run folder of a sweep was found to be (current, outdated or damaged) when it was last read, with the
 * stamps of its files then: `<sweep>/.run-states.json`. A cache, never a source: an entry counts only while both
 * files' stamps (inode, size, mtime, ctime) are what they were, so a rewritten, replaced or deleted run is read
 * again. It spares a resume of a large sweep from parsing every record to learn that nothing changed (2,000
 * ravine runs: 1.5 of the 2.4 s `exp run` took with nothing to do went to reading 63 MB of records).
 *
 * Written whole to a temporary file and renamed; two processes writing it at once leave one of their versions,
 * either of which is true of the files it stamps. Unreadable, of another version, or unwritable (a read-only
 * store): as if there were none.
 */
export const RUN_STATES_FILE = '.run-states.json';
/**
 * The file's own format and the record schema of the version that classified the runs: a version that reads
 * other record schemas classifies the same files otherwise (one that writes schema 2 takes a schema-3 record
 * for outdated), so each trusts only states it would have found itself.
 */
const VERSION = `2/${RECORD_SCHEMA}`;

export type RunState = { state: 'current' | 'outdated' } | { state: 'damaged'; damage: Damage };
export type StampedState = RunState & { stamp: string };

interface StatesFile {
  version: typeof VERSION;
  /**
   * [runId, stamp, state] or, damaged, [runId, stamp, 'damaged', file, reason], sorted by run id. A list, not an
   * object keyed by run id (version 1): JSON.parse builds 100,000 keys into a slow dictionary, and loading the
   * file took 0.3 s of `exp run` with nothing to do; as lines, 0.1 s.
   */
  runs: ([string, string, 'current' | 'outdated'] | [string, string, 'damaged', string, string])[];
}

/** The states stored for the sweep folder `dir` (named `sweep`): empty when the file is missing or not one we wrote. */
export function loadRunStates(dir: string, sweep: string): Map<string, StampedState> {
  const states = new Map<string, StampedState>();
  let parsed: StatesFile;
  try {
    parsed = JSON.parse(readFileSync(join(dir, RUN_STATES_FILE), 'utf8')) as StatesFile;
  } catch {
    return states;
  }
  if (parsed === null || typeof parsed !== 'object' || parsed.version !== VERSION || !Array.isArray(parsed.runs)) return states;
  for (const entry of parsed.runs) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue;
    const [runId, stamp, state] = entry;
    if (state === 'current' || state === 'outdated') states.set(runId, { stamp, state });
    else if (state === 'damaged' && typeof entry[3] === 'string' && typeof entry[4] === 'string') {
      states.set(runId, { stamp, state: 'damaged', damage: { sweep, runId, path: join(dir, runId, entry[3]), reason: entry[4] } });
    }
  }
  return states;
}

/** Write the states of the sweep folder `dir` (writeCacheFile). */
export function saveRunStates(dir: string, states: ReadonlyMap<string, StampedState>): void {
  const runs: StatesFile['runs'] = [...states]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([runId, entry]) => (entry.state === 'damaged' ? [runId, entry.stamp, 'damaged', fileOf(entry.damage.path), entry.damage.reason] : [runId, entry.stamp, entry.state]));
  writeCacheFile(dir, RUN_STATES_FILE, JSON.stringify({ version: VERSION, runs } satisfies StatesFile));
}

/** The file name at the end of a damaged file's path (record.json or meta.json). */
export function fileOf(path: string): string {
  return basename(path);
}
