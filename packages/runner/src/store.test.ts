import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contextOf, sweepOf } from './_testSweeps.js';
import { META_FILE, RECORD_FILE, RunStore } from './store.js';
import { encodeRecord } from './recordCodec.js';
import { RUN_STATES_FILE } from './runStates.js';
import { LOOK_ASIDE_FROM } from './runFolders.js';
import { listingOf } from './runListing.js';
import { tempFolder } from './testing/tempFolder.js';
import { trainRun } from './train.js';
import { RECORD_SCHEMA, type RunMeta, type RunRecord } from './types.js';

// Watch every rename and link the store makes, to see what is on disk at the moment a run appears.
const fsHooks = vi.hoisted(() => ({
  beforeRename: null as null | ((from: string, to: string) => void),
  beforeLink: null as null | ((from: string, to: string) => void),
  onRead: null as null | ((path: string) => void),
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    renameSync: (from: string, to: string) => {
      fsHooks.beforeRename?.(from, to);
      fs.renameSync(from, to);
    },
    linkSync: (from: string, to: string) => {
      fsHooks.beforeLink?.(from, to);
      fs.linkSync(from, to);
    },
    readFileSync: ((path: string, ...rest: unknown[]) => {
      fsHooks.onRead?.(String(path));
      return (fs.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.readFileSync,
  };
});

const freshStore = () => new RunStore(tempFolder('descent-store-'));

/** The pid of a process that has exited (so no live process holds it). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

let diverged: RunRecord;
let finished: RunRecord;
const meta = (runId: string): RunMeta => ({
  schema: 1, runId, wallTimeMs: 12.5, stepTimesMs: [], epochTimesMs: [], finishedAt: '2024-01-01T00:00:00.000Z', node: 'v20', machine: 'test', gitCommit: null, descentVersion: '0.0.0', kernels: 'js',
});

beforeAll(async () => {
  // Real records: a learning rate above 2/κ on the ravine diverges, so its record holds NaN.
  const test = await sweepOf(`
name: store-test
problem:
  landscape: { name: ravine, condition: 50 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 60 }
metric: { name: loss, goal: minimize, target: null }
parameters:
  optimizer.lr: { values: [0.01, 0.05] }
`);
  [finished, diverged] = test.specs.map((spec) => trainRun(spec, contextOf(test)).record);
  expect(finished.status).toBe('finished');
  expect(diverged.status).toBe('diverged');
});

describe('RunStore', () => {
  it('does not count a temporary folder as a run, and clears those of dead processes only', () => {
    const store = freshStore();
    const id = finished.runId;
    const dir = join(store.root, 'store-test');
    const deadTemp = join(dir, `${id}.tmp-${deadPid()}-0`);
    const liveTemp = join(dir, `${id}.tmp-${process.pid}-7`);
    for (const temp of [deadTemp, liveTemp]) {
      mkdirSync(temp, { recursive: true });
      writeFileSync(join(temp, RECORD_FILE), encodeRecord(finished));
    }
    expect(store.has('store-test', id)).toBe(false);
    expect(store.runIds('store-test')).toEqual([]);
    expect(store.sweepTemporaries('store-test')).toBe(1);
    expect(existsSync(deadTemp)).toBe(false);
    expect(existsSync(liveTemp)).toBe(true);
  });

  it('puts back an old run that a --force swap had set aside when its writer was killed between the two renames', () => {
    const store = freshStore();
    store.write(finished, null);
    const dir = join(store.root, 'store-test');
    const setAside = join(dir, `${finished.runId}.tmp-old-${deadPid()}-3`);
    renameSync(store.runDir('store-test', finished.runId), setAside);
    expect(store.has('store-test', finished.runId)).toBe(false);
    expect(store.sweepTemporaries('store-test')).toBe(1);
    expect(readdirSync(dir)).toEqual([finished.runId]);
    expect(store.read('store-test', finished.runId).record).toEqual(finished);
  });

  it("clears what this process's threads left of one run (cut off mid-write), and nothing of other runs or processes", () => {
    const store = freshStore();
    store.write(diverged, null);
    const dir = join(store.root, 'store-test');
    const own = join(dir, `${finished.runId}.tmp-${process.pid}-4`);
    const otherRun = join(dir, `${diverged.runId}.tmp-${process.pid}-5`);
    const otherProcess = join(dir, `${finished.runId}.tmp-${deadPid()}-6`);
    for (const temp of [own, otherRun, otherProcess]) {
      mkdirSync(temp);
      writeFileSync(join(temp, RECORD_FILE), '{"trunc');
    }
    store.clearOwnTemporaries('store-test', finished.runId);
    expect(readdirSync(dir).sort()).toEqual([diverged.runId, basename(otherRun), basename(otherProcess)].sort());
    // A swap cut off between its renames: the old run goes back.
    renameSync(store.runDir('store-test', diverged.runId), join(dir, `${diverged.runId}.tmp-old-${process.pid}-7`));
    store.clearOwnTemporaries('store-test', diverged.runId);
    expect(store.read('store-test', diverged.runId).record).toEqual(diverged);
    expect(readdirSync(dir).sort()).toEqual([diverged.runId, basename(otherProcess)].sort());
  });

  it('clears the lock a killed process left on a run it had finished, and keeps the lock of a live process', () => {
    const store = freshStore();
    store.write(finished, null);
    const dir = join(store.root, 'store-test');
    writeFileSync(join(dir, `${finished.runId}.lock`), String(deadPid()));
    writeFileSync(join(dir, `${diverged.runId}.lock`), String(process.pid));
    expect(store.sweepTemporaries('store-test')).toBe(1);
    expect(existsSync(join(dir, `${finished.runId}.lock`))).toBe(false);
    expect(existsSync(join(dir, `${diverged.runId}.lock`))).toBe(true);
  });

  it('writes a run into a temporary folder and makes it visible only by renaming it, complete', () => {
    const store = freshStore();
    const seen: { visibleBefore: boolean; recordInTemp: string }[] = [];
    fsHooks.beforeRename = (from, to) => {
      if (to !== store.runDir('store-test', finished.runId)) return;
      seen.push({ visibleBefore: store.has('store-test', finished.runId), recordInTemp: readFileSync(join(from, RECORD_FILE), 'utf8') });
    };
    try {
      expect(store.write(finished, meta(finished.runId))).toBe(true);
    } finally {
      fsHooks.beforeRename = null;
    }
    expect(seen).toEqual([{ visibleBefore: false, recordInTemp: encodeRecord(finished) }]);
    expect(store.has('store-test', finished.runId)).toBe(true);
    expect(readdirSync(join(store.root, 'store-test'))).toEqual([finished.runId]);
    expect(readdirSync(store.runDir('store-test', finished.runId)).sort()).toEqual([META_FILE, RECORD_FILE]);
  });

  it('stores a run delivered twice once, keeping the first record', () => {
    const store = freshStore();
    const other: RunRecord = { ...finished, summary: { ...finished.summary, finalLoss: 123 } };
    expect(store.write(finished, null)).toBe(true);
    expect(store.write(other, null)).toBe(false);
    expect(store.recordBytes('store-test', finished.runId)).toBe(encodeRecord(finished));
    expect(readdirSync(join(store.root, 'store-test'))).toEqual([finished.runId]);
  });

  it('replaces a stored run with --force, leaving no temporary folder', () => {
    const store = freshStore();
    const redone: RunRecord = { ...finished, summary: { ...finished.summary, finalLoss: 123 } };
    store.write(finished, meta(finished.runId));
    expect(store.write(redone, null, { replace: true })).toBe(true);
    expect(store.recordBytes('store-test', finished.runId)).toBe(encodeRecord(redone));
    expect(store.read('store-test', finished.runId).meta).toBeNull(); // the old meta went with the old run
    expect(readdirSync(join(store.root, 'store-test'))).toEqual([finished.runId]);
  });

  it('sets runs recorded in an older format apart: never read with the current ones, named by outdatedRunIds', () => {
    const store = freshStore();
    store.write(finished, meta(finished.runId));
    // A record as Descent wrote it before paired seeds: schema 1, no stream seeds, ids derived otherwise.
    const { seeds: _seeds, ...rest } = finished;
    const old = { ...rest, schema: 1, runId: 'aaaaaaaaaaaa', seed: '0123456789abcdef' };
    mkdirSync(join(store.root, finished.sweep, old.runId), { recursive: true });
    writeFileSync(join(store.root, finished.sweep, old.runId, RECORD_FILE), JSON.stringify(old) + '\n');

    expect(store.runIds(finished.sweep)).toEqual([old.runId, finished.runId].sort());
    expect(store.readAll(finished.sweep).map((run) => run.record.runId)).toEqual([finished.runId]);
    expect(store.outdatedRunIds(finished.sweep)).toEqual([old.runId]);
    expect(finished.schema).toBe(RECORD_SCHEMA);
    expect(RECORD_SCHEMA).toBe(4);
  });

  it("trains again a run whose record an older engine made under the same id (an MLP's schema-3 record): not `has`, and written over", () => {
    const store = freshStore();
    // What compileMlpStep left before schema 4: the same run id, an MLP's config, other last bits.
    const mlpProblem = { kind: 'dataset', dataset: { name: 'moons', size: 40, test_fraction: 0.25 }, loss: 'bce', model: { hidden: [4] } };
    const old = { ...finished, schema: 3, config: { ...finished.config, problem: mlpProblem }, summary: { ...finished.summary, finalLoss: finished.summary.finalLoss * (1 + 2 ** -40) } };
    const dir = join(store.root, finished.sweep, finished.runId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, RECORD_FILE), JSON.stringify(old) + '\n');
    expect(store.outdatedRunIds(finished.sweep)).toEqual([finished.runId]);
    expect(store.has(finished.sweep, finished.runId)).toBe(false);
    expect(store.readAll(finished.sweep)).toEqual([]);

    expect(store.write(finished, meta(finished.runId))).toBe(true);
    expect(store.recordBytes(finished.sweep, finished.runId)).toBe(encodeRecord(finished));
    expect(store.has(finished.sweep, finished.runId)).toBe(true);
    expect(store.outdatedRunIds(finished.sweep)).toEqual([]);
    expect(readdirSync(join(store.root, finished.sweep)).filter((name) => !name.startsWith('.'))).toEqual([finished.runId]);
    // A current record is never written over without replace.
    expect(store.write({ ...finished, summary: old.summary }, null)).toBe(false);
  });

  it('classifies each run once: a later store reads the states file, not the records, until a record changes', () => {
    const store = freshStore();
    store.write(finished, meta(finished.runId));
    store.write(diverged, meta(diverged.runId));
    const { seeds: _seeds, ...rest } = finished;
    const old = { ...rest, schema: 1, runId: 'aaaaaaaaaaaa', seed: '0123456789abcdef' };
    const sweepDir = join(store.root, finished.sweep);
    mkdirSync(join(sweepDir, old.runId));
    writeFileSync(join(sweepDir, old.runId, RECORD_FILE), JSON.stringify(old) + '\n');
    mkdirSync(join(sweepDir, 'bbbbbbbbbbbb'));
    writeFileSync(join(sweepDir, 'bbbbbbbbbbbb', RECORD_FILE), '{"trunc');
    const expected = [
      { runId: old.runId, state: 'outdated' },
      { runId: 'bbbbbbbbbbbb', state: 'damaged' },
      ...[finished.runId, diverged.runId].sort().map((runId) => ({ runId, state: 'current' })),
    ].sort((a, b) => (a.runId < b.runId ? -1 : 1));
    const statesOf = (reader: RunStore) => reader.runStates(finished.sweep).map(({ runId, state }) => ({ runId, state: state.state }));
    expect(statesOf(store)).toEqual(expected);
    expect(existsSync(join(sweepDir, RUN_STATES_FILE))).toBe(true);

    // Another process: its answers come from the states file; not one record or meta is read.
    const read: string[] = [];
    fsHooks.onRead = (path) => void ((path.endsWith(RECORD_FILE) || path.endsWith(META_FILE)) && path.startsWith(sweepDir) && read.push(path));
    try {
      const later = new RunStore(store.root);
      expect(statesOf(later)).toEqual(expected);
      expect(later.has(finished.sweep, finished.runId)).toBe(true);
      expect(later.has(finished.sweep, 'bbbbbbbbbbbb')).toBe(false);
      expect(later.damaged(finished.sweep).map((damage) => [damage.runId, damage.reason])).toEqual([['bbbbbbbbbbbb', expect.stringContaining('')]]);
      expect(later.outdatedRunIds(finished.sweep)).toEqual([old.runId]);
      expect(read).toEqual([]);

      // A record rewritten (here: damaged) is read again; a run folder deleted is gone.
      writeFileSync(join(sweepDir, diverged.runId, RECORD_FILE), 'null');
      rmSync(join(sweepDir, old.runId), { recursive: true });
      const third = new RunStore(store.root);
      expect(third.has(finished.sweep, diverged.runId)).toBe(false);
      expect(read).toEqual([join(sweepDir, diverged.runId, RECORD_FILE)]);
      expect(statesOf(third)).toEqual(expected.filter((entry) => entry.runId !== old.runId).map((entry) => (entry.runId === diverged.runId ? { ...entry, state: 'damaged' } : entry)));
    } finally {
      fsHooks.onRead = null;
    }
    // The file now says so too; garbage in it is as no file.
    expect((JSON.parse(readFileSync(join(sweepDir, RUN_STATES_FILE), 'utf8')) as { runs: [string][] }).runs.map(([runId]) => runId)).not.toContain(old.runId);
    writeFileSync(join(sweepDir, RUN_STATES_FILE), '{"version":"2/4","runs":');
    expect(statesOf(new RunStore(store.root)).map((entry) => entry.runId)).toEqual(['bbbbbbbbbbbb', finished.runId, diverged.runId].sort());
  });

  it('gives one run\'s listing without reading its record while its files are as noted, and reads it once they change', () => {
    const store = freshStore();
    store.write(finished, meta(finished.runId));
    store.noteWritten(finished.sweep, finished.runId, listingOf({ record: finished, meta: meta(finished.runId) }));
    const reads: string[] = [];
    fsHooks.onRead = (path) => reads.push(basename(path));
    try {
      const noted = store.listing(finished.sweep, finished.runId)!;
      expect(reads).toEqual([]);
      expect(noted).toEqual(listingOf(store.read(finished.sweep, finished.runId)));
      expect(noted.summary.finalMetric).toBe(finished.summary.finalMetric);
      // The record edited by hand: read again, and its new value given.
      const path = join(store.sweepDir(finished.sweep), finished.runId, RECORD_FILE);
      const edited = JSON.parse(readFileSync(path, 'utf8'));
      edited.summary.finalMetric = 42.125;
      writeFileSync(path, JSON.stringify(edited));
      reads.length = 0;
      expect(store.listing(finished.sweep, finished.runId)!.summary.finalMetric).toBe(42.125);
      expect(reads).toContain(RECORD_FILE);
      // Damaged, then gone: no listing.
      writeFileSync(path, '{"trunc');
      expect(store.listing(finished.sweep, finished.runId)).toBeNull();
      rmSync(join(store.sweepDir(finished.sweep), finished.runId), { recursive: true });
      expect(store.listing(finished.sweep, finished.runId)).toBeNull();
    } finally {
      fsHooks.onRead = null;
    }
  });

  it("takes the look at many run folders on a thread of its own, and answers from it as from a look taken here", async () => {
    const store = freshStore();
    store.write(finished, meta(finished.runId));
    store.write(diverged, meta(diverged.runId));
    const sweepDir = join(store.root, finished.sweep);
    mkdirSync(join(sweepDir, 'bbbbbbbbbbbb'));
    writeFileSync(join(sweepDir, 'bbbbbbbbbbbb', RECORD_FILE), '{"trunc');
    mkdirSync(join(sweepDir, `${finished.runId}.tmp-1-1`));
    // The expected count only decides where the look is taken: the real thread (dist/runFolderLookThread.js) takes this one.
    const aside = await store.lookAside(finished.sweep, LOOK_ASIDE_FROM).join();
    expect(aside.ids).toEqual(['bbbbbbbbbbbb', finished.runId, diverged.runId].sort());
    expect(aside).toEqual(store.look(finished.sweep));
    expect(await new RunStore(store.root).runStatesAside(finished.sweep, store.lookAside(finished.sweep, LOOK_ASIDE_FROM))).toEqual(new RunStore(store.root).runStates(finished.sweep));
    const listings = await new RunStore(store.root).runListingsAside(finished.sweep, store.lookAside(finished.sweep, LOOK_ASIDE_FROM));
    expect(listings).toEqual(new RunStore(store.root).runListings(finished.sweep));
    expect(listings.map(({ runId, state }) => [runId, state.state])).toEqual(aside.ids.map((runId) => [runId, runId === 'bbbbbbbbbbbb' ? 'damaged' : 'current']));
  });

  it('keeps NaN and ±Infinity of a real record through the file, byte for byte', () => {
    const store = freshStore();
    const record: RunRecord = { ...diverged, summary: { ...diverged.summary, bestMetric: -Infinity, lossNoise: Infinity } };
    expect(record.summary.finalLoss).toBeNaN();
    store.write(record, null);
    const text = store.recordBytes('store-test', record.runId);
    expect(text).toContain('"finalLoss":{"$number":"NaN"}');
    expect(text).toContain('"bestMetric":{"$number":"-Infinity"}');
    const back = store.read('store-test', record.runId).record;
    expect(back.summary.finalLoss).toBeNaN();
    expect(back.summary.bestMetric).toBe(-Infinity);
    expect(back.summary.lossNoise).toBe(Infinity);
    expect(back.steps.at(-1)!.gradNorm).toBeNaN(); // the divergent step has no gradient norm
    expect(back).toEqual(record);
    expect(encodeRecord(back)).toBe(text);
  });

  describe('claims', () => {
    it('lets one claim hold a run until it is released', () => {
      const store = freshStore();
      expect(store.claim('store-test', finished.runId)).toBe(true);
      expect(store.claim('store-test', finished.runId)).toBe(false);
      store.release('store-test', finished.runId);
      expect(store.claim('store-test', finished.runId)).toBe(true);
    });

    it('respects a lock held by another live process', () => {
      const store = freshStore();
      mkdirSync(join(store.root, 'store-test'), { recursive: true });
      writeFileSync(join(store.root, 'store-test', `${finished.runId}.lock`), String(process.ppid));
      expect(store.claim('store-test', finished.runId)).toBe(false);
    });

    it('takes over a lock left by a process that is gone', () => {
      const store = freshStore();
      const lock = join(store.root, 'store-test', `${finished.runId}.lock`);
      mkdirSync(join(store.root, 'store-test'), { recursive: true });
      writeFileSync(lock, String(deadPid()));
      expect(store.claim('store-test', finished.runId)).toBe(true);
      expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    });

    it('never shows another process a lock without its holder in it', () => {
      // A lock that appeared empty (created, pid not yet written) would look abandoned and be taken over.
      const store = freshStore();
      const lock = join(store.root, 'store-test', `${finished.runId}.lock`);
      const contentsWhenCreated: string[] = [];
      fsHooks.beforeLink = (from, to) => {
        if (to === lock) contentsWhenCreated.push(readFileSync(from, 'utf8'));
      };
      try {
        expect(store.claim('store-test', finished.runId)).toBe(true);
      } finally {
        fsHooks.beforeLink = null;
      }
      expect(contentsWhenCreated).toEqual([String(process.pid)]);
      expect(readdirSync(join(store.root, 'store-test'))).toEqual([`${finished.runId}.lock`]);
    });
  });

  describe('sweep names (the rule itself: sweep/src/sweepName.test.ts)', () => {
    it.each(['..', '../etc', 'a/b', '/abs', '', 'new\nline', 'index.html', 'compare', 'x'.repeat(101), 'run.tmp-1-2', 'NUL'])('refuses the folder %j', (name) => {
      expect(() => freshStore().sweepDir(name)).toThrow(/sweep name/);
    });

    it('lists folders with a refused name apart, and never as sweeps', () => {
      const store = freshStore();
      for (const name of ['momentum', 'index.html', 'x'.repeat(120)]) mkdirSync(join(store.root, name), { recursive: true });
      expect(store.sweeps()).toEqual(['momentum']);
      expect(store.refusedFolders().map((f) => f.name)).toEqual(['index.html', 'x'.repeat(120)]);
      expect(store.refusedFolders()[0].problem).toMatch(/^'index\.html' is reserved: reports\/index\.html/);
    });
  });
});
