import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { LOOK_ASIDE_FROM, LOOK_CHUNK, lookAtRunFolders, lookAtRunFoldersAside, META_FILE, RECORD_FILE } from './runFolders.js';
import { StorageError } from './storageError.js';
import { tempFolder } from './testing/tempFolder.js';

// The thread a look aside starts, replaced per test by a script that answers as told (the real thread is held to
// the look taken here in store.test.ts).
const thread = vi.hoisted(() => ({ file: '' }));
vi.mock('./builtThread.js', () => ({ builtThread: () => ({ filename: pathToFileURL(thread.file).href, execArgv: [] }) }));

/** A sweep folder with two runs (one without meta.json), a temporary, a lock, a set-aside folder and a stray file named like a run. */
function sweepFolder(): string {
  const dir = tempFolder('descent-look-');
  for (const id of ['bbbbbbbbbbbb', 'aaaaaaaaaaaa']) {
    mkdirSync(join(dir, id));
    writeFileSync(join(dir, id, RECORD_FILE), `{"runId":"${id}"}\n`);
  }
  writeFileSync(join(dir, 'bbbbbbbbbbbb', META_FILE), '{}\n');
  mkdirSync(join(dir, 'cccccccccccc.tmp-123-1'));
  writeFileSync(join(dir, 'dddddddddddd.lock'), '123');
  mkdirSync(join(dir, '.damaged'));
  writeFileSync(join(dir, 'eeeeeeeeeeee'), 'not a folder');
  return dir;
}

/** A thread script (ES module) with this body, in its own folder. */
function threadScript(body: string): string {
  const file = join(tempFolder('descent-look-thread-'), 'thread.mjs');
  writeFileSync(file, `import { parentPort, workerData } from 'node:worker_threads';\n${body}\n`);
  return file;
}

describe('lookAtRunFolders', () => {
  it('lists the run folders, sorted, each with the stamps of its two files; nothing else of the folder, and none when there is no folder', () => {
    const dir = sweepFolder();
    const look = lookAtRunFolders(dir);
    expect(look.ids).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
    // [inode, size, mtime, ctime] of record.json | of meta.json ('-': no file)
    expect(look.stamps[0]).toMatch(/^\d+:25:[\d.]+:[\d.]+\|-$/);
    expect(look.stamps[1]).toMatch(/^\d+:25:[\d.]+:[\d.]+\|\d+:3:[\d.]+:[\d.]+$/);
    expect(lookAtRunFolders(join(dir, 'missing'))).toEqual({ ids: [], stamps: [] });
  });

  it('refuses a file where the sweep folder should be as a storage error naming it (the sweep stops in one line)', () => {
    const file = join(sweepFolder(), 'eeeeeeeeeeee');
    let thrown: unknown;
    try {
      lookAtRunFolders(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StorageError);
    expect(thrown).toMatchObject({ path: file, code: 'ENOTDIR', reason: 'a file is where that folder should be', remedy: 'move the file away' });
  });
});

describe('lookAtRunFoldersAside', () => {
  it("answers with the thread's look when the caller expects many runs, and takes the look here for fewer", async () => {
    const dir = sweepFolder();
    // A thread that claims every folder and answers with stamps of its own making: the answer shows which way the look was taken.
    thread.file = threadScript(`Atomics.add(workerData.next, 0, 1 << 20);
parentPort.postMessage({ ids: 'ffffffffffff\\n000000000000' });
parentPort.postMessage({ chunks: [0], stamps: 'one\\ntwo' });`);
    expect(await lookAtRunFoldersAside(dir, LOOK_ASIDE_FROM).join()).toEqual({ ids: ['ffffffffffff', '000000000000'], stamps: ['one', 'two'] });
    expect(await lookAtRunFoldersAside(dir, LOOK_ASIDE_FROM - 1).join()).toEqual(lookAtRunFolders(dir));
    thread.file = threadScript(`parentPort.postMessage({ ids: '' }); parentPort.postMessage({ chunks: [], stamps: '' });`);
    expect(await lookAtRunFoldersAside(dir, LOOK_ASIDE_FROM).join()).toEqual({ ids: [], stamps: [] });
  });

  it('the caller stamps the folders the thread has not claimed when it joins, and those the thread claimed but never sent', async () => {
    const dir = sweepFolder();
    const here = lookAtRunFolders(dir);
    // A thread that lists the folders and then waits until its caller has claimed them all: the caller stamps every one.
    thread.file = threadScript(`parentPort.postMessage({ ids: 'aaaaaaaaaaaa\\nbbbbbbbbbbbb' });
while (Atomics.load(workerData.next, 0) < 2) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
parentPort.postMessage({ chunks: [], stamps: '' });`);
    expect(await lookAtRunFoldersAside(dir, LOOK_ASIDE_FROM).join()).toEqual(here);
    // A thread that claims the folders, then ends without sending their stamps: stamped here.
    for (const end of ['process.exit(3);', "throw new Error('broken thread');", "parentPort.postMessage({ error: 'EIO' });"]) {
      thread.file = threadScript(`Atomics.add(workerData.next, 0, 1 << 20); parentPort.postMessage({ ids: 'aaaaaaaaaaaa\\nbbbbbbbbbbbb' }); ${end}`);
      expect(await lookAtRunFoldersAside(dir, LOOK_ASIDE_FROM).join(), end).toEqual(here);
    }
  });

  it('shares the folders between the thread and its caller chunk by chunk, to the look taken here', async () => {
    // The real thread's body (takeLookShare) over more folders than a chunk holds, beside a caller that joins at once.
    const dir = tempFolder('descent-look-shared-');
    const ids = Array.from({ length: 3 * LOOK_CHUNK + 17 }, (_, i) => i.toString(16).padStart(12, '0'));
    for (const [i, id] of ids.entries()) {
      mkdirSync(join(dir, id));
      writeFileSync(join(dir, id, RECORD_FILE), 'x'.repeat(i % 7));
      if (i % 3 === 0) writeFileSync(join(dir, id, META_FILE), '{}');
    }
    const runFolders = fileURLToPath(new URL('../dist/runFolderLookThread.js', import.meta.url));
    thread.file = runFolders;
    const look = await lookAtRunFoldersAside(dir, LOOK_ASIDE_FROM).join();
    expect(look).toEqual(lookAtRunFolders(dir));
    expect(look.ids).toEqual(ids);
  });

  it('takes the look here when the thread reports an error, throws, or ends without an answer', async () => {
    const dir = sweepFolder();
    const here = lookAtRunFolders(dir);
    for (const body of [`parentPort.postMessage({ error: 'EACCES' });`, `throw new Error('broken thread');`, `process.exit(3);`, ``]) {
      thread.file = threadScript(body);
      expect(await lookAtRunFoldersAside(dir, LOOK_ASIDE_FROM).join(), body).toEqual(here);
    }
  });

  it("rejects with the folder's own error when neither the thread nor this thread can read it", async () => {
    const notAFolder = join(sweepFolder(), 'eeeeeeeeeeee');
    thread.file = threadScript(`parentPort.postMessage({ error: 'ENOTDIR' });`);
    await expect(lookAtRunFoldersAside(notAFolder, LOOK_ASIDE_FROM).join()).rejects.toThrow(StorageError);
    // Few runs: the look is taken at once, and its error is the join's, not thrown at the call.
    const look = lookAtRunFoldersAside(notAFolder, 1);
    await expect(look.join()).rejects.toMatchObject({ path: notAFolder, code: 'ENOTDIR' });
  });
});
