import { RUN_STATES_FILE } from './runStates.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, sweepOf } from './_testSweeps.js';
import { META_FILE, RECORD_FILE, RunStore } from './store.js';
import { encodeRecord } from './recordCodec.js';
import { DamagedEntryError, SET_ASIDE_FOLDER } from './storeEntries.js';
import { tempFolder } from './testing/tempFolder.js';
import { trainRun } from './train.js';
import type { RunMeta, RunRecord, SweepInfo } from './types.js';

const SWEEP = 'entries-test';
let finished: RunRecord;
let diverged: RunRecord;
const meta = (record: RunRecord): RunMeta => ({
  schema: 1, runId: record.runId, wallTimeMs: 12.5, stepTimesMs: [], epochTimesMs: [], finishedAt: '2024-01-01T00:00:00.000Z', node: 'v20', machine: 'test', gitCommit: null, descentVersion: '0.0.0', kernels: 'js',
});

beforeAll(async () => {
  const opened = await sweepOf(`
name: ${SWEEP}
problem:
  landscape: { name: ravine, condition: 50 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 30 }
metric: { name: loss, goal: minimize, target: null }
parameters:
  optimizer.lr: { values: [0.01, 0.05] }
`);
  [finished, diverged] = opened.specs.map((spec) => trainRun(spec, contextOf(opened)).record);
});

/** A store holding both runs, with meta. */
function storeWithRuns(): RunStore {
  const store = new RunStore(tempFolder('descent-entries-'));
  for (const record of [finished, diverged]) store.write(record, meta(record));
  return store;
}

describe('the entries of a sweep', () => {
  it('a damaged record: not `has`, left out of readAll and runIds, named with its file and why, and read() throws naming it', () => {
    const store = storeWithRuns();
    const path = join(store.runDir(SWEEP, finished.runId), RECORD_FILE);
    expect(store.has(SWEEP, finished.runId)).toBe(true);
    writeFileSync(path, encodeRecord(finished).slice(0, 100));
    // The same store instance sees the change (its cache is keyed by the files' stamps).
    expect(store.has(SWEEP, finished.runId)).toBe(false);
    expect(store.readAll(SWEEP).map((r) => r.record.runId)).toEqual([diverged.runId]);
    expect(store.runIds(SWEEP)).toEqual([diverged.runId]);
    expect(store.damaged(SWEEP)).toEqual([{ sweep: SWEEP, runId: finished.runId, path, reason: expect.stringMatching(/^truncated JSON \(/) }]);
    expect(() => store.read(SWEEP, finished.runId)).toThrow(DamagedEntryError);
    expect(() => store.read(SWEEP, finished.runId)).toThrow(`${path}: damaged (truncated JSON (`);
  });

  it.each([
    ['a number as a string', (r: Record<string, any>) => (r.summary.bestLoss = '0.1'), 'summary.bestLoss is a string ("0.1"), expected a number'],
    ['a point of a series', (r: Record<string, any>) => (r.trajectory.x[2] = null), 'trajectory.x[2] is null, expected a number'],
    ['a column of a series cut short', (r: Record<string, any>) => r.steps.loss.pop(), 'steps.loss has SHORT values, expected POINTS (as steps.epoch)'],
    ['a column of a series that is not one', (r: Record<string, any>) => (r.steps.loss = 0.5), 'steps.loss is a number, expected an array (a column of steps)'],
    ['a status', (r: Record<string, any>) => (r.status = 'done'), 'status is a string ("done"), expected "finished" or "diverged" or "failed" or "pruned"'],
    ['the run id', (r: Record<string, any>) => (r.runId = 'abcdefabcdef'), `runId is "abcdefabcdef", expected "${'RUN'}" (the run's folder name)`],
    ['the sweep', (r: Record<string, any>) => (r.sweep = 'other'), `sweep is "other", expected "${SWEEP}" (the sweep's folder name)`],
    ['a missing key', (r: Record<string, any>) => delete r.seeds, 'seeds is missing'],
  ])('a record with the wrong shape (%s) is damaged, with the key, what it holds and what was expected', (_, edit, reason) => {
    const store = storeWithRuns();
    const record = JSON.parse(encodeRecord(finished));
    edit(record);
    writeFileSync(join(store.runDir(SWEEP, finished.runId), RECORD_FILE), JSON.stringify(record));
    const expected = reason.replace('RUN', finished.runId).replace('SHORT', String(finished.steps.length - 1)).replace('POINTS', String(finished.steps.length));
    expect(store.damaged(SWEEP).map((d) => d.reason)).toEqual([expected]);
  });

  it('a damaged meta.json makes the run damaged; a missing one does not', () => {
    const store = storeWithRuns();
    const metaPath = join(store.runDir(SWEEP, diverged.runId), META_FILE);
    writeFileSync(metaPath, JSON.stringify({ ...meta(diverged), stepTimesMs: 'soon' }));
    expect(store.damaged(SWEEP)).toEqual([{ sweep: SWEEP, runId: diverged.runId, path: metaPath, reason: 'stepTimesMs is a string ("soon"), expected an array' }]);
    rmSync(metaPath);
    expect(store.damaged(SWEEP)).toEqual([]);
    expect(store.read(SWEEP, diverged.runId).meta).toBeNull();
  });

  it('a run folder without its record is damaged (record.json missing)', () => {
    const store = storeWithRuns();
    rmSync(join(store.runDir(SWEEP, finished.runId), RECORD_FILE));
    expect(store.damaged(SWEEP).map((d) => [d.runId, d.reason])).toEqual([[finished.runId, 'missing']]);
  });

  it('sweep.json: valid, missing, or damaged (readSweepInfo throws naming it)', () => {
    const store = storeWithRuns();
    expect(store.sweepInfoEntry(SWEEP)).toEqual({ state: 'missing' });
    expect(store.readSweepInfo(SWEEP)).toBeNull();
    const info: SweepInfo = { schema: 1, name: SWEEP, file: 'x.yaml', description: null, seed: 1, method: 'grid', replicates: 1, varied: [], metric: finished.config.metric, plugins: [], runIds: [finished.runId], command: 'pnpm exp run x.yaml' };
    store.writeSweepInfo(info);
    expect(store.readSweepInfo(SWEEP)).toEqual(info);
    const path = join(store.sweepDir(SWEEP), 'sweep.json');
    writeFileSync(path, '[]');
    expect(store.sweepInfoEntry(SWEEP)).toEqual({ state: 'damaged', damage: { sweep: SWEEP, runId: null, path, reason: 'the file holds an array, expected an object' } });
    expect(() => store.readSweepInfo(SWEEP)).toThrow(DamagedEntryError);
  });

  it('write() over a damaged run folder moves it into .damaged/ (never deletes it) and stores the new record', () => {
    const store = storeWithRuns();
    const dir = store.runDir(SWEEP, finished.runId);
    writeFileSync(join(dir, RECORD_FILE), 'null');
    expect(store.write(finished, meta(finished))).toBe(true);
    expect(store.recordBytes(SWEEP, finished.runId)).toBe(encodeRecord(finished));
    const aside = join(store.sweepDir(SWEEP), SET_ASIDE_FOLDER, `${finished.runId}-1`);
    expect(readFileSync(join(aside, RECORD_FILE), 'utf8')).toBe('null');
    expect(store.setAsideEntries(SWEEP)).toEqual([`${finished.runId}-1`]);
    // A second time: the next free number, the first kept.
    writeFileSync(join(dir, RECORD_FILE), '');
    expect(store.setAside(SWEEP, finished.runId)).toBe(join(store.sweepDir(SWEEP), SET_ASIDE_FOLDER, `${finished.runId}-2`));
    expect(existsSync(dir)).toBe(false);
    expect(store.setAsideEntries(SWEEP)).toEqual([`${finished.runId}-1`, `${finished.runId}-2`]);
    // What was set aside is not a run or a sweep.
    expect(store.runIds(SWEEP)).toEqual([diverged.runId]);
    expect(store.sweeps()).toEqual([SWEEP]);
    expect(readdirSync(store.sweepDir(SWEEP)).sort()).toEqual([SET_ASIDE_FOLDER, diverged.runId, RUN_STATES_FILE].sort());
  });

  it('reads each record once however often it is asked about, and again once it changes', () => {
    const store = storeWithRuns();
    mkdirSync(join(store.sweepDir(SWEEP), 'not-a-run'));
    const first = store.readAll(SWEEP);
    expect(store.readAll(SWEEP)[0]).toBe(first[0]); // the same object: not parsed again
    expect(store.has(SWEEP, first[0].record.runId)).toBe(true);
    store.write(finished, null, { replace: true });
    expect(store.readAll(SWEEP).find((r) => r.record.runId === finished.runId)!.meta).toBeNull();
  });
});

describe('a record with a validation split', () => {
  it('reads back with its validation fields, and is damaged when one holds something other than a number', async () => {
    const opened = await sweepOf(`
name: ${SWEEP}
problem:
  dataset: { name: moons, size: 40, test_fraction: 0.25, validation_fraction: 0.25 }
optimizer: { name: sgd, lr: 0.1 }
train: { batch_size: 8, epochs: 1 }
metric: { name: validation_loss }
`);
    const record = trainRun(opened.specs[0], contextOf(opened)).record;
    const store = new RunStore(tempFolder('descent-entries-'));
    store.write(record, meta(record));
    expect(store.read(SWEEP, record.runId).record).toEqual(record);
    expect(store.read(SWEEP, record.runId).record.epochs[0].validationLoss).toBeTypeOf('number');
    const edited = JSON.parse(encodeRecord(record));
    edited.epochs.validationLoss[1] = 'low';
    writeFileSync(join(store.runDir(SWEEP, record.runId), RECORD_FILE), JSON.stringify(edited));
    expect(store.damaged(SWEEP).map((d) => d.reason)).toEqual(['epochs.validationLoss[1] is a string ("low"), expected a number']);
  });
});
