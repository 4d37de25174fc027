import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, sweepOf } from './_testSweeps.js';
import { decodeJson, encodeJson } from './json.js';
import { decodeRecordText, encodeRecord, readsAsCurrent } from './recordCodec.js';
import { RUN_STATES_FILE } from './runStates.js';
import { RECORD_FILE, RunStore } from './store.js';
import { tempFolder } from './testing/tempFolder.js';
import { trainRun } from './train.js';
import { RECORD_SCHEMA, type RunRecord } from './types.js';

/**
 * A store of three runs written by Descent before columns (record schema 2): `exp run` at commit 0d2fcfd of the
 * sweeps in __fixtures__/schema2-sweeps: two ravine runs, one diverged, and a moons run with a validation split.
 */
const SCHEMA_2_STORE = fileURLToPath(new URL('./__fixtures__/schema2-store', import.meta.url));

let records: RunRecord[];

beforeAll(async () => {
  const ravine = await sweepOf(`
name: codec-ravine
problem:
  landscape: { name: ravine, condition: 50 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
train: { batch_size: 1, steps: 40 }
metric: { name: loss, goal: minimize, target: null }
parameters:
  optimizer.lr: { values: [0.01, 3] }
`);
  const moons = await sweepOf(`
name: codec-moons
problem:
  dataset: { name: moons, size: 40, test_fraction: 0.25, validation_fraction: 0.25 }
optimizer: { name: sgd, lr: 0.1 }
train: { batch_size: 8, epochs: 2 }
metric: { name: validation_loss }
`);
  records = [ravine, moons].flatMap((opened) => opened.specs.map((spec) => trainRun(spec, contextOf(opened)).record));
});

const NAN_BITS = Buffer.from(new Float64Array([NaN]).buffer).toString('hex');

/** Every number of a record, in a fixed order, as the bits of its float64 (NaN and -0 told apart from the rest). */
function bitsOf(value: unknown): string[] {
  if (typeof value === 'number') return [Buffer.from(new Float64Array([value]).buffer).toString('hex')];
  if (Array.isArray(value)) return value.flatMap(bitsOf);
  if (value !== null && typeof value === 'object') return Object.keys(value).sort().flatMap((key) => bitsOf((value as Record<string, unknown>)[key]));
  return [];
}

describe('the record codec', () => {
  it('has records of every kind to test: finished, diverged (a NaN), with epochs and validation fields', () => {
    expect(records.map((record) => record.status).sort()).toEqual(['diverged', 'finished', 'finished']);
    expect(records.some((record) => bitsOf(record).includes(NAN_BITS))).toBe(true);
    expect(records.some((record) => record.epochs.length > 0 && record.epochs.every((point) => typeof point.validationLoss === 'number'))).toBe(true);
  });

  it('gives back every value bit for bit, and the same bytes when encoded again', () => {
    for (const record of records) {
      const text = encodeRecord(record);
      const decoded = decodeRecordText(text);
      expect(decoded).toEqual(record);
      expect(bitsOf(decoded)).toEqual(bitsOf(record));
      expect(encodeRecord(decoded)).toBe(text);
    }
  });

  it('writes each series as plain JSON columns, one array per field, as long as the series', () => {
    const record = records.find((r) => r.epochs.length > 0)!;
    const text = JSON.parse(encodeRecord(record)) as Record<string, Record<string, unknown[]>>;
    expect(text.schema).toBe(RECORD_SCHEMA);
    expect(text.steps.loss).toEqual(record.steps.map((point) => point.loss));
    expect(text.epochs.validationLoss).toEqual(record.epochs.map((point) => point.validationLoss));
    expect(Object.keys(text.steps).sort()).toEqual(Object.keys(record.steps[0]).sort());
    expect(text.trajectory).toEqual({});
    // The keys of a point are written once per series, not once per point: a third smaller than points.
    expect(encodeRecord(record).length).toBeLessThan(encodeJson(record).length * 0.8);
  });

  it('writes a series whose points do not share their fields as points, and reads it back', () => {
    const record = records.find((r) => r.epochs.length > 1)!;
    const { validationLoss: _dropped, ...first } = record.epochs[0];
    const ragged = { ...record, epochs: [first, ...record.epochs.slice(1)] };
    const text = encodeRecord(ragged);
    expect(Array.isArray((JSON.parse(text) as { epochs: unknown }).epochs)).toBe(true);
    expect(decodeRecordText(text)).toEqual(ragged);
  });
});

describe('a store written before columns (record schema 2)', () => {
  it('reads the landscape runs as current: every run, its values as the old file held them, the files left as they are', () => {
    const root = tempFolder('descent-codec-');
    cpSync(SCHEMA_2_STORE, root, { recursive: true });
    const store = new RunStore(root);
    expect(store.sweeps()).toEqual(['old-moons', 'old-ravine']);
    const sweep = 'old-ravine';
    const ids = runFoldersOf(root, sweep);
    expect(store.outdatedRunIds(sweep)).toEqual([]);
    expect(store.damaged(sweep)).toEqual([]);
    expect(store.readAll(sweep).map((run) => run.record.runId)).toEqual(ids);
    for (const runId of ids) {
      const file = readFileSync(join(root, sweep, runId, RECORD_FILE), 'utf8');
      const old = decodeJson<RunRecord & { schema: number }>(file);
      expect(old.schema).toBe(2);
      expect(Array.isArray(old.steps)).toBe(true);
      const { record, meta } = store.read(sweep, runId);
      expect(record).toEqual({ ...old, schema: RECORD_SCHEMA });
      expect(bitsOf(record)).toEqual(bitsOf({ ...old, schema: RECORD_SCHEMA }));
      expect(meta?.runId).toBe(runId);
      // What `exp verify` compares with a run made again: the same values, in today's encoding.
      expect(store.recordBytes(sweep, runId)).toBe(encodeRecord(record));
      expect(readFileSync(join(root, sweep, runId, RECORD_FILE), 'utf8')).toBe(file);
    }
  });

  it("sets the MLP's run apart as outdated (trained through compileMlpStep, whose last bits schema 4 does not reproduce), to be trained again", () => {
    const root = tempFolder('descent-codec-');
    cpSync(SCHEMA_2_STORE, root, { recursive: true });
    const store = new RunStore(root);
    const ids = runFoldersOf(root, 'old-moons');
    expect(ids.length).toBe(1);
    expect(store.outdatedRunIds('old-moons')).toEqual(ids);
    expect(store.readAll('old-moons')).toEqual([]);
    expect(store.damaged('old-moons')).toEqual([]);
    expect(store.has('old-moons', ids[0])).toBe(false);
  });

  it('holds a diverged run whose NaN survives the new encoding', () => {
    const store = new RunStore(tempFolder('descent-codec-'));
    cpSync(SCHEMA_2_STORE, store.root, { recursive: true });
    const diverged = store.readAll('old-ravine').find((run) => run.record.status === 'diverged')!.record;
    expect(bitsOf(diverged)).toContain(NAN_BITS);
    expect(bitsOf(decodeRecordText(encodeRecord(diverged)))).toEqual(bitsOf(diverged));
  });
});

/** The run folders of `sweep` in the store at `root`, sorted. */
function runFoldersOf(root: string, sweep: string): string[] {
  return readdirSync(join(root, sweep)).filter((name) => /^[0-9a-f]{12}$/.test(name)).sort();
}

describe('readsAsCurrent: which records of an older schema this version reads as its own', () => {
  const dataset = { name: 'moons', size: 40, noise: 0.2, test_fraction: 0.25 };
  const mlp = { kind: 'dataset', dataset, loss: 'bce', model: { activation: 'tanh', hidden: [16], init: 'xavier', output: 'identity' } };
  const residual = { ...mlp, model: { ...mlp.model, kind: 'residual_mlp', hidden: [4, 4] } };
  const landscape = { kind: 'landscape', landscape: { name: 'ravine', condition: 10, noise: 0, start: [-2, 0.5] } };
  const recordOf = (schema: number, problem: object) => ({ schema, config: { problem } });

  it('an MLP before schema 4 is not (compileMlpStep trained it); a landscape or a residual MLP of schema 2 or 3 is; schema 1 and unknown ones never', () => {
    for (const schema of [2, 3]) {
      expect(readsAsCurrent(recordOf(schema, mlp)), `MLP, schema ${schema}`).toBe(false);
      expect(readsAsCurrent(recordOf(schema, { ...mlp, model: { ...mlp.model, kind: 'mlp' } })), `kind: mlp, schema ${schema}`).toBe(false);
      expect(readsAsCurrent(recordOf(schema, residual)), `residual, schema ${schema}`).toBe(true);
      expect(readsAsCurrent(recordOf(schema, landscape)), `landscape, schema ${schema}`).toBe(true);
    }
    for (const problem of [mlp, residual, landscape]) {
      expect(readsAsCurrent(recordOf(RECORD_SCHEMA, problem))).toBe(true);
      expect(readsAsCurrent(recordOf(1, problem))).toBe(false);
      expect(readsAsCurrent(recordOf(RECORD_SCHEMA + 1, problem))).toBe(false);
    }
  });
});

describe('the run states cache across versions', () => {
  it('is not trusted when a version that reads other record schemas wrote it (one writing schema 2 took schema 3 for outdated)', () => {
    const store = new RunStore(tempFolder('descent-codec-'));
    const record = records[0];
    store.write(record, null);
    expect(store.runIds(record.sweep)).toEqual([record.runId]); // classifies it and saves the states file
    const statesPath = join(store.sweepDir(record.sweep), RUN_STATES_FILE);
    const states = JSON.parse(readFileSync(statesPath, 'utf8')) as { version: unknown; runs: [string, string, string][] };
    expect(states.runs).toEqual([[record.runId, expect.any(String), 'current']]);
    // As a version that read other record schemas might leave it: the same stamps, the run taken for outdated.
    states.version = `2/${RECORD_SCHEMA - 1}`;
    states.runs[0][2] = 'outdated';
    writeFileSync(statesPath, JSON.stringify(states));
    const later = new RunStore(store.root);
    expect(later.outdatedRunIds(record.sweep)).toEqual([]);
    expect(later.readAll(record.sweep).map((run) => run.record)).toEqual([record]);
  });
});

