import type { StoredRun } from '@descent/runner';
import { configLeaves } from '@descent/sweep';

/**
 * A sweep's runs as a table for people who continue elsewhere (pandas, R, a spreadsheet): one row per run
 * (its settings, status and summary), or one row per point of a series (long, "tidy" form). Columns are in a
 * fixed order (identity, the settings that vary, the other settings, the summary), so two exports of the same
 * store are the same bytes.
 */

export type SeriesName = 'steps' | 'epochs' | 'trajectory';
export const SERIES: readonly SeriesName[] = ['steps', 'epochs', 'trajectory'];

export type Cell = string | number | boolean | null;
export interface Table {
  columns: string[];
  rows: Cell[][];
}

const SUMMARY_COLUMNS: [column: string, field: keyof StoredRun['record']['summary']][] = [
  ['steps', 'steps'],
  ['examples', 'examples'],
  ['final_loss', 'finalLoss'],
  ['best_loss', 'bestLoss'],
  ['final_metric', 'finalMetric'],
  ['best_metric', 'bestMetric'],
  ['final_train_accuracy', 'finalTrainAccuracy'],
  ['final_test_accuracy', 'finalTestAccuracy'],
  ['final_validation_accuracy', 'finalValidationAccuracy'],
  ['steps_to_target', 'stepsToTarget'],
  ['examples_to_target', 'examplesToTarget'],
  ['loss_noise', 'lossNoise'],
];

/** Each series' point fields, as columns (snake_case, as metrics are named in sweep files). */
const SERIES_COLUMNS: Record<SeriesName, [column: string, field: string][]> = {
  steps: [
    ['step', 'step'],
    ['epoch', 'epoch'],
    ['examples', 'examples'],
    ['loss', 'loss'],
    ['grad_norm', 'gradNorm'],
    ['update_norm', 'updateNorm'],
  ],
  epochs: [
    ['epoch', 'epoch'],
    ['step', 'step'],
    ['examples', 'examples'],
    ['train_loss', 'trainLoss'],
    ['test_loss', 'testLoss'],
    ['train_accuracy', 'trainAccuracy'],
    ['test_accuracy', 'testAccuracy'],
    ['validation_loss', 'validationLoss'],
    ['validation_accuracy', 'validationAccuracy'],
  ],
  trajectory: [
    ['step', 'step'],
    ['x', 'x'],
    ['y', 'y'],
    ['loss', 'loss'],
  ],
};

/** Columns only runs with a validation split record: left out when no run has one, so other exports keep their bytes. */
const VALIDATION_COLUMNS: ReadonlySet<string> = new Set(['final_validation_accuracy', 'validation_loss', 'validation_accuracy']);

function withoutUnrecorded<C extends [column: string, field: string]>(columns: readonly C[], runs: readonly StoredRun[]): C[] {
  const validated = runs.some(({ record }) => record.epochs.some((point) => point.validationLoss !== undefined));
  return validated ? [...columns] : columns.filter(([column]) => !VALIDATION_COLUMNS.has(column));
}

/** The settings columns: the varied keys first (as the sweep lists them), then every other key of any run, sorted. */
function settingColumns(runs: readonly StoredRun[], varied: readonly string[]): string[] {
  const all = new Set<string>();
  for (const { record } of runs) for (const key of configLeaves(record.config).keys()) all.add(key);
  const first = varied.filter((key) => all.has(key));
  return [...first, ...[...all].filter((key) => !first.includes(key)).sort()];
}

/** A config leaf as a cell: scalars as they are, lists and objects as JSON text. */
function settingCell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/**
 * One row per run: identity, settings, status, summary, and what stopped it (a divergence, early termination, an error). `run_seed` is the run's own seed;
 * the setting `seed` is the sweep's.
 */
export function runTable(runs: readonly StoredRun[], varied: readonly string[]): Table & { settings: string[] } {
  const settings = settingColumns(runs, varied);
  const summaryColumns = withoutUnrecorded(SUMMARY_COLUMNS, runs);
  const columns = ['run_id', 'sweep', 'replicate', 'run_seed', 'status', ...settings, ...summaryColumns.map(([c]) => c), 'diverged_at_step', 'divergence_reason', 'pruned_at_budget', 'pruning_reason', 'error', 'wall_time_ms'];
  const rows = runs.map(({ record, meta }) => {
    const leaves = configLeaves(record.config);
    return [
      record.runId,
      record.sweep,
      record.replicate,
      record.seed,
      record.status,
      ...settings.map((key) => settingCell(leaves.get(key))),
      ...summaryColumns.map(([, field]) => record.summary[field] ?? null),
      record.divergence?.step ?? null,
      record.divergence?.reason ?? null,
      record.pruning?.budget ?? null,
      record.pruning?.reason ?? null,
      record.error?.message ?? null,
      meta?.wallTimeMs ?? null,
    ];
  });
  return { columns, rows, settings };
}

/** One row per point of one series of every run, with the run's identity and the settings that vary. */
export function seriesTable(runs: readonly StoredRun[], varied: readonly string[], series: SeriesName): Table {
  const settings = settingColumns(runs, varied).filter((key) => varied.includes(key));
  const fields = withoutUnrecorded(SERIES_COLUMNS[series], runs);
  const columns = ['run_id', 'replicate', 'status', ...settings, ...fields.map(([c]) => c)];
  const rows: Cell[][] = [];
  for (const { record } of runs) {
    const leaves = configLeaves(record.config);
    const head: Cell[] = [record.runId, record.replicate, record.status, ...settings.map((key) => settingCell(leaves.get(key)))];
    for (const point of record[series] as unknown as Record<string, Cell>[]) rows.push([...head, ...fields.map(([, field]) => point[field] ?? null)]);
  }
  return { columns, rows };
}

/**
 * RFC 4180 CSV: fields with a comma, quote, CR or LF in double quotes (quotes doubled), CRLF-free lines
 * ending in LF, empty for null. Non-finite numbers as `NaN`, `Inf` and `-Inf`, which Python's float(),
 * pandas and R's read.csv all read back as numbers.
 */
export function toCsv(table: Table): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isNaN(cell) ? 'NaN' : cell === Infinity ? 'Inf' : cell === -Infinity ? '-Inf' : String(cell);
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * JSON Lines: one object per run, `settings` keyed by dotted key, `summary` by column name, and the series
 * asked for as arrays of points. JSON has no NaN or infinities: they are written as null (the run's status and
 * `diverged_at_step` say why a value is missing).
 */
export function toJsonl(runs: readonly StoredRun[], varied: readonly string[], series: readonly SeriesName[]): string {
  const table = runTable(runs, varied);
  const summaryColumns = new Set(SUMMARY_COLUMNS.map(([column]) => column));
  const settingKeys = new Set(table.settings);
  const seriesFields = Object.fromEntries(series.map((name) => [name, withoutUnrecorded(SERIES_COLUMNS[name], runs)])) as Record<SeriesName, [string, string][]>;
  const lines = runs.map(({ record }, i) => {
    const object: Record<string, unknown> = {};
    const settings: Record<string, Cell> = {};
    const summary: Record<string, Cell> = {};
    table.columns.forEach((column, c) => {
      const value = finiteOrNull(table.rows[i][c]);
      if (settingKeys.has(column)) {
        if (value !== null) settings[column] = value;
      } else if (summaryColumns.has(column)) summary[column] = value;
      else object[column] = value;
    });
    object.settings = settings;
    object.summary = summary;
    for (const name of series) {
      const points = record[name] as unknown as Record<string, Cell>[];
      object[name] = points.map((point) => Object.fromEntries(seriesFields[name].map(([column, field]) => [column, finiteOrNull(point[field] ?? null)])));
    }
    return JSON.stringify(object) + '\n';
  });
  return lines.join('');
}

const finiteOrNull = (cell: Cell): Cell => (typeof cell === 'number' && !Number.isFinite(cell) ? null : cell);
