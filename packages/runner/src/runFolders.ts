import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { builtThread } from './builtThread.js';
import { StorageError } from './storageError.js';

/**
 * A run's folder in a sweep's folder of the store, `<sweep>/<runId>/`, and the look at all of them that tells a
 * reader which runs changed since it last read them: the stamps of their two files. Its own module, with little
 * but node:fs, because a thread of its own takes that look (runFolderLookThread.ts).
 */

export const RECORD_FILE = 'record.json';
export const META_FILE = 'meta.json';
/** A folder name that can be a run (run ids are hex hashes). */
export const RUN_ID = /^[0-9a-f]{6,64}$/;

/** What identifies a file's version on disk: a rewritten or replaced file changes one of these. */
export function fileStamp(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}` : '-';
}

/**
 * The stamps of the run folder `dir`'s two files: what a changed, replaced or deleted run changes. Loops over every
 * run of a sweep build `dir` from the sweep's folder once checked: at 100,000 runs, checking the sweep's name and
 * normalising the paths (path.join) for every run cost a tenth of the look at the folders.
 */
export function runStamp(dir: string): string {
  return `${fileStamp(dir + sep + RECORD_FILE)}|${fileStamp(dir + sep + META_FILE)}`;
}

/** The run folders of the sweep folder `dir`, sorted: temporaries, locks and what was set aside are not runs. */
export function runFolderIds(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && RUN_ID.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** Every run folder of a sweep folder, sorted, and the stamps of its files (runStamp), `stamps[i]` of `ids[i]`. */
export interface RunFolderLook {
  ids: string[];
  stamps: string[];
}

/** The run folders of the sweep folder `dir` (runFolderIds); none when there is no such folder. */
function runFolderIdsOrNone(dir: string): string[] {
  try {
    return runFolderIds(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    // A file where the sweep's folder should be: no run can be stored there (`exp run` says so in one line).
    if (code === 'ENOTDIR') throw new StorageError(dir, code);
    throw error;
  }
}

/** The look at the sweep folder `dir` (none: no runs). */
export function lookAtRunFolders(dir: string): RunFolderLook {
  const ids = runFolderIdsOrNone(dir);
  const stamps = new Array<string>(ids.length);
  for (let i = 0; i < ids.length; i++) stamps[i] = runStamp(dir + sep + ids[i]);
  return { ids, stamps };
}

/**
 * From how many runs the look is taken on a thread of its own. Two stats a run cost 3–9 µs here (0.6–0.9 s at
 * 100,000 runs); starting the thread and sending the look back cost about 30 ms, which overlaps the caller's own
 * work only as far as it has some.
 */
export const LOOK_ASIDE_FROM = 5000;

/** How many run folders the look's thread or its caller claims at a time (about a millisecond of stats). */
export const LOOK_CHUNK = 256;

/** What the look's thread is given: the sweep folder, and the index of the next folder not yet claimed (shared). */
export interface LookWork {
  dir: string;
  next: Int32Array;
}

/**
 * What the look's thread sends: the run folders it found (one string, ids joined by newlines: one string clones
 * fast, 100,000 small ones do not), then the stamps of the chunks it claimed (each chunk's first index, and their
 * stamps in order, joined), or an error it met.
 */
export type LookMessage = { ids: string } | { chunks: number[]; stamps: string } | { error: string };

/** Claim chunks of `ids` from `next` until none is left, and stamp each run folder of them: the share of whoever calls. */
export function stampClaimedChunks(dir: string, ids: readonly string[], next: Int32Array, stamp: (index: number, stamp: string) => void, claimed?: (start: number) => void): void {
  for (let start = Atomics.add(next, 0, LOOK_CHUNK); start < ids.length; start = Atomics.add(next, 0, LOOK_CHUNK)) {
    claimed?.(start);
    const end = Math.min(start + LOOK_CHUNK, ids.length);
    for (let i = start; i < end; i++) stamp(i, runStamp(dir + sep + ids[i]));
  }
}

/** The body of the look's thread (runFolderLookThread.ts): find the run folders, send them, stamp its share, send it. */
export function takeLookShare({ dir, next }: LookWork, post: (message: LookMessage) => void): void {
  try {
    const ids = runFolderIdsOrNone(dir);
    post({ ids: ids.join('\n') });
    const chunks: number[] = [];
    const stamps: string[] = [];
    stampClaimedChunks(dir, ids, next, (_, stamp) => stamps.push(stamp), (start) => chunks.push(start));
    post({ chunks, stamps: stamps.join('\n') });
  } catch (error) {
    post({ error: String(error) });
  }
}

/** A look at a sweep folder's run folders, taken aside (lookAtRunFoldersAside). */
export interface PendingLook {
  /**
   * The look, once taken. On its thread, the caller first stamps its own share of the folders, those not yet
   * claimed, then waits for the thread's. Rejects with the folder's error when neither this thread nor the other
   * can read it.
   */
  join(): Promise<RunFolderLook>;
}

/**
 * The look at the sweep folder `dir`, taken on a thread of its own when the caller expects at least
 * LOOK_ASIDE_FROM runs there and the machine has a second core, so that the caller does other work meanwhile
 * (`exp run` expands its sweep: at 100,000 runs, 0.6 s of each was spent waiting for the other), and shares the
 * rest when it joins: `exp list` had its listings loaded 0.4 s before the thread's look was done, and waited. Fewer
 * runs or one core: taken here at once. A thread that fails: taken here when it does, the folders it had not sent.
 *
 * The stamps are as the files were when they were looked at: a run that changes afterwards is found changed by its
 * next look, as one that changes right after a look taken here would be.
 */
export function lookAtRunFoldersAside(dir: string, expectedRuns: number): PendingLook {
  const lookHere = (): PendingLook => {
    const look = new Promise<RunFolderLook>((resolve) => resolve(lookAtRunFolders(dir)));
    look.catch(() => {}); // a look its caller never joins (it failed first) ends nothing
    return { join: () => look };
  };
  if (expectedRuns < LOOK_ASIDE_FROM || availableParallelism() < 2) return lookHere();
  const next = new Int32Array(new SharedArrayBuffer(4));
  let thread: Worker;
  try {
    const built = builtThread('runFolderLookThread.js');
    thread = new Worker(new URL(built.filename), { workerData: { dir, next } satisfies LookWork, execArgv: built.execArgv });
  } catch {
    return lookHere();
  }
  // The thread's two answers, or null for each it will not give (an error it met, or it ended).
  let answerIds: (ids: string[] | null) => void = () => {};
  let answerShare: (share: { chunks: number[]; stamps: string[] } | null) => void = () => {};
  const ids = new Promise<string[] | null>((resolve) => (answerIds = resolve));
  const share = new Promise<{ chunks: number[]; stamps: string[] } | null>((resolve) => (answerShare = resolve));
  const ended = () => (answerIds(null), answerShare(null));
  thread.on('message', (message: LookMessage) => {
    if ('ids' in message) answerIds(message.ids === '' ? [] : message.ids.split('\n'));
    else if ('chunks' in message) answerShare({ chunks: message.chunks, stamps: message.stamps === '' ? [] : message.stamps.split('\n') });
    else ended();
  });
  thread.once('error', ended);
  thread.once('exit', ended);
  let joined: Promise<RunFolderLook> | null = null;
  const join = async (): Promise<RunFolderLook> => {
    const found = await ids;
    // The thread could not list the folder (it may not be read, or is a file): listed here, where its error reaches the caller.
    if (found === null) return lookAtRunFolders(dir);
    const stamps = new Array<string | undefined>(found.length);
    stampClaimedChunks(dir, found, next, (i, stamp) => (stamps[i] = stamp));
    const theirs = await share;
    if (theirs !== null) {
      let at = 0;
      for (const start of theirs.chunks) for (let i = start; i < Math.min(start + LOOK_CHUNK, found.length); i++) stamps[i] = theirs.stamps[at++];
    }
    // Chunks the thread claimed but did not send (it failed or ended on the way): stamped here.
    for (let i = 0; i < found.length; i++) stamps[i] ??= runStamp(dir + sep + found[i]);
    return { ids: found, stamps: stamps as string[] };
  };
  return { join: () => (joined ??= join()) };
}
