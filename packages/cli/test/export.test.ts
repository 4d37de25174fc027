import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecordText, type RunRecord } from '@descent/runner';
import { beforeAll, describe, expect, it } from 'vitest';
import { expIn, makeWorkspace, recordBytes, writeSweep } from './_exp.js';

const SLOW = { timeout: 60_000 };

/** lr 0.01 converges on the ravine, lr 0.05 > 2/κ diverges: the export must carry NaN and infinities. */
const ravine = `
name: ravine
seed: 5
replicates: 2
problem:
  landscape: { name: ravine, condition: 50 }
optimizer: { name: sgd, lr: 0.01 }
train: { batch_size: 1, steps: 60 }
metric: { name: loss, goal: minimize, target: 0.5 }
parameters:
  optimizer.lr: { values: [0.01, 0.05] }
`;

/** A CSV dataset whose file name holds a comma and a quote: the path is a setting, so a cell that must be quoted. */
const awkwardFile = 'my "data", v2.csv';
const table = `
name: table
seed: 3
problem:
  dataset: { name: csv, path: '${awkwardFile}', label: y, test_fraction: 0.25 }
  model: { hidden: [4], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.1, momentum: 0.9 }
train: { batch_size: 8, epochs: 3 }
metric: { name: test_loss, goal: minimize }
parameters:
  optimizer.momentum: { values: [0, 0.9] }
`;

/** A validation split: its runs record validation metrics, and only its exports have validation columns. */
const held = `
name: held
seed: 4
problem:
  dataset: { name: moons, size: 60, noise: 0.2, test_fraction: 0.25, validation_fraction: 0.25 }
  model: { hidden: [4] }
optimizer: { name: sgd, lr: 0.3 }
train: { batch_size: 8, epochs: 2 }
metric: { name: validation_accuracy, goal: maximize }
`;

/** Python's csv module reads the file (an independent RFC 4180 reader) and float() parses every cell it can. */
function readWithPython(file: string): Record<string, { n: string } | { s: string }>[] {
  const script = [
    'import csv, json, sys',
    'def cell(v):',
    '    try: return {"n": repr(float(v))}',
    '    except ValueError: return {"s": v}',
    'with open(sys.argv[1], newline="") as f:',
    '    print(json.dumps([{k: cell(v) for k, v in row.items()} for row in csv.DictReader(f)]))',
  ].join('\n');
  const run = spawnSync(process.env.DESCENT_PYTHON ?? 'python3', ['-c', script, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Python's repr of a float, as a JS number ('nan', 'inf', '-inf', '1e-05'). */
const fromPython = (repr: string) => (repr === 'nan' ? NaN : repr === 'inf' ? Infinity : repr === '-inf' ? -Infinity : Number(repr));

const records = (root: string, sweep: string): RunRecord[] => [...recordBytes(root, sweep).values()].map((bytes) => decodeRecordText(bytes));

describe('exp export', SLOW, () => {
  const root = makeWorkspace();
  beforeAll(async () => {
    const rows = Array.from({ length: 40 }, (_, i) => {
      const x = Math.sin(i * 1.7);
      const z = Math.cos(i * 0.9);
      return `${x.toFixed(4)},${z.toFixed(4)},${x + z > 0 ? 1 : 0}`;
    });
    writeFileSync(join(root, 'experiments', 'sweeps', awkwardFile), `a,b,y\n${rows.join('\n')}\n`);
    writeSweep(root, 'ravine', ravine);
    writeSweep(root, 'table', table);
    writeSweep(root, 'held', held);
    const run = await expIn(root, ['run', 'sweeps/ravine.yaml', 'sweeps/table.yaml', 'sweeps/held.yaml', '--no-report', '--workers', '2']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('writes one CSV row per run that an independent reader parses back to the stored values, NaN and infinities included', async () => {
    const out = join(root, 'ravine.csv');
    const result = await expIn(root, ['export', 'ravine', '--out', 'ravine.csv']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("export: 4 runs of 'ravine' written to");
    const rows = readWithPython(out);
    const stored = records(root, 'ravine');
    expect(rows.map((r) => (r.run_id as { s: string }).s).sort()).toEqual(stored.map((r) => r.runId).sort());
    let nonFinite = 0;
    for (const record of stored) {
      const row = rows.find((r) => 's' in r.run_id && r.run_id.s === record.runId)!;
      expect(row.status).toEqual({ s: record.status });
      expect(fromPython((row['optimizer.lr'] as { n: string }).n)).toBe(record.config.optimizer.lr);
      expect(fromPython((row['problem.landscape.condition'] as { n: string }).n)).toBe(50);
      for (const [column, value] of [
        ['final_metric', record.summary.finalMetric],
        ['best_loss', record.summary.bestLoss],
        ['loss_noise', record.summary.lossNoise],
      ] as const) {
        expect(Object.is(fromPython((row[column] as { n: string }).n), value), `${record.runId} ${column}`).toBe(true);
        if (!Number.isFinite(value)) nonFinite++;
      }
      if (record.divergence) expect(fromPython((row.diverged_at_step as { n: string }).n)).toBe(record.divergence.step);
      else expect(row.diverged_at_step).toEqual({ s: '' });
    }
    expect(nonFinite, 'the diverging runs put non-finite values in the file').toBeGreaterThan(0);
  });

  it('quotes a setting that holds a comma and a quote, and puts the varied settings first', async () => {
    const result = await expIn(root, ['export', 'sweeps/table.yaml']);
    expect(result.code, result.stderr).toBe(0);
    const header = result.stdout.split('\n')[0].split(',');
    expect(header.slice(0, 6)).toEqual(['run_id', 'sweep', 'replicate', 'run_seed', 'status', 'optimizer.momentum']);
    const file = join(root, 'table.csv');
    writeFileSync(file, result.stdout);
    const rows = readWithPython(file);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row['problem.dataset.path']).toEqual({ s: awkwardFile });
    expect(rows.map((r) => fromPython((r['optimizer.momentum'] as { n: string }).n)).sort()).toEqual([0, 0.9]);
  });

  it('writes a series in long form: one row per point of every run', async () => {
    const result = await expIn(root, ['export', 'table', '--series', 'epochs']);
    expect(result.code, result.stderr).toBe(0);
    const file = join(root, 'epochs.csv');
    writeFileSync(file, result.stdout);
    const rows = readWithPython(file);
    const stored = records(root, 'table');
    expect(rows).toHaveLength(stored.reduce((n, r) => n + r.epochs.length, 0));
    for (const record of stored) {
      const mine = rows.filter((r) => 's' in r.run_id && r.run_id.s === record.runId);
      expect(mine.map((r) => fromPython((r.test_loss as { n: string }).n))).toEqual(record.epochs.map((e) => e.testLoss));
      expect(mine.map((r) => fromPython((r.epoch as { n: string }).n))).toEqual(record.epochs.map((e) => e.epoch));
    }
  });

  it('has validation columns for a sweep with a validation split, holding the stored values, and none for the others', async () => {
    const [record] = records(root, 'held');
    const summary = await expIn(root, ['export', 'held']);
    expect(summary.code, summary.stderr).toBe(0);
    const summaryFile = join(root, 'held.csv');
    writeFileSync(summaryFile, summary.stdout);
    const [row] = readWithPython(summaryFile);
    expect(fromPython((row.final_validation_accuracy as { n: string }).n)).toBe(record.summary.finalValidationAccuracy);
    expect(fromPython((row.final_metric as { n: string }).n)).toBe(record.epochs.at(-1)!.validationAccuracy);
    expect(fromPython((row['problem.dataset.validation_fraction'] as { n: string }).n)).toBe(0.25);
    const series = await expIn(root, ['export', 'held', '--series', 'epochs']);
    const seriesFile = join(root, 'held-epochs.csv');
    writeFileSync(seriesFile, series.stdout);
    const points = readWithPython(seriesFile);
    expect(points.map((p) => fromPython((p.validation_loss as { n: string }).n))).toEqual(record.epochs.map((e) => e.validationLoss));
    const other = await expIn(root, ['export', 'table', '--series', 'epochs']);
    expect(other.stdout.split('\n')[0]).not.toContain('validation');
    expect((await expIn(root, ['export', 'table'])).stdout.split('\n')[0]).not.toContain('validation');
  });

  it('writes JSON Lines: one object per run with its settings, summary and the series asked for; non-finite numbers as null', async () => {
    const result = await expIn(root, ['export', 'ravine', '--format', 'jsonl', '--series', 'trajectory,steps']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    const stored = records(root, 'ravine');
    expect(lines).toHaveLength(stored.length);
    for (const record of stored) {
      const line = lines.find((l) => l.run_id === record.runId);
      expect(line.settings['optimizer.lr']).toBe(record.config.optimizer.lr);
      expect(line.status).toBe(record.status);
      expect(line.summary.final_metric).toBe(Number.isFinite(record.summary.finalMetric) ? record.summary.finalMetric : null);
      expect(line.trajectory.map((p: { x: number | null }) => p.x)).toEqual(record.trajectory.map((p) => (Number.isFinite(p.x) ? p.x : null)));
      expect(line.steps).toHaveLength(record.steps.length);
    }
  });

  it('exports the same bytes twice (stable column and row order)', async () => {
    const a = await expIn(root, ['export', 'table', '--format', 'jsonl']);
    const b = await expIn(root, ['export', 'table', '--format', 'jsonl']);
    // wall_time_ms is a fact about the run (meta), read from the store: the same store gives the same bytes.
    expect(a.stdout).toBe(b.stdout);
    expect(readFileSync(join(root, 'ravine.csv'), 'utf8').split('\n')[0]).toContain('run_id,sweep,replicate,run_seed,status,optimizer.lr');
  });

  it('refuses what it cannot do with one line and the values it accepts', async () => {
    const format = await expIn(root, ['export', 'ravine', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("export: --format 'xml' is not one of csv, jsonl");
    const series = await expIn(root, ['export', 'ravine', '--series', 'steps,epochs']);
    expect(series.code).toBe(2);
    expect(series.stderr).toContain('a CSV file holds one series (got --series steps,epochs)');
    const name = await expIn(root, ['export', 'ravine', '--series', 'epoch']);
    expect(name.stderr).toContain("export: --series 'epoch' is not one of steps, epochs, trajectory");
    const unknown = await expIn(root, ['export', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("export: no stored sweep 'nope' (sweeps: held, ravine, table)");
  });
});
