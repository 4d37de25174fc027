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
    expect(() => load('ragged.csv', 'a,b,y\n1,2,0\n\n3,1\n')).toThrow(`${join(scratch, 'ragged.csv')}:4: row has 2 cells, the header has 3`);
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
    const { params, ctx } = file('changing.csv', 'a,y\n1,0\n2,1\n');
    expect(csv.size(params, ctx)).toBe(2);
    writeFileSync(join(scratch, 'changing.csv'), 'a,y\n1,0\n2,1\n3,1\n');
    expect(csv.size(params, ctx)).toBe(3);
  });
});

describe('csv: RFC 4180 quoting, with the lines of the file', () => {
  it('a quoted cell may hold commas, doubled quotes and line breaks', () => {
    // Row 2's label "a, ""b""" is the text a, "b"; row 3's label spans lines 3-4.
    const data = load('quoted.csv', 'x,"name, full"\n1,"a, ""b"""\n2,"c\nd"\n3,"a, ""b"""\n');
    expect(data).toMatchObject({ n: 3, d: 1, task: 'multiclass', outputDim: 2 });
    expect(Array.from(data.x)).toEqual([1, 2, 3]);
    // Sorted names: 'a, "b"' < 'c\nd'.
    expect(Array.from(data.y)).toEqual([0, 1, 0]);
    expect(csv.load(resolveDatasetParams(csv, { path: 'quoted.csv', label: 'name, full' }), rng(0), { baseDir: scratch }).y).toEqual(data.y);
  });

  it('a UTF-8 byte-order mark, CRLF, mixed line ends and trailing blank lines', () => {
    const data = load('bom.csv', '\ufeffa,y\r\n1,0\n2,1\r\n\r\n\n  \n');
    expect(data).toMatchObject({ n: 2, task: 'binary' });
    // The mark is not part of the first header name.
    expect(csv.size(resolveDatasetParams(csv, { path: 'bom.csv', label: 'a' }), { baseDir: scratch })).toBe(2);
  });

  it('lines in messages are the lines of the file, after a cell that holds line breaks (LF or CRLF)', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['a,b,y', '1,2,"multi', 'line"', '3,4,"x', 'y', 'z"', '', '5,oops,"x', 'y', 'z"', ''].join(eol);
      expect(() => load('lines.csv', text)).toThrow(`${join(scratch, 'lines.csv')}:8: column 'b' holds "oops"; feature cells must be numbers`);
    }
    // A row that starts on line 4 and ends on line 6 is named by line 4.
    expect(() => load('lines2.csv', 'a,b,y\r\n1,"two\r\nlines",0\r\n"x\r\ny\r\nz",1\r\n')).toThrow(`${join(scratch, 'lines2.csv')}:4: row has 2 cells, the header has 3`);
  });

  it('a ragged row names its line and both counts; a quoted comma is not a cell boundary', () => {
    expect(() => load('ragged-quoted.csv', 'a,b,c,d,y\n1,2,3,4,0\n1,2,"3,4",1\n')).toThrow(`${join(scratch, 'ragged-quoted.csv')}:3: row has 4 cells, the header has 5`);
    expect(() => load('ragged-headerless.csv', '1,2,0\n3,4,5,1\n')).toThrow(`${join(scratch, 'ragged-headerless.csv')}:2: row has 4 cells, the first row has 3`);
  });

  it('a quote that is never closed is named at the line where it opens', () => {
    expect(() => load('unclosed.csv', 'a,y\n1,0\n\n2,"open\n3,1\n4,0\n')).toThrow(
      `${join(scratch, 'unclosed.csv')}:4: a quote opens a cell here and is never closed; add the closing quote (") or put the whole cell in quotes and double each quote inside it ("")`,
    );
    // A doubled quote inside the open cell does not move the place.
    expect(() => load('unclosed2.csv', 'a,y\n1,"open\n ""quoted"" \n')).toThrow(`${join(scratch, 'unclosed2.csv')}:2: a quote opens a cell here and is never closed`);
  });

  it('a misplaced quote is one positioned line', () => {
    expect(() => load('closing.csv', 'a,y\n1,0\n2,"yes"no\n')).toThrow(`${join(scratch, 'closing.csv')}:3: a quoted cell is followed by more text before the next comma; put the whole cell in quotes`);
    expect(() => load('opening.csv', 'a,y\n1,0\n2,ye"s"\n')).toThrow(`${join(scratch, 'opening.csv')}:3: a quote inside an unquoted cell; put the whole cell in quotes`);
  });
});

describe('csv: a careful user’s edge cases, each one positioned line', () => {
  const at = (name: string) => join(scratch, name);

  it('a label column with one class is refused, for auto, binary and multiclass, text or numbers', () => {
    expect(() => load('one-name.csv', 'a,species\n1,setosa\n2,setosa\n3,setosa\n')).toThrow(
      `${at('one-name.csv')}: label column 'species' has one class ('setosa') in all 3 rows; a classifier needs at least two`,
    );
    expect(() => load('one-name-binary.csv', 'a,y\n1,yes\n2,yes\n', { task: 'binary' })).toThrow(`label column 'y' has one class ('yes') in all 2 rows`);
    expect(() => load('one-zero.csv', 'a,y\n1,0\n2,0\n')).toThrow(`${at('one-zero.csv')}: label column 'y' has one class ('0') in all 2 rows`);
    expect(() => load('one-three.csv', 'a,y\n1,3\n2,3\n', { task: 'multiclass' })).toThrow(`label column 'y' has one class ('3')`);
    expect(() => load('one-row.csv', '1,2,1\n')).toThrow(`${at('one-row.csv')}: label column 3 has one class ('1') in its only row`);
    // A constant target is a fine (if dull) regression; a constant feature is fine for any task.
    expect(load('constant-target.csv', 'a,y\n1,2.5\n2,2.5\n', { task: 'regression' }).n).toBe(2);
    expect(load('constant-feature.csv', 'a,b,y\n7,1,0\n7,2,1\n').d).toBe(2);
  });

  it('iris with only setosa rows is refused by name (the example from the README)', () => {
    const setosa = ['sepal_length,sepal_width,petal_length,petal_width,species', ...Array.from({ length: 150 }, (_, i) => `5.${i % 10},3.5,1.4,0.2,setosa`)].join('\n');
    expect(() => load('setosa.csv', setosa, { label: 'species' })).toThrow(
      `${at('setosa.csv')}: label column 'species' has one class ('setosa') in all 150 rows; a classifier needs at least two`,
    );
  });

  it('feature cells: empty, NaN, Infinity and hex are not numbers', () => {
    expect(() => load('empty-cell.csv', 'a,b,y\n1,2,0\n3,,1\n')).toThrow(`${at('empty-cell.csv')}:3: column 'b' is empty; feature cells must be numbers (fill in the missing value or drop the row)`);
    expect(() => load('nan.csv', 'a,y\n1,0\nNaN,1\n')).toThrow(`${at('nan.csv')}:3: column 'a' holds "NaN"; feature cells must be finite numbers`);
    expect(() => load('inf.csv', 'a,y\n1,0\n-Infinity,1\n')).toThrow(`${at('inf.csv')}:3: column 'a' holds "-Infinity"; feature cells must be finite numbers`);
    expect(() => load('hex.csv', 'a,y\n1,0\n0x1A,1\n')).toThrow(`${at('hex.csv')}:3: column 'a' holds "0x1A"; feature cells must be numbers`);
    // Decimal forms that are numbers.
    expect(Array.from(load('decimals.csv', 'a,y\n+1.5,0\n-.5,1\n2e3,0\n7.,1\n').x)).toEqual([1.5, -0.5, 2000, 7]);
  });

  it('an empty label cell is refused rather than becoming a class of its own', () => {
    expect(() => load('empty-label.csv', 'a,y\n1,cat\n2,\n3,dog\n')).toThrow(`${at('empty-label.csv')}:3: label column 'y' is empty; every row needs a label (fill it in or drop the row)`);
  });

  it('an empty file, a file of blank lines, a header alone', () => {
    expect(() => load('empty.csv', '')).toThrow(`${at('empty.csv')}: the file is empty`);
    expect(() => load('blank.csv', '\ufeff\n  \r\n\n')).toThrow(`${at('blank.csv')}: the file is empty`);
    expect(() => load('header-only.csv', 'a,b,y\n\n')).toThrow(`${at('header-only.csv')}: the file has a header row but no data rows`);
  });

  it('a file with one column, and one that separates cells with semicolons or tabs', () => {
    expect(() => load('one-column.csv', 'y\n0\n1\n')).toThrow(`${at('one-column.csv')}:1: found 1 column; expected at least one feature column and a label column, separated by commas`);
    expect(() => load('semicolons.csv', 'a;b;y\n1,5;2;0\n3;4;1\n')).toThrow(
      `${at('semicolons.csv')}:1: found 1 column; expected at least one feature column and a label column, separated by commas (this file seems to separate cells with ';': save it as comma-separated CSV)`,
    );
    expect(() => load('tabs.csv', 'a\tb\ty\n1\t2\t0\n')).toThrow(`(this file seems to separate cells with tabs: save it as comma-separated CSV)`);
  });

  it('a header that names two columns alike', () => {
    expect(() => load('twice.csv', 'a,b,a,y\n1,2,3,0\n4,5,6,1\n')).toThrow(`${at('twice.csv')}:1: the header names columns 1 and 3 both 'a'; give each column its own name`);
    // After blank lines, the header's own line.
    expect(() => load('twice-later.csv', '\n\r\na,b,a,y\n1,2,3,0\n')).toThrow(`${at('twice-later.csv')}:3: the header names columns 1 and 3 both 'a'`);
  });

  it('a label column that does not exist: the closest name, or the range of numbers', () => {
    expect(() => load('species.csv', 'petal,species\n1,x\n2,y\n', { label: 'Species' })).toThrow(`Did you mean 'species'?`);
    expect(() => load('numbered.csv', '1,2,0\n3,4,1\n', { label: '4' })).toThrow(`(no header row). Accepted: a header name, a column number 1..3, or empty for the last column`);
  });

  it('every message is one line, even when a cell holds a line break', () => {
    let message = '';
    try {
      load('multiline-cell.csv', 'a,y\n1,0\n"2\n3",1\n');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`${at('multiline-cell.csv')}:3: column 'a' holds "2\\n3"; feature cells must be numbers`);
  });
});
