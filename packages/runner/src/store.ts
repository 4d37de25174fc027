import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepNameProblem, TEMPORARY_MARK } from '@descent/sweep';
import { decodeJson, encodeJson } from './json.js';
import { writingTo } from './storageError.js';
import { RECORD_SCHEMA, type RunMeta, type RunRecord, type SweepInfo } from './types.js';

/**
 * The run store: plain files under `<root>/<sweep>/<runId>/` (record.json: the deterministic result;
 * meta.json: wall time, machine, versions).
 *
 * A run is written into a temporary folder that is renamed into place in one step, so a killed process
 * never leaves a run that looks finished. Two processes on one sweep coordinate with a lock file per
 * run (created exclusively); a lock whose process is gone is taken over.
 */
export const RECORD_FILE = 'record.json';
export const META_FILE = 'meta.json';
export const SWEEP_FILE = 'sweep.json';
const LOCK_SUFFIX = '.lock';
const TEMP_MARK = TEMPORARY_MARK; // no sweep may be named with it (sweepName.ts)

export interface StoredRun {
  record: RunRecord;
  meta: RunMeta | null;
}

export class RunStore {
  constructor(readonly root: string) {}

  sweepDir(sweep: string): string {
    const problem = sweepNameProblem(sweep);
    if (problem) throw new Error(`sweep name: ${problem}`);
    return join(this.root, sweep);
  }

  runDir(sweep: string, runId: string): string {
    if (!/^[0-9a-f]{6,64}$/.test(runId)) throw new Error(`run id '${runId}' is not a hex hash`);
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

  /** True when the run has a complete record. */
  has(sweep: string, runId: string): boolean {
    return existsSync(join(this.runDir(sweep, runId), RECORD_FILE));
  }

  /** Run ids with a complete record, sorted. Temporary folders and locks are not runs. */
  runIds(sweep: string): string[] {
    const dir = this.sweepDir(sweep);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.includes(TEMP_MARK) && existsSync(join(dir, e.name, RECORD_FILE)))
      .map((e) => e.name)
      .sort();
  }

  read(sweep: string, runId: string): StoredRun {
    const dir = this.runDir(sweep, runId);
    const record = decodeJson<RunRecord>(readFileSync(join(dir, RECORD_FILE), 'utf8'));
    const metaPath = join(dir, META_FILE);
    const meta = existsSync(metaPath) ? decodeJson<RunMeta>(readFileSync(metaPath, 'utf8')) : null;
    return { record, meta };
  }

  /**
   * The sweep's runs in the current record format, sorted by id. Runs recorded in another format (an older
   * `schema`, before paired seeds) are never mixed in: `outdatedRunIds` names them.
   */
  readAll(sweep: string): StoredRun[] {
    return this.runIds(sweep)
      .map((id) => this.read(sweep, id))
      .filter((run) => run.record.schema === RECORD_SCHEMA);
  }

  /** Runs whose record is in another format than RECORD_SCHEMA (their ids and seeds were derived differently), sorted. */
  outdatedRunIds(sweep: string): string[] {
    return this.runIds(sweep).filter((id) => this.read(sweep, id).record.schema !== RECORD_SCHEMA);
  }

  /** The record file's exact bytes (for `exp verify`). */
  recordBytes(sweep: string, runId: string): string {
    return readFileSync(join(this.runDir(sweep, runId), RECORD_FILE), 'utf8');
  }

  /**
   * Write a run atomically. Returns false (and writes nothing) when a complete record is already there:
   * run ids are content hashes, so a result delivered twice is stored once.
   */
  write(record: RunRecord, meta: RunMeta | null, { replace = false } = {}): boolean {
    const finalDir = this.runDir(record.sweep, record.runId);
    if (!replace && this.has(record.sweep, record.runId)) return false;
    const tempDir = `${finalDir}${TEMP_MARK}${process.pid}-${tempCounter++}`;
    // A full disk (or a read-only one) stops the sweep with a StorageError naming the record, and leaves no temporary folder.
    return writingTo(join(finalDir, RECORD_FILE), () => this.writeRun(record, meta, replace, finalDir, tempDir), () => rmSync(tempDir, { recursive: true, force: true }));
  }

  private writeRun(record: RunRecord, meta: RunMeta | null, replace: boolean, finalDir: string, tempDir: string): boolean {
    mkdirSync(this.sweepDir(record.sweep), { recursive: true });
    mkdirSync(tempDir);
    writeFileSync(join(tempDir, RECORD_FILE), encodeRecord(record));
    if (meta) writeFileSync(join(tempDir, META_FILE), encodeJson(meta, 2) + '\n');
    if (existsSync(finalDir)) {
      if (!replace && this.has(record.sweep, record.runId)) {
        rmSync(tempDir, { recursive: true, force: true });
        return false;
      }
      // --force, or a leftover folder without a record: move the old one aside first, then swap.
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
    writeFileSync(temp, String(process.pid));
    try {
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

  readSweepInfo(sweep: string): SweepInfo | null {
    const path = join(this.sweepDir(sweep), SWEEP_FILE);
    return existsSync(path) ? decodeJson<SweepInfo>(readFileSync(path, 'utf8')) : null;
  }

  /** Remove temporary folders and run locks left by killed processes (never complete runs). */
  sweepTemporaries(sweep: string): number {
    const dir = this.sweepDir(sweep);
    if (!existsSync(dir)) return 0;
    let removed = 0;
    for (const entry of readdirSync(dir)) {
      const match = entry.match(/\.tmp-(?:old-)?(\d+)-\d+$/);
      if (match && !processAlive(Number(match[1]))) {
        rmSync(join(dir, entry), { recursive: true, force: true });
        removed++;
      } else if (entry.endsWith(LOCK_SUFFIX)) {
        // A process killed between writing a run and releasing its lock leaves the lock of a finished run,
        // which no later claim would clear.
        const holder = Number(safeRead(join(dir, entry)));
        if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
          rmSync(join(dir, entry), { force: true });
          removed++;
        }
      }
    }
    return removed;
  }
}

let tempCounter = 0;

/** A record's bytes: sorted keys, explicit non-finite numbers, one trailing newline. */
export function encodeRecord(record: RunRecord): string {
  return encodeJson(record) + '\n';
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
