import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from '@descent/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDatasetParams } from '../parameters.js';
import { csv } from './csv.js';

const experiments = resolve(fileURLToPath(import.meta.url), '../../../../../experiments');
const scratch = mkdtempSync(join(tmpdir(), 'descent-csv-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Write `text` to a scratch file and return the params and context that name it. */
function file(name: string, text: string, values: Record<string, unknown> = {}) {
  writeFileSync(join(scratch, name), text);
  return { params: resolveDatasetParams(csv, { path: name, ...values }), ctx: { baseDir: scratch } };
}

function load(name: string, text: string, values: Record<string, unknown> = {}) {
  const { params, ctx } = file(name, text, values);
  return csv.load(params, rng(0), ctx);
}

describe('csv: the iris file', () => {
  const params = resolveDatasetParams(csv, { path: 'data/iris.csv', label: 'species' });
  const ctx = { baseDir: experiments };

  it('reads 150 flowers, 4 features, 3 named classes', () => {
    expect(csv.size(params, ctx)).toBe(150);
    expect(csv.inputDim(params, ctx)).toBe(4);
    expect(csv.outputDim(params, ctx)).toBe(3);
    expect(csv.task(params, ctx)).toBe('multiclass');
    const data = csv.load(params, rng(0), ctx);
    // The file lists 50 setosa, then 50 versicolor, then 50 virginica; names sort to 0, 1, 2.
    expect(Array.from(data.y.subarray(0, 50)).every((l) => l === 0)).toBe(true);
    expect(Array.from(data.y.subarray(50, 100)).every((l) => l === 1)).toBe(true);
    expect(Array.from(data.y.subarray(100)).every((l) => l === 2)).toBe(true);
    // First row: 5.1, 3.5, 1.4, 0.2, setosa.
    expect(Array.from(data.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
  });

  it("is Fisher's data: column means match R's iris (5.843333, 3.057333, 3.758, 1.199333)", () => {
    const data = csv.load(params, rng(0), ctx);
    const means = [0, 1, 2, 3].map((c) => {
      let sum = 0;
      for (let i = 0; i < data.n; i++) sum += data.x[i * 4 + c];
      return sum / data.n;
    });
    expect(means[0]).toBeCloseTo(5.843333, 5);
    expect(means[1]).toBeCloseTo(3.057333, 5);
    expect(means[2]).toBeCloseTo(3.758, 5);
    expect(means[3]).toBeCloseTo(1.199333, 5);
  });

  it('the default label is the last column (species here)', () => {
    const byDefault = resolveDatasetParams(csv, { path: 'data/iris.csv' });
    expect(csv.load(byDefault, rng(0), ctx).y).toEqual(csv.load(params, rng(0), ctx).y);
  });

  it('load returns copies, so changing one does not change the next', () => {
    csv.load(params, rng(0), ctx).x[0] = 99;
    expect(csv.load(params, rng(0), ctx).x[0]).toBe(5.1);
  });
});

describe('csv: tasks', () => {
  it("'auto' reads 0/1 labels as binary, other integers as multiclass, fractions as regression", () => {
    expect(load('binary.csv', 'a,b,y\n1,2,0\n3,4,1\n5,6,1\n')).toMatchObject({ task: 'binary', outputDim: 1, n: 3, d: 2 });
    const multi = load('multi.csv', 'a,y\n1,0\n2,3\n3,1\n');
    expect(multi).toMatchObject({ task: 'multiclass', outputDim: 4 });
    expect(Array.from(multi.y)).toEqual([0, 3, 1]);
    const regression = load('regression.csv', 'a,y\n1,0.5\n2,1.5\n');
    expect(regression).toMatchObject({ task: 'regression', outputDim: 1 });
    expect(regression.y).toBeInstanceOf(Float64Array);
    expect(Array.from(regression.y)).toEqual([0.5, 1.5]);
  });

  it('an explicit task overrides the guess', () => {
    expect(load('as-regression.csv', 'a,y\n1,0\n2,1\n', { task: 'regression' }).task).toBe('regression');
    const twoNames = load('names.csv', 'a,y\n1,yes\n2,no\n3,yes\n', { task: 'binary' });
    expect(twoNames.task).toBe('binary');
    expect(Array.from(twoNames.y)).toEqual([1, 0, 1]); // sorted: no → 0, yes → 1
  });

  it('picks the label column by header name or 1-based number, features keep their order', () => {
    const data = load('middle.csv', 'a,label,b\n1,0,2\n3,1,4\n', { label: 'label' });
    expect(Array.from(data.x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(data.y)).toEqual([0, 1]);
    expect(load('middle2.csv', 'a,label,b\n1,0,2\n3,1,4\n', { label: '2' }).y).toEqual(data.y);
  });

  it('a file without a header is all data, even with text labels', () => {
    const data = load('headerless.csv', '5.1,3.5,setosa\n7.0,3.2,versicolor\n');
    expect(data.n).toBe(2);
    expect(Array.from(data.x)).toEqual([5.1, 3.5, 7.0, 3.2]);
  });

  it('skips blank lines, strips quotes, and accepts CRLF', () => {
    const data = load('messy.csv', '"a","y"\r\n1, 0\r\n\r\n"2",1\r\n');
    expect(Array.from(data.x)).toEqual([1, 2]);
    expect(data.task).toBe('binary');
  });
});

describe('csv: errors name the file, the line and the cell', () => {
  it('a non-numeric feature cell', () => {
    expect(() => load('bad-cell.csv', 'a,b,y\n1,2,0\n3,oops,1\n')).toThrow(`${join(scratch, 'bad-cell.csv')}:3: column 'b' holds "oops"; feature cells must be numbers`);
  });
  it('a ragged row', () => {
    expect(() => load('ragged.csv', 'a,b,y\n1,2,0\n\n3,1\n')).toThrow(`${join(scratch, 'ragged.csv')}:4: 2 cells, expected 3 like the header`);
  });
  it('an unknown label column, with a suggestion', () => {
    expect(() => load('label.csv', 'a,species\n1,x\n', { label: 'specis' })).toThrow(
      `dataset 'csv': label "specis" is not a column of ${join(scratch, 'label.csv')} (columns 'a', 'species'). Did you mean 'species'?`,
    );
  });
  it('a label that does not fit the task', () => {
    expect(() => load('binary-bad.csv', 'a,y\n1,0\n2,2\n', { task: 'binary' })).toThrow(`${join(scratch, 'binary-bad.csv')}:3: label column 'y' holds 2; task 'binary' needs labels 0 or 1`);
    expect(() => load('negative.csv', 'a,y\n1,-1\n2,1\n')).toThrow(`:2: label column 'y' holds -1; class labels must be integers 0..k-1 or names`);
    expect(() => load('text-regression.csv', 'a,y\n1,0.5\n2,big\n', { task: 'regression' })).toThrow(`:3: label column 'y' holds "big"; task 'regression' needs numeric labels`);
  });
  it('a missing path or file', () => {
    expect(() => csv.size(resolveDatasetParams(csv, {}), { baseDir: scratch })).toThrow("dataset 'csv' needs path");
    expect(() => csv.size(resolveDatasetParams(csv, { path: 'nope.csv' }), { baseDir: scratch })).toThrow(
      `dataset 'csv': path "nope.csv" not found (looked for ${join(scratch, 'nope.csv')})`,
    );
  });
});

describe('csv: cache', () => {
  it('re-reads a file that changed', () => {
    const { params, ctx } = file('changing.csv', 'a,y\n1,0\n');
    expect(csv.size(params, ctx)).toBe(1);
    writeFileSync(join(scratch, 'changing.csv'), 'a,y\n1,0\n2,1\n3,1\n');
    expect(csv.size(params, ctx)).toBe(3);
  });
});
