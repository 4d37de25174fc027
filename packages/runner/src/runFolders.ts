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

/** The look at the sweep folder `dir` (none: no runs). */
export function lookAtRunFolders(dir: string): RunFolderLook {
  let ids: string[];
  try {
    ids = runFolderIds(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ids: [], stamps: [] };
    // A file where the sweep's folder should be: no run can be stored there (`exp run` says so in one line).
    if (code === 'ENOTDIR') throw new StorageError(dir, code);
    throw error;
  }
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

/** The look at the sweep folder `dir` sent as text: ids and stamps each joined by newlines (one string clones fast, 100,000 small ones do not). */
export interface LookMessage {
  ids: string;
  stamps: string;
}

/**
 * The look at the sweep folder `dir`, taken on a thread of its own when the caller expects at least
 * LOOK_ASIDE_FROM runs there and the machine has a second core, so that the caller does other work meanwhile
 * (`exp run` expands its sweep: at 100,000 runs, 0.6 s of each was spent waiting for the other). Fewer runs or one
 * core: taken here at once. A thread that fails: taken here when it does.
 *
 * The stamps are as the files were when the thread looked: a run that changes afterwards is found changed by its
 * next look, as one that changes right after a look taken here would be.
 */
export function lookAtRunFoldersAside(dir: string, expectedRuns: number): Promise<RunFolderLook> {
  const lookHere = () => new Promise<RunFolderLook>((resolve) => resolve(lookAtRunFolders(dir)));
  if (expectedRuns < LOOK_ASIDE_FROM || availableParallelism() < 2) return lookHere();
  let thread: Worker;
  try {
    const built = builtThread('runFolderLookThread.js');
    thread = new Worker(new URL(built.filename), { workerData: dir, execArgv: built.execArgv });
  } catch {
    return lookHere();
  }
  return new Promise<RunFolderLook>((resolve, reject) => {
    let settled = false;
    const settle = (look: () => RunFolderLook) => {
      if (settled) return;
      settled = true;
      try {
        resolve(look());
      } catch (error) {
        reject(error);
      }
    };
    // A look the thread could not take (a folder it may not read, a thread that died) is taken here, where its error reaches the caller.
    const here = () => lookAtRunFolders(dir);
    thread.once('message', (message: LookMessage | { error: string }) => settle('error' in message ? here : () => lookOfMessage(message)));
    thread.once('error', () => settle(here));
    thread.once('exit', () => settle(here));
  });
}

export function lookMessage(look: RunFolderLook): LookMessage {
  return { ids: look.ids.join('\n'), stamps: look.stamps.join('\n') };
}

export function lookOfMessage(message: LookMessage): RunFolderLook {
  return message.ids === '' ? { ids: [], stamps: [] } : { ids: message.ids.split('\n'), stamps: message.stamps.split('\n') };
}
