import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contextOf, sweepOf } from './_testSweeps.js';
import { StorageError, storageErrorOf } from './storageError.js';
import { RunStore } from './store.js';
import { crampedFolder, type CrampedFolder } from './testing/crampedFolder.js';
import { tempFolder } from './testing/tempFolder.js';
import { trainRun } from './train.js';

describe('StorageError', () => {
  it('words the codes of a refused write, and leaves every other error alone', () => {
    const enospc = storageErrorOf(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), '/store/a/record.json');
    expect(enospc).toBeInstanceOf(StorageError);
    expect(enospc?.message).toBe('cannot write /store/a/record.json: no space left on device');
    expect(enospc?.remedy).toBe('free some space');
    expect(storageErrorOf(Object.assign(new Error('read-only'), { code: 'EROFS' }), '/x')?.reason).toBe('read-only file system');
    expect(storageErrorOf(Object.assign(new Error('gone'), { code: 'ENOENT' }), '/x')).toBeNull();
    expect(storageErrorOf(new TypeError('a bug'), '/x')).toBeNull();
  });
});

describe('the run store on a full disk', () => {
  let cramped: CrampedFolder | null = null;
  afterEach(() => cramped?.release());

  it('throws a StorageError naming the record, keeps the runs written before, and leaves no temporary folder', async () => {
    const test = await sweepOf('name: full\nseed: 2\nreplicates: 8\nproblem: { landscape: { name: ravine } }\noptimizer: { name: sgd, lr: 0.01 }\ntrain: { batch_size: 1, steps: 400 }');
    const records = test.specs.map((spec) => trainRun(spec, contextOf(test)).record);
    const root = join(tempFolder('descent-store-'), 'runs');
    cramped = crampedFolder(root, '128k');
    console.log(`full disk: ${cramped.why}`);
    const store = new RunStore(root);
    let written = 0;
    let error: unknown = null;
    for (const record of records) {
      try {
        store.write(record, null);
        written++;
      } catch (thrown) {
        error = thrown;
        break;
      }
    }
    expect(error).toBeInstanceOf(StorageError);
    expect(written).toBeGreaterThan(0); // some runs fitted
    const failed = records[written];
    expect((error as StorageError).path).toBe(join(root, 'full', failed.runId, 'record.json'));
    expect((error as StorageError).reason).toBe(cramped.reason);
    expect(store.runIds('full')).toEqual(records.slice(0, written).map((r) => r.runId).sort());
    expect(readdirSync(join(root, 'full')).filter((e) => e.includes('.tmp-'))).toEqual([]);
  });

  it('a run lock that cannot be written throws a StorageError naming it and leaves no temporary file', () => {
    const root = join(tempFolder('descent-store-'), 'runs');
    cramped = crampedFolder(root, '16k');
    const store = new RunStore(root);
    mkdirSync(join(root, 'full'));
    // Fill the disk to its last byte, so even the lock's few bytes do not fit.
    if (cramped.how === 'tmpfs') {
      const block = Buffer.alloc(1024, 1);
      for (;;) {
        try {
          appendFileSync(join(root, 'full', 'filler'), block);
        } catch {
          break;
        }
      }
      for (;;) {
        try {
          appendFileSync(join(root, 'full', 'filler'), 'x');
        } catch {
          break;
        }
      }
    }
    let error: unknown = null;
    try {
      store.claim('full', 'abcdef012345');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).path).toBe(join(root, 'full', 'abcdef012345.lock'));
    expect(readdirSync(join(root, 'full')).filter((e) => e !== 'filler')).toEqual([]);
  });
});
