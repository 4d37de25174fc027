import * as Plot from '@observablehq/plot';
import { formatNumber } from '../format.js';
import { OKABE_ITO } from '../palette.js';
import { spansDecades } from '../statistics.js';
import { runIdOfRow, RUN_ROW_ID_PREFIX, type ExploreData } from './exploreData.js';
import { unpackRunSeries, type RunSeries } from './groupCurves.js';
import type { ViewStore } from './viewState.js';

/**
 * Two runs side by side: every config key (not only the varied ones) with the differences marked, and
 * their curves in one chart. Runs are put in by a shift-click on a row of the run table, or C on a focused
 * row; a third replaces the older of the two.
 */

export interface DiffRow {
  key: string;
  values: [string, string];
  differs: boolean;
}

/** Run `index`'s value of every config key, in `config.keys` order, as the report writes values. */
export function configOf(data: ExploreData, index: number): string[] {
  const own = data.configurations[data.runs[index].configuration].config;
  let next = 0;
  return data.config.shared.map((value) => value ?? own[next++]);
}

/** Every config key of two runs (indices into the island's runs), with whether their values differ. */
export function diffRows(data: ExploreData, a: number, b: number): DiffRow[] {
  const [left, right] = [configOf(data, a), configOf(data, b)];
  return data.config.keys.map((key, i) => ({ key, values: [left[i], right[i]], differs: left[i] !== right[i] }));
}

/** The diff with `id` added (the older of two dropped) or, if it was in, removed. */
export function toggledDiff(diff: readonly string[], id: string): string[] {
  return diff.includes(id) ? diff.filter((other) => other !== id) : [...diff, id].slice(-2);
}

/** The source of a diff change made in the table: the diff, far above it, comes into view when it has its pair. */
const PICKED_IN_TABLE = 'run-diff-table';

/** Shift-click or C on a row of the run table puts its run in the diff (a plain click still picks the configuration). */
export function linkRunDiff(table: HTMLTableElement, view: ViewStore): void {
  const rowOf = (event: Event) => {
    const row = (event.target as Element).closest<HTMLTableRowElement>('tr');
    return row !== null && runIdOfRow(row) !== null ? row : null;
  };
  const toggle = (row: HTMLTableRowElement) => view.set({ ...view.get(), diff: toggledDiff(view.get().diff, runIdOfRow(row)!) }, PICKED_IN_TABLE);
  // Capturing, before the row's own click (which picks the configuration) can see it.
  table.addEventListener(
    'click',
    (event) => {
      const row = rowOf(event);
      if (!event.shiftKey || row === null) return;
      event.stopPropagation();
      window.getSelection()?.removeAllRanges(); // a shift-click also extends the text selection
      toggle(row);
    },
    true,
  );
  table.addEventListener('keydown', (event) => {
    const row = rowOf(event);
    if (row === null || event.key.toLowerCase() !== 'c' || event.ctrlKey || event.metaKey || event.altKey) return;
    toggle(row);
  });
  const update = () => {
    const diff = view.get().diff;
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tr.compared')) row.classList.remove('compared');
    for (const id of diff) table.querySelector(`tr#${CSS.escape(RUN_ROW_ID_PREFIX + id)}`)?.classList.add('compared');
  };
  view.subscribe(update);
  update();
}

export function mountRunDiff(mount: HTMLElement, data: ExploreData, view: ViewStore): void {
  let series: RunSeries[] | null = null;
  const update = (_view?: unknown, source?: string) => {
    const indices = view.get().diff.map((id) => data.runs.findIndex((run) => run.id === id)).filter((i) => i >= 0);
    mount.classList.toggle('diff-active', indices.length > 0);
    if (indices.length < 2) {
      const hint = document.createElement('p');
      hint.className = 'note diff-hint';
      hint.textContent =
        indices.length === 0
          ? 'Run diff: shift-click two rows of the table of runs (or press C on a focused row) to put two runs side by side.'
          : `Run diff: run ${data.runs[indices[0]].id} is in; shift-click another row (or press C on it) to compare.`;
      mount.replaceChildren(hint, ...(indices.length === 0 ? [] : [clearButton(view)]));
      return;
    }
    series ??= unpackRunSeries(data);
    mount.replaceChildren(heading(data, indices), diffTables(data, indices[0], indices[1]), ...diffChart(data, series, indices), clearButton(view));
    // Below the sticky selection bar.
    if (source === PICKED_IN_TABLE) mount.scrollIntoView({ block: 'center' });
  };
  view.subscribe(update);
  update();
}

function runName(data: ExploreData, index: number): string {
  const run = data.runs[index];
  return `run ${run.id}`;
}

function heading(data: ExploreData, [a, b]: number[]): HTMLElement {
  const h = document.createElement('h3');
  const differing = diffRows(data, a, b).filter((row) => row.differs).length;
  h.textContent = `${runName(data, a)} vs ${runName(data, b)}: ${differing} config ${differing === 1 ? 'key differs' : 'keys differ'}`;
  return h;
}

/** A table of rows side by side; rows whose two values differ are marked (class `differs`, a ≠). */
function sideBySide(data: ExploreData, [a, b]: number[], rows: [key: string, left: string, right: string, className: string][]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'run-diff';
  const head = table.createTHead().insertRow();
  for (const text of ['', 'setting', runName(data, a), runName(data, b)]) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  for (const [key, left, right, className] of rows) {
    const row = body.insertRow();
    row.className = className;
    if (left !== right) row.classList.add('differs');
    row.dataset.key = key;
    for (const text of [left !== right ? '≠' : '', key, left, right]) row.insertCell().textContent = text;
  }
  return table;
}

/** The runs' facts and the config keys that differ; the keys they share folded away below (still every key). */
function diffTables(data: ExploreData, a: number, b: number): HTMLElement {
  const runA = data.runs[a];
  const runB = data.runs[b];
  const facts: [string, string, string, string][] = [
    ['configuration', data.configurations[runA.configuration].label, data.configurations[runB.configuration].label, 'diff-fact'],
    ['replicate', String(runA.replicate), String(runB.replicate), 'diff-fact'],
    ['status', runA.status, runB.status, 'diff-fact'],
    [`final ${data.metric.name}`, formatNumber(runA.final), formatNumber(runB.final), 'diff-fact'],
  ];
  const rows = diffRows(data, a, b).map((row): [string, string, string, string] => [row.key, row.values[0], row.values[1], 'diff-config']);
  const same = rows.filter(([, left, right]) => left === right);
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  wrap.append(sideBySide(data, [a, b], [...facts, ...rows.filter(([, left, right]) => left !== right)]));
  if (same.length > 0) {
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = `${same.length} config ${same.length === 1 ? 'key' : 'keys'} with the same value`;
    details.append(summary, sideBySide(data, [a, b], same));
    wrap.append(details);
  }
  return wrap;
}

function diffChart(data: ExploreData, series: RunSeries[], indices: number[]): Element[] {
  const curves = data.curves;
  if (curves === null) return [];
  const points = indices.flatMap((index) => series[index].x.map((x, i) => ({ run: runName(data, index), x, y: series[index].y[i] })));
  if (points.length === 0) return [];
  const logY = points.every((point) => point.y > 0) && spansDecades(points.map((point) => point.y));
  const names = indices.map((index) => runName(data, index));
  const chart = Plot.plot({
    width: 760,
    height: 320,
    marginLeft: 60,
    ariaLabel: `Curves of ${names.join(' and ')}`,
    x: { label: `${curves.axisLabel} →` },
    y: { label: `↓ ${curves.title}${logY ? ' (log scale)' : ''}`, type: logY ? 'log' : 'linear', grid: true, tickFormat: logY ? '~g' : undefined },
    color: { type: 'ordinal', domain: names, range: [...OKABE_ITO], legend: true },
    marks: [
      Plot.lineY(points, { x: 'x', y: 'y', z: 'run', stroke: 'run', strokeWidth: 1.8, className: 'diff-curve' }),
      Plot.tip(points, Plot.pointer({ x: 'x', y: 'y', maxRadius: 30, title: (point) => `${point.run}\n${curves.axisLabel} ${formatNumber(point.x)}\n${curves.title} ${formatNumber(point.y)}` })),
    ],
  });
  return [chart];
}

function clearButton(view: ViewStore): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'diff-clear';
  button.textContent = 'Clear the diff';
  button.addEventListener('click', () => view.set({ ...view.get(), diff: [] }, 'run-diff'));
  return button;
}
