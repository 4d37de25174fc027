import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepNameProblem, TEMPORARY_MARK } from '@descent/sweep/stored';
import { writingTo } from './storageError.js';
import { decodeJson, encodeJson } from './json.js';
import { encodeRecord } from './recordCodec.js';
import {
  classifyRun,
  classifySweepInfo,
  DamagedEntryError,
  leftovers,
  processAlive,
  safeRead,
  setAside,
  setAsideEntries,
  SWEEP_FILE,
  type Damage,
  type Leftover,
  type RunEntry,
  type StoredRun,
  type SweepInfoEntry,
} from './storeEntries.js';
import { RECORD_SCHEMA, type RunMeta, type RunRecord, type SweepInfo } from './types.js';
import { loadRunStates, saveRunStates, type RunState, type StampedState } from './runStates.js';
import { listingAsStored, listingOf, loadRunListings, saveRunListings, type ListedRun, type RunListing, type StampedListing } from './runListing.js';
import { lookAtRunFolders, lookAtRunFoldersAside, META_FILE, RECORD_FILE, runFolderIds, runStamp, RUN_ID, type PendingLook, type RunFolderLook } from './runFolders.js';

/**
 * The run store: plain files under `<root>/<sweep>/<runId>/` (record.json: the deterministic result;
 * meta.json: wall time, machine, versions).
 *
 * A run is written into a temporary folder that is renamed into place in one step, so a killed process
 * never leaves a run that looks finished. Two processes on one sweep coordinate with a lock file per
 * run (created exclusively); a lock whose process is gone is taken over.
 */
export { SWEEP_FILE, type StoredRun } from './storeEntries.js';
export { RECORD_FILE, META_FILE, type RunFolderLook } from './runFolders.js';
const LOCK_SUFFIX = '.lock';
const TEMP_MARK = TEMPORARY_MARK; // no sweep may be named with it (sweepName.ts)

export class RunStore {
  /** Each run folder's entry, with the stamps of the files it was read from (a resume asks about every run several times). */
  private readonly entryCache = new Map<string, { stamp: string; entry: RunEntry }>();
  /** Per sweep, its runs' states as `.run-states.json` had them and as found since (runStates.ts); `changed` until saved. */
  private readonly stateCache = new Map<string, { states: Map<string, StampedState>; changed: boolean }>();
  /** Per sweep, its runs' listings as `.run-listing.json` had them and as found since (runListing.ts); `changed` until saved. */
  private readonly listingCache = new Map<string, { entries: Map<string, StampedListing>; changed: boolean }>();

  constructor(readonly root: string) {}

  sweepDir(sweep: string): string {
    const problem = sweepNameProblem(sweep);
    if (problem) throw new Error(`sweep name: ${problem}`);
    return join(this.root, sweep);
  }

  runDir(sweep: string, runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`run id '${runId}' is not a hex hash`);
    return join(this.sweepDir(sweep), runId);
  }

  /** Sweeps that have a folder in the store, sorted (folders whose name the name rule refuses are not: see `refusedFolders`). */
  sweeps(): string[] {
    return this.folders().filter((name) => sweepNameProblem(name) === null);
  }

  /** Folders of the store that are not read as sweeps, each with why (a name the name rule refuses, e.g. made by an older version). */
  refusedFolders(): { name: string; problem: string }[] {
    return this.folders().flatMap((name) => {
      const problem = sweepNameProblem(name);
      return problem === null ? [] : [{ name, problem }];
    });
  }

  private folders(): string[] {
    if (!existsSync(this.root)) return [];
    // A sweep folder may be a link to a folder elsewhere (written there only with the user's leave: --allow-outside).
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() || (e.isSymbolicLink() && statSync(join(this.root, e.name), { throwIfNoEntry: false })?.isDirectory() === true))
      .map((e) => e.name)
      .sort();
  }

  /**
   * True when the run has a complete, valid record that this version reads as current. A damaged run is to be
   * trained again, and so is an outdated one (recorded by an older engine under the same run id): its record is
   * never read as a result, and writing the run again replaces it.
   */
  has(sweep: string, runId: string): boolean {
    return this.runState(sweep, runId)?.state === 'current';
  }

  /**
   * A run folder's state (current, outdated or damaged; null: no folder), its files read only when they changed
   * since they were last classified, in this process or, through `.run-states.json`, in an earlier one.
   */
  runState(sweep: string, runId: string, stamp = this.stampOf(sweep, runId)): RunState | null {
    const cache = this.statesOf(sweep);
    const known = cache.states.get(runId);
    if (known?.stamp === stamp) return known;
    const entry = this.entry(sweep, runId);
    if (entry === null) {
      if (known !== undefined) (cache.states.delete(runId), (cache.changed = true));
      return null;
    }
    const state: StampedState = entry.state === 'damaged' ? { state: 'damaged', damage: entry.damage, stamp } : { state: entry.state, stamp };
    cache.states.set(runId, state);
    cache.changed = true;
    return state;
  }

  /**
   * Every run folder's state, sorted by id (runState); saves what it learned for the next process. `look`: the
   * folders and their stamps, when the caller has taken that look (lookAside) while it did other work.
   */
  runStates(sweep: string, look: RunFolderLook = this.look(sweep)): { runId: string; state: RunState }[] {
    const { ids, stamps } = look;
    const states = ids.flatMap((runId, i) => {
      const state = this.runState(sweep, runId, stamps[i]);
      return state === null ? [] : [{ runId, state }];
    });
    const cache = this.statesOf(sweep);
    const present = new Set(ids);
    for (const runId of cache.states.keys()) if (!present.has(runId)) (cache.states.delete(runId), (cache.changed = true));
    this.saveRunStates(sweep);
    return states;
  }

  /**
   * Every run folder's state and, for a current run, what `exp list` shows of it (runListing.ts), sorted by id: from
   * `.run-listing.json` for runs whose files are as they were when it was written, read (and the file brought up to
   * date) for the others. One look at each folder's files, as runStates. (The run states cache is neither read nor
   * written: at 100,000 runs loading it was a tenth of `exp list`.) `look` as for runStates.
   */
  runListings(sweep: string, look: RunFolderLook = this.look(sweep)): ListedRun[] {
    const { ids, stamps } = look;
    const listings = this.listingsOf(sweep);
    const present = new Set(ids);
    // A loop rather than flatMap: an array per run was garbage to collect at 100,000 runs.
    const listed: ListedRun[] = [];
    for (let i = 0; i < ids.length; i++) {
      const runId = ids[i];
      const known = this.stampedListing(listings, sweep, runId, stamps[i]);
      if (known === null) present.delete(runId);
      else listed.push({ runId, state: known.state, listing: known.listing });
    }
    for (const runId of listings.entries.keys()) if (!present.has(runId)) (listings.entries.delete(runId), (listings.changed = true));
    this.saveRunListings(sweep);
    return listed;
  }

  /**
   * What `exp list` shows of one run (runListings), null unless the run is current: the listing noted when this
   * process stored it, or read from `.run-listing.json`, while the run's files are as they were then; else read from
   * its files (and noted). A decision between rounds reads a run's configuration, replicate, status and summary
   * from it: the values a reader of the record gets back (listingAsStored), without parsing the whole record.
   */
  listing(sweep: string, runId: string): RunListing | null {
    return this.stampedListing(this.listingsOf(sweep), sweep, runId, this.stampOf(sweep, runId))?.listing ?? null;
  }

  /** A run folder's entry in the sweep's `listings`, kept while its files have `stamp`, else read from them (null: no folder). */
  private stampedListing(listings: { entries: Map<string, StampedListing>; changed: boolean }, sweep: string, runId: string, stamp: string): StampedListing | null {
    const known = listings.entries.get(runId);
    if (known?.stamp === stamp) return known;
    const entry = this.entry(sweep, runId);
    if (entry === null) return null;
    const state: RunState = entry.state === 'damaged' ? { state: 'damaged', damage: entry.damage } : { state: entry.state };
    const read = { stamp, state, listing: entry.state === 'current' ? listingOf(entry.run) : null };
    listings.entries.set(runId, read);
    listings.changed = true;
    return read;
  }

  /**
   * runListings once the look taken aside (lookAside) is back, `.run-listing.json` loaded meanwhile (at 100,000
   * runs: 1–1.5 s of stats on the look's thread against 0.7 s of parsing here, then its share of the stats left).
   */
  async runListingsAside(sweep: string, look: PendingLook): Promise<ListedRun[]> {
    this.listingsOf(sweep);
    return this.runListings(sweep, await look.join());
  }

  /** runStates once the look taken aside (lookAside) is back, `.run-states.json` loaded meanwhile (then its share of the stats left). */
  async runStatesAside(sweep: string, look: PendingLook): Promise<{ runId: string; state: RunState }[]> {
    this.statesOf(sweep);
    return this.runStates(sweep, await look.join());
  }

  private listingsOf(sweep: string): { entries: Map<string, StampedListing>; changed: boolean } {
    let cache = this.listingCache.get(sweep);
    if (cache === undefined) this.listingCache.set(sweep, (cache = { entries: loadRunListings(this.sweepDir(sweep), sweep), changed: false }));
    return cache;
  }

  /**
   * Record that `runId` was just written whole by our own code (a worker thread's write, by encodeRecord): current,
   * as its files are now, without reading them back; and, given what it wrote, its listing for `exp list`.
   */
  noteWritten(sweep: string, runId: string, listing: RunListing | null = null): void {
    const cache = this.statesOf(sweep);
    const stamp = this.stampOf(sweep, runId);
    cache.states.set(runId, { state: 'current', stamp });
    cache.changed = true;
    if (listing === null) return;
    const listings = this.listingsOf(sweep);
    listings.entries.set(runId, { stamp, state: { state: 'current' }, listing: listingAsStored(listing) });
    listings.changed = true;
  }

  /** Every run folder of the sweep and the stamps of its files, taken now. */
  look(sweep: string): RunFolderLook {
    return lookAtRunFolders(this.sweepDir(sweep));
  }

  /**
   * The look at the sweep's run folders (look), taken on a thread of its own when there are many
   * (lookAtRunFoldersAside), for a caller with other work to do meanwhile: `exp run` expands the sweep, `exp list`
   * loads its listings. `expectedRuns`: about how many there are (the sweep's run count, or what the caches hold).
   */
  lookAside(sweep: string, expectedRuns: number): PendingLook {
    return lookAtRunFoldersAside(this.sweepDir(sweep), expectedRuns);
  }

  /** Write `.run-listing.json` if this process learned something since it was read. */
  saveRunListings(sweep: string): void {
    const listings = this.listingsOf(sweep);
    if (!listings.changed || !existsSync(this.sweepDir(sweep))) return;
    saveRunListings(this.sweepDir(sweep), listings.entries);
    listings.changed = false;
  }

  /** Write `.run-states.json` if this process learned something since it was read. */
  saveRunStates(sweep: string): void {
    const cache = this.statesOf(sweep);
    if (!cache.changed || !existsSync(this.sweepDir(sweep))) return;
    saveRunStates(this.sweepDir(sweep), cache.states);
    cache.changed = false;
  }

  private statesOf(sweep: string): { states: Map<string, StampedState>; changed: boolean } {
    let cache = this.stateCache.get(sweep);
    if (cache === undefined) this.stateCache.set(sweep, (cache = { states: loadRunStates(this.sweepDir(sweep), sweep), changed: false }));
    return cache;
  }

  /** The stamps of a run folder's two files (runStamp). */
  private stampOf(sweep: string, runId: string): string {
    return runStamp(this.runDir(sweep, runId));
  }

  /**
   * Every run folder of the sweep, classified (storeEntries.ts): current, outdated or damaged, sorted by id.
   * Temporary folders, locks and what was set aside are not runs.
   */
  entries(sweep: string): RunEntry[] {
    return this.runFolders(sweep).map((id) => this.entry(sweep, id)!);
  }

  /** The ids of the sweep's run folders, sorted, without reading them (damaged ones included). */
  runFolders(sweep: string): string[] {
    const dir = this.sweepDir(sweep);
    return existsSync(dir) ? runFolderIds(dir) : [];
  }

  /** Whether the sweep has a run folder named `name` (without listing the others; damaged runs included). */
  hasRunFolder(sweep: string, name: string): boolean {
    // lstat: a link is not a run folder, as runFolders has it.
    return RUN_ID.test(name) && lstatSync(this.runDir(sweep, name), { throwIfNoEntry: false })?.isDirectory() === true;
  }

  /** One run folder, classified; null when there is none. Read again only when one of its files changed. */
  entry(sweep: string, runId: string): RunEntry | null {
    const dir = this.runDir(sweep, runId);
    const stamp = this.stampOf(sweep, runId);
    const cached = this.entryCache.get(dir);
    if (cached?.stamp === stamp) return cached.entry;
    if (stamp === '-|-' && !existsSync(dir)) {
      this.entryCache.delete(dir);
      return null;
    }
    const entry = classifyRun(dir, sweep, runId);
    this.entryCache.set(dir, { stamp, entry });
    return entry;
  }

  /**
   * The sweep's damaged entries: its sweep.json if damaged, then its damaged runs (of `states`, when the caller
   * has just read them with runStates: one look at every run folder serves several questions).
   */
  damaged(sweep: string, states = this.runStates(sweep)): Damage[] {
    const info = this.sweepInfoEntry(sweep);
    const runs = states.flatMap(({ state }) => (state.state === 'damaged' ? [state.damage] : []));
    return info.state === 'damaged' ? [info.damage, ...runs] : runs;
  }

  /** Run ids with a complete, valid record (any record format), sorted. */
  runIds(sweep: string): string[] {
    return this.runStates(sweep).flatMap(({ runId, state }) => (state.state === 'damaged' ? [] : [runId]));
  }

  /** A run with a valid record (in any format); throws DamagedEntryError naming the file when it is damaged. */
  read(sweep: string, runId: string): StoredRun {
    const entry = this.entry(sweep, runId);
    if (entry === null) throw new Error(`no run ${runId} in ${this.sweepDir(sweep)}`);
    if (entry.state === 'damaged') throw new DamagedEntryError(entry.damage);
    return entry.run;
  }

  /**
   * The sweep's valid runs in the current record format, sorted by id. Runs recorded in another format or by an
   * older engine (recordCodec.ts readsAsCurrent) are never mixed in: `outdatedRunIds` names them. Damaged runs are left out:
   * `damaged` names them.
   */
  readAll(sweep: string): StoredRun[] {
    return this.entries(sweep).flatMap((e) => (e.state === 'current' ? [e.run] : []));
  }

  /** Runs whose record this version does not read as current (an older format or engine, or an unknown schema: readsAsCurrent), sorted. */
  outdatedRunIds(sweep: string, states = this.runStates(sweep)): string[] {
    return states.flatMap(({ runId, state }) => (state.state === 'outdated' ? [runId] : []));
  }

  /**
   * The record's bytes as this version writes them (`exp verify` and early termination compare them with a record
   * made again): the file's own, or, for an older record of the same values (schema 2 or 3, read as current), that
   * record encoded again (the codec loses nothing, so the values are the file's).
   */
  recordBytes(sweep: string, runId: string): string {
    const bytes = readFileSync(join(this.runDir(sweep, runId), RECORD_FILE), 'utf8');
    if (decodeJson<{ schema?: unknown }>(bytes).schema === RECORD_SCHEMA) return bytes;
    return encodeRecord(this.read(sweep, runId).record);
  }

  /**
   * Write a run atomically. Returns false (and writes nothing) when a current record is already there:
   * run ids are content hashes, so a result delivered twice is stored once. An outdated record is replaced.
   */
  write(record: RunRecord, meta: RunMeta | null, { replace = false } = {}): boolean {
    const finalDir = this.runDir(record.sweep, record.runId);
    if (!replace && this.has(record.sweep, record.runId)) return false;
    // A damaged run folder in the way is kept in .damaged/, never deleted (`exp run` moves them first; a queue's result may meet one).
    if (this.entry(record.sweep, record.runId)?.state === 'damaged') this.setAside(record.sweep, record.runId);
    const tempDir = `${finalDir}${TEMP_MARK}${process.pid}-${tempCounter++}`;
    // A full disk (or a read-only one) stops the sweep with a StorageError naming the record, and leaves no temporary folder.
    return writingTo(join(finalDir, RECORD_FILE), () => this.writeRun(record, meta, replace, finalDir, tempDir), () => rmSync(tempDir, { recursive: true, force: true }));
  }

  private writeRun(record: RunRecord, meta: RunMeta | null, replace: boolean, finalDir: string, tempDir: string): boolean {
    mkdirSync(this.sweepDir(record.sweep), { recursive: true });
    mkdirSync(tempDir);
    writeFileSync(join(tempDir, RECORD_FILE), encodeRecord(record));
    if (meta) writeFileSync(join(tempDir, META_FILE), encodeJson(meta) + '\n');
    if (existsSync(finalDir)) {
      if (!replace && this.has(record.sweep, record.runId)) {
        rmSync(tempDir, { recursive: true, force: true });
        return false;
      }
      // --force, an outdated record, or a leftover folder without a record: move the old one aside first, then swap.
      const old = `${finalDir}${TEMP_MARK}old-${process.pid}-${tempCounter++}`;
      renameSync(finalDir, old);
      try {
        renameSync(tempDir, finalDir);
      } catch (error) {
        renameSync(old, finalDir); // the old run stays in place, not in a folder the next sweep would clear
        throw error;
      }
      rmSync(old, { recursive: true, force: true });
      return true;
    }
    try {
      renameSync(tempDir, finalDir);
    } catch (error) {
      // Another process finished the same run between our check and the rename: keep theirs.
      rmSync(tempDir, { recursive: true, force: true });
      if (this.has(record.sweep, record.runId)) return false;
      throw error;
    }
    return true;
  }

  /**
   * Claim a run for this process. Returns false if a live process holds it. A lock left by a dead
   * process (killed sweep) is taken over. (Two processes taking over the same abandoned lock at the same
   * moment may both train the run; the store still keeps it once, since `write` never overwrites a record.)
   */
  claim(sweep: string, runId: string): boolean {
    const lock = join(this.sweepDir(sweep), runId + LOCK_SUFFIX);
    return writingTo(lock, () => this.takeLock(sweep, lock));
  }

  private takeLock(sweep: string, lock: string): boolean {
    mkdirSync(this.sweepDir(sweep), { recursive: true });
    // The pid is written to a temporary file that is then hard-linked to the lock's name (which fails if
    // the lock exists): a lock is never seen empty, which another process would take for abandoned.
    const temp = `${lock}${TEMP_MARK}${process.pid}-${tempCounter++}`;
    try {
      // Inside the try: on a full disk the file is created and its write then fails, and it must not stay.
      writeFileSync(temp, String(process.pid));
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          linkSync(temp, lock);
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          const holder = Number(safeRead(lock));
          if (holder === process.pid || (Number.isInteger(holder) && holder > 0 && processAlive(holder))) return false;
          rmSync(lock, { force: true });
        }
      }
      return false;
    } finally {
      rmSync(temp, { force: true });
    }
  }

  release(sweep: string, runId: string): void {
    const lock = join(this.sweepDir(sweep), runId + LOCK_SUFFIX);
    writingTo(lock, () => rmSync(lock, { force: true }));
  }

  /** Record what the sweep is (its definition's run ids, metric, varied keys), atomically. */
  writeSweepInfo(info: SweepInfo): void {
    const dir = this.sweepDir(info.name);
    const temp = join(dir, `${SWEEP_FILE}${TEMP_MARK}${process.pid}-${tempCounter++}`);
    writingTo(
      join(dir, SWEEP_FILE),
      () => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temp, encodeJson(info, 2) + '\n');
        renameSync(temp, join(dir, SWEEP_FILE));
      },
      () => rmSync(temp, { force: true }),
    );
  }

  /** The sweep's info; null when it has none. Throws DamagedEntryError naming the file when it is damaged. */
  readSweepInfo(sweep: string): SweepInfo | null {
    const entry = this.sweepInfoEntry(sweep);
    if (entry.state === 'damaged') throw new DamagedEntryError(entry.damage);
    return entry.state === 'valid' ? entry.info : null;
  }

  /** The sweep's sweep.json, classified: valid, missing or damaged. */
  sweepInfoEntry(sweep: string): SweepInfoEntry {
    return classifySweepInfo(this.sweepDir(sweep), sweep);
  }

  /**
   * Move a damaged run folder, or a damaged sweep.json (`name` = 'sweep.json'), into the sweep's `.damaged/`
   * folder (never deleted). Returns where it went, or null if it was gone already.
   */
  setAside(sweep: string, name: string): string | null {
    if (name !== SWEEP_FILE) this.runDir(sweep, name); // checks the id
    return setAside(this.sweepDir(sweep), name);
  }

  /** What was set aside in the sweep's `.damaged/` folder, sorted. */
  setAsideEntries(sweep: string): string[] {
    return setAsideEntries(this.sweepDir(sweep));
  }

  /** Temporary folders and files and run locks in the sweep's folder, with whether their process still runs. */
  leftovers(sweep: string): Leftover[] {
    return leftovers(this.sweepDir(sweep), LOCK_SUFFIX);
  }

  /** Remove temporary folders and run locks left by killed processes (never complete runs). */
  sweepTemporaries(sweep: string): number {
    const dir = this.sweepDir(sweep);
    let removed = 0;
    // A lock is left by a process killed between writing a run and releasing its lock: no later claim would clear it.
    for (const leftover of this.leftovers(sweep)) {
      if (leftover.alive || leftover.pid === null) continue;
      clearLeftover(dir, leftover.name);
      removed++;
    }
    return removed;
  }

  /**
   * Clear what a thread of this process left of one run when it was terminated mid-write (an aborted or timed-out
   * run, once that thread has stopped): its temporary folder, or the old run a `--force` swap had set aside.
   */
  clearOwnTemporaries(sweep: string, runId: string): void {
    const dir = this.sweepDir(sweep);
    const prefix = `${runId}${TEMP_MARK}`;
    for (const leftover of this.leftovers(sweep)) {
      if (leftover.kind === 'temporary' && leftover.pid === process.pid && leftover.name.startsWith(prefix)) clearLeftover(dir, leftover.name);
    }
  }
}

let tempCounter = 0;

/**
 * Remove a temporary, except an old run that a `--force` swap set aside (`<runId>.tmp-old-…`) and that nothing
 * replaced: the writer was cut off between its two renames, so the old run goes back in place.
 */
function clearLeftover(dir: string, name: string): void {
  const setAside = name.match(/^(.+)\.tmp-old-\d+-\d+$/);
  if (setAside && !existsSync(join(dir, setAside[1]))) {
    renameSync(join(dir, name), join(dir, setAside[1]));
    return;
  }
  rmSync(join(dir, name), { recursive: true, force: true });
}

/**
 * The stores a sweep's folder holds beside its runs, each of the same format: early termination's runs trained to
 * a rung (the inputs of its decisions), and pruned runs trained to the full budget by `exp audit`.
 */
export const SWEEP_SUBSTORES = { rungs: '.rungs', audit: '.audit' } as const;

/** One of a sweep's sub-stores (SWEEP_SUBSTORES): a RunStore rooted in the sweep's folder, holding the sweep under its own name. */
export function sweepSubStore(store: RunStore, sweep: string, which: keyof typeof SWEEP_SUBSTORES): RunStore {
  return new RunStore(join(store.sweepDir(sweep), SWEEP_SUBSTORES[which]));
}

