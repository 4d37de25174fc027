import * as Plot from '@observablehq/plot';
import { formatNumber } from '../format.js';
import { OKABE_ITO } from '../palette.js';
import { spansDecades } from '../statistics.js';
import { bandChart } from './bandChart.js';
import { configurationOfTarget } from './configurationSelection.js';
import { configurationSummary } from './runsSummary.js';
import { configurationItem, runItem, toggledDiff, widenedToConfigurations, type DiffItem } from './diffItems.js';
import { CONFIGURATION_ATTRIBUTE, runIdOfRow, RUN_ROW_ID_PREFIX, type ExploreData } from './exploreData.js';
import { runSeriesOf, type RunSeries } from './groupCurves.js';
import type { ViewStore } from './viewState.js';

/**
 * Two runs, or two configurations, side by side: every config key (not only the varied ones) with the
 * differences marked, their facts (a run's status and final metric; a configuration's replicates and their
 * final metric), and their curves in one chart (a configuration's as the mean and min–max band of its
 * replicates). A run is put in by a shift-click on a row of the run table, or C on a focused row; a
 * configuration by a shift-click, or C, on a row of the verdict table or a heatmap cell, or Shift+C on a
 * run's row; the panel widens two runs to their configurations. A third replaces the older of the two.
 */

export interface DiffRow {
  key: string;
  values: [string, string];
  differs: boolean;
}

/** Configuration `configuration`'s value of every config key, in `config.keys` order, as the report writes values. */
export function configOf(data: ExploreData, configuration: number): string[] {
  const own = data.configurations[configuration].config;
  let next = 0;
  return data.config.shared.map((value) => value ?? own[next++]);
}

/** Every config key of two configurations (indices into the island's configurations), with whether their values differ. */
export function diffRows(data: ExploreData, a: number, b: number): DiffRow[] {
  const [left, right] = [configOf(data, a), configOf(data, b)];
  return data.config.keys.map((key, i) => ({ key, values: [left[i], right[i]], differs: left[i] !== right[i] }));
}

/** The source of a diff change made far from the diff (the tables, the heatmap): the diff comes into view when it has its pair. */
const PICKED_FAR_AWAY = 'diff-pick';

/** C (Shift+C on a run's row) puts in, or takes out; modified by Ctrl, Alt or Meta it is the browser's; held down, it does not flicker. */
function isDiffKey(event: KeyboardEvent): boolean {
  return event.key.toLowerCase() === 'c' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.repeat;
}

function toggle(view: ViewStore, item: DiffItem): void {
  view.set({ ...view.get(), diff: toggledDiff(view.get().diff, item) }, PICKED_FAR_AWAY);
}

/**
 * Shift-click or C on a row of the run table puts its run in the diff, Shift+C its configuration (a plain
 * click still picks the configuration for the selection).
 */
export function linkRunDiff(table: HTMLTableElement, data: ExploreData, view: ViewStore): void {
  const rowOf = (event: Event) => {
    const row = (event.target as Element).closest<HTMLTableRowElement>('tr');
    return row !== null && runIdOfRow(row) !== null ? row : null;
  };
  // Capturing, before the row's own click (which picks the configuration) can see it.
  table.addEventListener(
    'click',
    (event) => {
      const row = rowOf(event);
      if (!event.shiftKey || row === null) return;
      event.stopPropagation();
      window.getSelection()?.removeAllRanges(); // a shift-click also extends the text selection
      toggle(view, runItem(runIdOfRow(row)!));
    },
    true,
  );
  for (const row of table.tBodies[0]?.rows ?? []) if (runIdOfRow(row) !== null) row.setAttribute('aria-keyshortcuts', 'C Shift+C');
  table.addEventListener('keydown', (event) => {
    const row = rowOf(event);
    if (row === null || !isDiffKey(event)) return;
    const id = runIdOfRow(row)!;
    const run = data.runs.find((candidate) => candidate.id === id);
    if (!event.shiftKey) toggle(view, runItem(id));
    else if (run !== undefined) toggle(view, configurationItem(run.configuration));
  });
  const update = () => {
    const diff = view.get().diff;
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tr.compared')) row.classList.remove('compared');
    for (const item of diff) if (item.kind === 'run') table.querySelector(`tr#${CSS.escape(RUN_ROW_ID_PREFIX + item.id)}`)?.classList.add('compared');
  };
  view.subscribe(update);
  update();
}

/**
 * What the server draws per configuration (CONFIGURATION_ATTRIBUTE: the verdict table's rows, the heatmap's
 * cells) puts its configuration in the diff by a shift-click, or C on it when focused (the rows become
 * focusable; the cells are already, linkHeatmap). The marks of the configurations in the diff get `compared`.
 */
export function linkConfigurationDiff(root: Element, view: ViewStore): void {
  const marks = Array.from(root.querySelectorAll<HTMLElement | SVGElement>(`[${CONFIGURATION_ATTRIBUTE}]`));
  for (const row of root.querySelectorAll<HTMLTableRowElement>(`tr[${CONFIGURATION_ATTRIBUTE}]`)) if (row.tabIndex < 0) row.tabIndex = 0;
  // Said to assistive technology on what takes the focus: the rows, and the heatmap's cells (role=button).
  for (const mark of marks) if (mark.hasAttribute('tabindex')) mark.setAttribute('aria-keyshortcuts', 'C');
  // Capturing, before a click on a heatmap cell picks the configuration for the selection.
  root.addEventListener(
    'click',
    (event) => {
      const configuration = configurationOfTarget(event.target);
      if (!(event as MouseEvent).shiftKey || configuration === null) return;
      event.stopPropagation();
      window.getSelection()?.removeAllRanges();
      toggle(view, configurationItem(configuration));
    },
    true,
  );
  root.addEventListener('keydown', (event) => {
    const configuration = configurationOfTarget(event.target);
    if (configuration === null || !isDiffKey(event as KeyboardEvent)) return;
    toggle(view, configurationItem(configuration));
  });
  const update = () => {
    const compared = new Set(view.get().diff.flatMap((item) => (item.kind === 'configuration' ? [String(item.configuration)] : [])));
    for (const mark of marks) mark.classList.toggle('compared', compared.has(mark.getAttribute(CONFIGURATION_ATTRIBUTE)!));
  };
  view.subscribe(update);
  update();
}

/** One side of the diff: its name (a run's id, a configuration's label), its configuration, and its runs (the run, or the replicates). */
interface Side {
  item: DiffItem;
  name: string;
  configuration: number;
  runs: number[];
}

/** The side an item names; null for a run the island does not have (decodeDiff drops those, so only a bug gets here). */
function sideOf(data: ExploreData, item: DiffItem): Side | null {
  if (item.kind === 'configuration') {
    const configuration = item.configuration;
    return { item, name: data.configurations[configuration].label, configuration, runs: configurationSummary(data, configuration).runs };
  }
  const index = data.runs.findIndex((run) => run.id === item.id);
  return index < 0 ? null : { item, name: `run ${item.id}`, configuration: data.runs[index].configuration, runs: [index] };
}

export function mountRunDiff(mount: HTMLElement, data: ExploreData, view: ViewStore): void {
  const update = (_view?: unknown, source?: string) => {
    const sides = view.get().diff.flatMap((item) => sideOf(data, item) ?? []);
    mount.classList.toggle('diff-active', sides.length > 0);
    const buttons = [...(sides.some((side) => side.item.kind === 'run') ? [widenButton(data, view, sides.length)] : []), ...(sides.length > 0 ? [clearButton(view)] : [])];
    if (sides.length < 2) {
      mount.replaceChildren(hint(sides[0]), ...buttons);
      return;
    }
    const series = runSeriesOf(data);
    const runs = sides[0].item.kind === 'run';
    mount.replaceChildren(heading(data, sides), diffTables(data, sides), ...(runs ? runChart(data, series, sides) : configurationChart(data, series, sides)), ...buttons);
    // Below the sticky selection bar.
    if (source === PICKED_FAR_AWAY) mount.scrollIntoView({ block: 'center' });
  };
  view.subscribe(update);
  update();
}

function hint(side: Side | undefined): HTMLElement {
  const text = document.createElement('p');
  text.className = 'note diff-hint';
  text.textContent =
    side === undefined
      ? 'Diff: shift-click two rows of the table of runs (or press C on a focused row) to put two runs side by side; ' +
        'shift-click two rows of the verdict table or two heatmap cells (or press C on them, or Shift+C on a row of the table of runs) to put two configurations side by side.'
      : side.item.kind === 'run'
        ? `Run diff: ${side.name} is in; shift-click another row (or press C on it) to compare.`
        : `Configuration diff: ${side.name} is in; shift-click another row of the verdict table or heatmap cell (or press C on it, or Shift+C on a run's row) to compare.`;
  return text;
}

function heading(data: ExploreData, [a, b]: Side[]): HTMLElement {
  const h = document.createElement('h3');
  const differing = diffRows(data, a.configuration, b.configuration).filter((row) => row.differs).length;
  h.textContent = `${a.name} vs ${b.name}: ${differing} config ${differing === 1 ? 'key differs' : 'keys differ'}`;
  return h;
}

/** A table of rows side by side; rows whose two values differ are marked (class `differs`, a ≠). */
function sideBySide([a, b]: Side[], rows: [key: string, left: string, right: string, className: string][]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'run-diff';
  const head = table.createTHead().insertRow();
  for (const text of ['', 'setting', a.name, b.name]) {
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

type FactRow = [key: string, left: string, right: string, className: string];

/** Two runs' configuration, replicate, status and final metric. */
function runFacts(data: ExploreData, [a, b]: Side[]): FactRow[] {
  const [runA, runB] = [data.runs[a.runs[0]], data.runs[b.runs[0]]];
  return [
    ['configuration', data.configurations[runA.configuration].label, data.configurations[runB.configuration].label, 'diff-fact'],
    ['replicate', String(runA.replicate), String(runB.replicate), 'diff-fact'],
    ['status', runA.status, runB.status, 'diff-fact'],
    [`final ${data.metric.name}`, formatNumber(runA.final), formatNumber(runB.final), 'diff-fact'],
  ];
}

/** Two configurations' replicates (each status counted apart) and the mean and min–max of their finished replicates' final metric. */
function configurationFacts(data: ExploreData, sides: Side[]): FactRow[] {
  const [a, b] = sides.map((side) => configurationSummary(data, side.configuration));
  // Finished first, then the rest as they come: a status neither has gets no row.
  const statuses = [...new Set(['finished', ...Object.keys(a.statuses), ...Object.keys(b.statuses)])].filter((status) => status in a.statuses || status in b.statuses);
  const metric = data.metric.name;
  const meanText = (summary: typeof a) => (summary.finals.length === 0 ? '–' : formatNumber(summary.mean));
  const rangeText = (summary: typeof a) => (summary.finals.length === 0 ? '–' : `${formatNumber(summary.range[0])}–${formatNumber(summary.range[1])}`);
  return [
    ['replicates', String(a.runs.length), String(b.runs.length), 'diff-fact'],
    ...statuses.map((status): FactRow => [status, String(a.statuses[status] ?? 0), String(b.statuses[status] ?? 0), 'diff-fact']),
    [`mean final ${metric} (finished)`, meanText(a), meanText(b), 'diff-fact'],
    [`min–max final ${metric} (finished)`, rangeText(a), rangeText(b), 'diff-fact'],
  ];
}

/** The sides' facts and the config keys that differ; the keys they share folded away below (still every key). */
function diffTables(data: ExploreData, sides: Side[]): HTMLElement {
  const facts = sides[0].item.kind === 'run' ? runFacts(data, sides) : configurationFacts(data, sides);
  const rows = diffRows(data, sides[0].configuration, sides[1].configuration).map((row): FactRow => [row.key, row.values[0], row.values[1], 'diff-config']);
  const same = rows.filter(([, left, right]) => left === right);
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  wrap.append(sideBySide(sides, [...facts, ...rows.filter(([, left, right]) => left !== right)]));
  if (same.length > 0) {
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = `${same.length} config ${same.length === 1 ? 'key' : 'keys'} with the same value`;
    details.append(summary, sideBySide(sides, same));
    wrap.append(details);
  }
  return wrap;
}

/** Two runs' curves, one line each. */
function runChart(data: ExploreData, series: RunSeries[], sides: Side[]): Element[] {
  const curves = data.curves;
  if (curves === null) return [];
  const points = sides.flatMap((side) => {
    const { x, y } = series[side.runs[0]];
    return x.map((at, i) => ({ run: side.name, x: at, y: y[i] }));
  });
  if (points.length === 0) return [];
  const logY = points.every((point) => point.y > 0) && spansDecades(points.map((point) => point.y));
  const names = sides.map((side) => side.name);
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

/** Two configurations' curves, each the mean line and min–max band over its replicates (bandChart). */
function configurationChart(data: ExploreData, series: RunSeries[], sides: Side[]): Element[] {
  const curves = data.curves;
  if (curves === null || sides.every((side) => side.runs.every((run) => series[run].x.length === 0))) return [];
  const note = document.createElement('p');
  note.className = 'note';
  note.textContent = `Each configuration's ${curves.title} against ${curves.axisLabel}: the mean over its replicates (every one, as far as it ran), band = min–max.`;
  const names = sides.map((side) => side.name);
  const { chart, notes } = bandChart(data, series, sides.map((side) => ({ label: side.name, runs: side.runs })), {
    height: 320,
    ariaLabel: `Curves of ${names.join(' and ')}`,
    ariaDescription: `${curves.title} against ${curves.axisLabel}, mean and min–max band over each configuration's replicates.`,
    legend: true,
  });
  for (const line of notes) note.textContent += ` ${line}`;
  return [note, chart];
}

/** Puts the runs' configurations in the diff in their place. */
function widenButton(data: ExploreData, view: ViewStore, runs: number): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'diff-widen';
  button.textContent = runs === 1 ? 'Compare its configuration instead' : 'Compare their configurations instead';
  button.addEventListener('click', () => view.set({ ...view.get(), diff: widenedToConfigurations(data, view.get().diff) }, 'run-diff'));
  return button;
}

function clearButton(view: ViewStore): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'diff-clear';
  button.textContent = 'Clear the diff';
  button.addEventListener('click', () => view.set({ ...view.get(), diff: [] }, 'run-diff'));
  return button;
}
