import * as Plot from '@observablehq/plot';
import { belowCeiling, cutDomain, DIVERGENCE_CEILING, divergenceCeiling, heldOffChart } from '../divergenceCeiling.js';
import { formatNumber } from '../format.js';
import { OKABE_ITO } from '../palette.js';
import { LOG_TICK_FORMAT } from '../plotLayout.js';
import { spansDecades } from '../statistics.js';
import { STATUS_SYMBOL } from '../statusMarks.js';
import type { ExploreData } from './exploreData.js';
import { curveGroups, groupCurve, unpackRunSeries, type CurveGroup, type GroupPick, type RunSeries } from './groupCurves.js';
import { isEmpty, selectedRuns, withFilter, type Selection, type SelectionStore } from './selection.js';
import type { ViewStore } from './viewState.js';

/**
 * The learning-curves section follows the selection: while runs are selected or the curves are grouped,
 * a chart drawn here from the island's curves takes the place of the static charts (which stay in the page
 * for printing and for readers without the script): a mean line and min–max band per group, a tip on the
 * line under the pointer, and a legend whose entries select their group's runs. Cut at the top as the static
 * charts are (divergenceCeiling.ts), with a ✕ where a diverged run's curve ends (✂ a pruned one's).
 */

/** A point of a drawn curve, with its group's label for colour and tip (which tells mean, low and high as computed). */
interface DrawnPoint {
  label: string;
  x: number;
  mean: number;
  low: number;
  high: number;
  runs: number;
  /** Where the chart places them when cut (divergenceCeiling.ts): the band's top at the ceiling, the line and the band's bottom at most far off the top. */
  shown: { mean: number; low: number; top: number };
}

export function mountLearningCurves(mount: HTMLElement, data: ExploreData, store: SelectionStore, view: ViewStore): void {
  const curves = data.curves;
  const section = mount.closest('section') ?? mount;
  if (curves === null) return;
  let series: RunSeries[] | null = null; // unpacked on the first drawing, not while the page opens
  let drawn = '';

  const update = () => {
    const selection = store.get();
    const group = view.get().group;
    const active = !isEmpty(selection) || group !== null;
    section.classList.toggle('explore-active', active);
    mount.hidden = !active;
    if (!active) {
      drawn = '';
      return;
    }
    const { groups, hidden } = curveGroups(data, selectedRuns(data, selection), group);
    // Brushing moves the pointer many times for each change of the selected runs: draw only on a change.
    const signature = `${group}|${groups.map((entry) => entry.runs.join(',')).join(';')}|${JSON.stringify(selection)}`;
    if (signature === drawn) return;
    drawn = signature;
    const started = performance.now();
    series ??= unpackRunSeries(data);
    mount.replaceChildren(...drawing(data, series, groups, hidden, selection, store));
    // For the browser tests: what drawing the curves cost, beside the rest of an update.
    performance.measure('explore:curves', { start: started });
  };
  store.subscribe(update);
  view.subscribe(update);
  update();
}

function drawing(data: ExploreData, series: RunSeries[], groups: CurveGroup[], hidden: number, selection: Selection, store: SelectionStore): Node[] {
  const curves = data.curves!;
  const runCount = groups.reduce((sum, entry) => sum + entry.runs.length, 0);
  const note = document.createElement('p');
  note.className = 'note curves-note';
  if (groups.length === 0) {
    note.textContent = 'No run is selected: nothing to draw.';
    return [note];
  }
  const grouped = groups[0].pick.kind === 'setting';
  note.textContent =
    `The selected runs' ${curves.title} against ${curves.axisLabel}: ${grouped ? 'one line per value' : 'one line per configuration'} ` +
    `(mean over its ${grouped ? 'runs' : 'replicates'}, band = min–max), ${runCount} runs.` +
    (hidden > 0 ? ` Showing the ${groups.length} best of ${groups.length + hidden} by final ${data.metric.name}, so each keeps a distinct colour.` : '') +
    ' Click an entry of the key to select its runs.';

  const labels = groups.map((entry) => entry.label);
  const curvePoints = groups.flatMap((entry) => groupCurve(series, entry.runs).map((point) => ({ label: entry.label, ...point })));
  const ceiling = divergenceCeiling(curvePoints);
  const points: DrawnPoint[] = curvePoints.map((point) => ({
    ...point,
    shown: { mean: heldOffChart(point.mean, ceiling), low: heldOffChart(point.low, ceiling), top: belowCeiling(point.high, ceiling) },
  }));
  const logY = points.every((point) => point.low > 0) && spansDecades(points.flatMap((point) => [point.low, point.shown.top]));
  const domain = cutDomain(points, ceiling, logY);
  const ends = curveEnds(data, series, groups, ceiling);
  if (ceiling !== null) note.textContent += ` A loss above ${DIVERGENCE_CEILING}× the highest starting loss is cut at the top edge.`;
  if (ends.some((end) => end.symbol === STATUS_SYMBOL.diverged)) note.textContent += ` ${STATUS_SYMBOL.diverged} marks where a diverged run's curve ends.`;
  if (ends.some((end) => end.symbol === STATUS_SYMBOL.pruned)) note.textContent += ` ${STATUS_SYMBOL.pruned} marks where a pruned run stopped.`;
  const chart = Plot.plot({
    width: 760,
    height: 380,
    marginLeft: 60,
    marginTop: 28,
    ariaLabel: `Learning curves of the selected runs: ${labels.join('; ')}`,
    ariaDescription: `${curves.title} against ${curves.axisLabel}, mean and min–max band per ${grouped ? 'value' : 'configuration'}.`,
    x: { label: `${curves.axisLabel} →` },
    y: {
      label: `↓ ${curves.title}${logY ? ' (log scale)' : ''}${ceiling === null ? '' : ', cut at the top'}`,
      type: logY ? 'log' : 'linear',
      grid: true,
      tickFormat: logY ? LOG_TICK_FORMAT : undefined,
      ...(domain === null ? {} : { domain }),
    },
    color: { type: 'ordinal', domain: labels, range: [...OKABE_ITO] },
    marks: [
      Plot.areaY(points, { x: 'x', y1: (point: DrawnPoint) => point.shown.low, y2: (point: DrawnPoint) => point.shown.top, z: 'label', fill: 'label', fillOpacity: 0.15, className: 'curve-band', clip: true }),
      Plot.lineY(points, { x: 'x', y: (point: DrawnPoint) => point.shown.mean, z: 'label', stroke: 'label', strokeWidth: 1.8, className: 'curve-mean', clip: true }),
      Plot.text(ends, { x: 'x', y: 'value', text: 'symbol', fill: 'label', fontSize: 14, fontWeight: 'bold', className: 'curve-end' }),
      Plot.tip(
        points,
        Plot.pointer({
          x: 'x',
          y: (point: DrawnPoint) => point.shown.mean,
          maxRadius: 30,
          title: (point: DrawnPoint) =>
            [point.label, `${curves.axisLabel} ${formatNumber(point.x)}`, `${curves.title} ${formatNumber(point.mean)} (min–max ${formatNumber(point.low)}–${formatNumber(point.high)}, ${point.runs} runs)`].join('\n'),
        }),
      ),
    ],
  });
  chart.setAttribute('data-groups', String(groups.length));
  return [note, legend(groups, selection, store), chart];
}

/** Where each drawn diverged or pruned run's curve ends (held at the ceiling when cut), with its status's symbol. */
function curveEnds(data: ExploreData, series: RunSeries[], groups: CurveGroup[], ceiling: number | null): { label: string; x: number; value: number; symbol: string }[] {
  return groups.flatMap((entry) =>
    entry.runs.flatMap((run) => {
      const { status } = data.runs[run];
      const { x, y } = series[run];
      if ((status !== 'diverged' && status !== 'pruned') || x.length === 0) return [];
      return [{ label: entry.label, x: x[x.length - 1], value: belowCeiling(y[y.length - 1], ceiling), symbol: STATUS_SYMBOL[status] }];
    }),
  );
}

/** The key: one button per group, which selects (or, pressed again, drops) that group's runs. */
function legend(groups: CurveGroup[], selection: Selection, store: SelectionStore): HTMLElement {
  const key = document.createElement('div');
  key.className = 'key series-key curve-legend';
  key.setAttribute('aria-label', 'Curves (click to select)');
  groups.forEach((entry, i) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.label = entry.label;
    const pressed = isPicked(selection, entry.pick);
    button.setAttribute('aria-pressed', String(pressed));
    const swatch = document.createElement('span');
    swatch.className = 'line-swatch';
    swatch.style.background = OKABE_ITO[i % OKABE_ITO.length];
    button.append(swatch, entry.label);
    button.addEventListener('click', () => store.set(toggled(store.get(), entry.pick), 'curves-legend'));
    key.append(button);
  });
  return key;
}

function isPicked(selection: Selection, pick: GroupPick): boolean {
  if (pick.kind === 'configuration') return selection.configuration === pick.configuration;
  return pick.filter !== null && JSON.stringify(selection.filters[pick.key]) === JSON.stringify(pick.filter);
}

function toggled(selection: Selection, pick: GroupPick): Selection {
  if (pick.kind === 'configuration') return { ...selection, configuration: selection.configuration === pick.configuration ? null : pick.configuration };
  if (pick.filter === null) return selection;
  return withFilter(selection, pick.key, isPicked(selection, pick) ? null : pick.filter);
}
