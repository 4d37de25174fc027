import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { closestNames } from '@descent/settings';
import type { Dataset, DatasetContext, DatasetTask } from '../dataset.js';
import { defineDataset } from '../dataset.js';
import { type CsvTable, isNumber, parseCsv, quoteCell } from './csvTable.js';

const TASKS = ['auto', 'binary', 'multiclass', 'regression'] as const;

interface CsvParams {
  path: string;
  label: string;
  task: string;
}

/**
 * A user's CSV file: numeric feature columns and one label column.
 * - `path` is resolved against the sweep file's folder (ctx.baseDir).
 * - Header: the first row is a header when one of its cells is not a number where the second row has a
 *   number (so a headerless file whose label column holds names is still read as data).
 * - `label`: a header name, or a 1-based column number ('5'); empty = the last column.
 * - `task: auto`: text labels → multiclass; integer labels → binary if they are all 0/1, else multiclass
 *   (labels must then be 0..k-1); other numbers → regression.
 * - Text labels (like iris' 'setosa') become classes 0..k-1 in sorted name order.
 * - A classifier's label column must hold at least two classes (one class would train to accuracy 1).
 * - CSV by RFC 4180 (see parseCsv): quoted cells may hold commas, "" and line breaks; surrounding spaces are
 *   stripped; blank lines are skipped. Rows keep the file's order (the train/test split shuffles them).
 */
export const csv = defineDataset({
  name: 'csv',
  description: 'Your own CSV file: numeric feature columns and a label column (header row optional)',
  settings: {
    path: { type: 'string', default: '', description: "The CSV file, relative to the sweep file's folder" },
    label: { type: 'string', default: '', description: 'The label column: a header name or a 1-based column number; empty = the last column' },
    task: { type: 'choice', default: 'auto', choices: TASKS, description: "'auto' infers the task from the labels: text or integers → multiclass (0/1 only → binary), other numbers → regression" },
  },
  task: (params, ctx) => readCsvDataset(params, ctx).task,
  size: (params, ctx) => readCsvDataset(params, ctx).n,
  inputDim: (params, ctx) => readCsvDataset(params, ctx).d,
  outputDim: (params, ctx) => readCsvDataset(params, ctx).outputDim,
  load(params, _rng, ctx) {
    const data = readCsvDataset(params, ctx);
    // Copies: the cached arrays are shared by every later call.
    return { ...data, x: data.x.slice(), y: data.y.slice() };
  },
});

// One parsed dataset per file, parameters and modification time: size(), inputDim(), ... and load()
// of one run all read the same file, and a sweep's many runs share it.
const cache = new Map<string, { stamp: string; data: Dataset }>();

function readCsvDataset(params: CsvParams, ctx: DatasetContext): Dataset {
  if (params.path.trim() === '') {
    throw new Error("dataset 'csv' needs path: the CSV file, relative to the sweep file's folder (e.g. path: data/iris.csv)");
  }
  const file = resolve(ctx.baseDir, params.path);
  let stamp: string;
  try {
    const stats = statSync(file);
    stamp = `${stats.mtimeMs}:${stats.size}`;
  } catch {
    throw new Error(`dataset 'csv': path ${JSON.stringify(params.path)} not found (looked for ${file})`);
  }
  const key = JSON.stringify([file, params.label, params.task]);
  const cached = cache.get(key);
  if (cached !== undefined && cached.stamp === stamp) return cached.data;
  const data = toDataset(parseCsv(file, readFileSync(file, 'utf8')), params);
  cache.set(key, { stamp, data });
  return data;
}

/** The label column's index from the `label` setting. */
function labelColumn(table: CsvTable, label: string): number {
  const width = table.rows[0].length;
  if (label.trim() === '') return width - 1;
  const named = table.header?.indexOf(label) ?? -1;
  if (named >= 0) return named;
  if (/^\d+$/.test(label) && Number(label) >= 1 && Number(label) <= width) return Number(label) - 1;
  const columns = table.header ? `columns ${table.header.map((h) => `'${h}'`).join(', ')}` : 'no header row';
  const suggestions = table.header ? closestNames(label, table.header) : [];
  const hint = suggestions.length > 0 ? ` Did you mean '${suggestions[0]}'?` : '';
  throw new Error(
    `dataset 'csv': label ${JSON.stringify(label)} is not a column of ${table.file} (${columns}).${hint} Accepted: a header name, a column number 1..${width}, or empty for the last column`,
  );
}

function columnName(table: CsvTable, column: number): string {
  return table.header ? `column '${table.header[column]}'` : `column ${column + 1}`;
}

/** Features as float64; labels as classes or targets according to `task`. */
function toDataset(table: CsvTable, params: CsvParams): Dataset {
  const { file, rows, lines } = table;
  const target = labelColumn(table, params.label);
  const n = rows.length;
  const d = rows[0].length - 1;
  const x = new Float64Array(n * d);
  rows.forEach((row, r) => {
    let k = 0;
    row.forEach((cell, c) => {
      if (c === target) return;
      if (!isNumber(cell)) throw new Error(`${file}:${lines[r]}: ${columnName(table, c)} ${notANumber(cell)}`);
      x[r * d + k++] = Number(cell);
    });
  });

  const cells = rows.map((row) => row[target]);
  const where = (r: number) => `${file}:${lines[r]}: label ${columnName(table, target)}`;
  const empty = cells.indexOf('');
  if (empty >= 0) throw new Error(`${where(empty)} is empty; every row needs a label (fill it in or drop the row)`);
  const textual = cells.findIndex((cell) => !isNumber(cell));

  if (textual >= 0) {
    // Class names: sorted, so the numbering does not depend on the row order.
    const names = [...new Set(cells)].sort();
    const task = params.task === 'auto' ? 'multiclass' : (params.task as DatasetTask);
    if (task === 'regression') throw new Error(`${where(textual)} holds ${JSON.stringify(cells[textual])}; task 'regression' needs numeric labels`);
    if (names.length === 1) throw new Error(oneClass(table, target, names[0]));
    if (task === 'binary' && names.length !== 2) {
      throw new Error(`${file}: label ${columnName(table, target)} holds ${names.length} different names; task 'binary' needs exactly 2 (or 0/1)`);
    }
    const classOf = new Map(names.map((name, k) => [name, k]));
    if (task === 'binary') return { x, y: Float64Array.from(cells, (cell) => classOf.get(cell)!), n, d, task, outputDim: 1 };
    return { x, y: Int32Array.from(cells, (cell) => classOf.get(cell)!), n, d, task: 'multiclass', outputDim: names.length };
  }

  const values = cells.map(Number);
  const task: DatasetTask = params.task === 'auto' ? inferTask(values) : (params.task as DatasetTask);
  if (task === 'regression') return { x, y: Float64Array.from(values), n, d, task, outputDim: 1 };
  if (values.every((v) => v === values[0])) throw new Error(oneClass(table, target, cells[0]));
  if (task === 'binary') {
    const bad = values.findIndex((v) => v !== 0 && v !== 1);
    if (bad >= 0) throw new Error(`${where(bad)} holds ${cells[bad]}; task 'binary' needs labels 0 or 1`);
    return { x, y: Float64Array.from(values), n, d, task, outputDim: 1 };
  }
  const bad = values.findIndex((v) => !Number.isInteger(v) || v < 0);
  if (bad >= 0) {
    throw new Error(`${where(bad)} holds ${cells[bad]}; class labels must be integers 0..k-1 or names (set task: regression to treat them as numbers)`);
  }
  // reduce, not Math.max(...values): spreading a long column overflows the call stack.
  const classes = values.reduce((a, b) => Math.max(a, b), 0) + 1;
  return { x, y: Int32Array.from(values), n, d, task, outputDim: classes };
}

/** Why a feature cell is refused: the words after its column's name. */
function notANumber(cell: string): string {
  if (cell === '') return 'is empty; feature cells must be numbers (fill in the missing value or drop the row)';
  if (/^[+-]?(nan|inf|infinity)$/i.test(cell)) return `holds ${JSON.stringify(cell)}; feature cells must be finite numbers`;
  return `holds ${JSON.stringify(cell)}; feature cells must be numbers`;
}

/** A classifier's label column that holds one value in every row: it would train to accuracy 1 and learn nothing. */
function oneClass(table: CsvTable, target: number, value: string): string {
  const rows = table.rows.length === 1 ? 'its only row' : `all ${table.rows.length} rows`;
  return `${table.file}: label ${columnName(table, target)} has one class (${quoteCell(value)}) in ${rows}; a classifier needs at least two`;
}

/** 'auto': integers → binary (only 0/1) or multiclass; anything else → regression. */
function inferTask(values: number[]): DatasetTask {
  if (!values.every(Number.isInteger)) return 'regression';
  return values.every((v) => v === 0 || v === 1) ? 'binary' : 'multiclass';
}
