import { decodeJson, encodeJson, isObject } from './json.js';
import { CAPTURED_MLP_SCHEMA, OLDEST_CURRENT_SCHEMA, RECORD_SCHEMA, type RunRecord } from './types.js';

/**
 * A run record's text (record.json, and a queue job's result): the one place where its series change shape.
 *
 * In memory a series (`steps`, `epochs`, `trajectory`) is an array of points; in the text it is an object of
 * columns, one array per field (`"steps": {"loss": [...], "step": [...], ...}`), so each key is written once rather
 * than once per point: a 100-step run's record shrinks from 22 KB to 14 KB, and it is still plain JSON (jq reads
 * `.steps.loss`). Numbers are written as JSON.stringify writes them, the shortest text that reads back to the same
 * float64, so nothing is rounded (json.ts keeps NaN and ±Infinity).
 *
 * Reading takes either shape for each series: records of schema 2 (before columns) hold arrays of points and are
 * read as they are. A series whose points do not all have the same fields (none do today) is written as points.
 */

const SERIES = ['steps', 'epochs', 'trajectory'] as const satisfies readonly (keyof RunRecord)[];

type Point = Record<string, unknown>;
type Columns = Record<string, unknown[]>;

/** A record's bytes: columns for its series, sorted keys, explicit non-finite numbers, one trailing newline. */
export function encodeRecord(record: RunRecord): string {
  const text: Record<string, unknown> = { ...record };
  for (const name of SERIES) text[name] = columnsOf(record[name] as unknown as Point[]) ?? record[name];
  return encodeJson(text) + '\n';
}

/** Inverse of `encodeRecord`, for text this version wrote (a queue job's result); the store checks what it reads first (`decodeRecord`). */
export function decodeRecordText(text: string): RunRecord {
  const decoded = decodeRecord(decodeJson(text));
  if ('problem' in decoded) throw new Error(`run record: ${decoded.problem}`);
  return decoded.record as unknown as RunRecord;
}

/**
 * A decoded record file in the shape of a RunRecord (series as points, `schema` the current one), or what keeps its
 * columns from being points. Its other fields are left for the store's schema to check (storeSchema.ts).
 */
export function decodeRecord(value: Record<string, unknown>): { record: Record<string, unknown>; inFile: (problem: string) => string } | { problem: string } {
  const record: Record<string, unknown> = { ...value };
  const fromColumns = new Set<string>();
  for (const name of SERIES) {
    const series = value[name];
    if (!isColumns(series)) continue; // points (schema 2), or something the store's schema names as wrong
    const points = pointsOf(series, name);
    if (typeof points === 'string') return { problem: points };
    record[name] = points;
    fromColumns.add(name);
  }
  // An older record with the values this version makes (its run id and seeds derived as now): it is read as current.
  if (readsAsCurrent(value)) record.schema = RECORD_SCHEMA;
  // The store's schema checks points (`steps[3].loss is a string`): said of the file, that value is `steps.loss[3]`.
  const inFile = (problem: string) => problem.replace(/^(\w+)\[(\d+)\]\.(\w+)/, (path, name: string, i: string, field: string) => (fromColumns.has(name) ? `${name}.${field}[${i}]` : path));
  return { record, inFile };
}

/**
 * Whether the store reads a record (as its file holds it) as current: its `schema` is this version's, or an older
 * one whose run ids, seeds and values this version makes again. Not an MLP's record of a schema before 4: it
 * trained through compileMlpStep, whose last bits this version does not reproduce (types.ts RECORD_SCHEMA).
 */
export function readsAsCurrent(value: Record<string, unknown>): boolean {
  const schema = value.schema;
  if (typeof schema !== 'number' || schema < OLDEST_CURRENT_SCHEMA || schema > RECORD_SCHEMA) return false;
  return schema >= CAPTURED_MLP_SCHEMA || !trainsAnMlp(value.config);
}

/** A config whose problem is an MLP on a dataset (`problem.model.kind` left out, or 'mlp'). */
function trainsAnMlp(config: unknown): boolean {
  const problem = isObject(config) ? config.problem : undefined;
  if (!isObject(problem) || problem.kind !== 'dataset') return false;
  const kind = isObject(problem.model) ? problem.model.kind : undefined;
  return kind === undefined || kind === 'mlp';
}

/** The points as columns (keys sorted by encodeJson); null when their fields differ from point to point. */
function columnsOf(points: readonly Point[]): Columns | null {
  const columns: Columns = {};
  if (points.length === 0) return columns;
  const fields = Object.keys(points[0]).filter((key) => points[0][key] !== undefined);
  for (const field of fields) columns[field] = new Array<unknown>(points.length);
  for (let i = 0; i < points.length; i++) {
    const point = points[i];
    let count = 0;
    for (const key in point) if (point[key] !== undefined) count++;
    if (count !== fields.length) return null;
    for (const field of fields) {
      if (point[field] === undefined) return null;
      columns[field][i] = point[field];
    }
  }
  return columns;
}

function isColumns(series: unknown): series is Record<string, unknown> {
  return series !== null && typeof series === 'object' && !Array.isArray(series);
}

/** The columns as points, or what is wrong with them (named by where it is in the file: `steps.loss`). */
function pointsOf(columns: Record<string, unknown>, name: string): Point[] | string {
  // `__proto__` as a key would set a point's prototype rather than a field: no series has such a field.
  const fields = Object.keys(columns).filter((field) => field !== '__proto__');
  let length: number | null = null;
  for (const field of fields) {
    const column = columns[field];
    if (!Array.isArray(column)) return `${name}.${field} is ${column === null ? 'null' : `a ${typeof column}`}, expected an array (a column of ${name})`;
    if (length !== null && column.length !== length) return `${name}.${field} has ${column.length} values, expected ${length} (as ${name}.${fields[0]})`;
    length = column.length;
  }
  const points: Point[] = new Array(length ?? 0);
  for (let i = 0; i < points.length; i++) {
    const point: Point = {};
    for (const field of fields) point[field] = (columns[field] as unknown[])[i];
    points[i] = point;
  }
  return points;
}
