import * as Plot from '@observablehq/plot';
import { brushY, type BrushBehavior } from 'd3-brush';
import { select } from 'd3-selection';
import { formatNumber } from '../format.js';
import { buildAxes, type Axis } from './axes.js';
import { settingValue, type ExploreData, type ExploreRun } from './exploreData.js';
import { isEmpty, selectedRuns, withFilter, type SelectionStore } from './selection.js';

/**
 * Parallel coordinates drawn by Plot in the page: one line per run through its position on every axis
 * (axes.ts puts each setting and the metric on a shared 0–1 scale), a tip naming the run under the pointer,
 * and a d3 brush on every axis that writes to the shared selection. Lines outside the selection are dimmed.
 */

/** One vertex of a run's line. */
interface Vertex {
  run: number;
  axis: string;
  y: number;
}

const SVG = 'http://www.w3.org/2000/svg';
/** Half the width of an axis's brush, in pixels. */
const BRUSH_HALF_WIDTH = 12;
/** The report's colours for runs that ended badly (the run table's row colours). */
const DIVERGED_COLOUR = '#b35806';
const FAILED_COLOUR = '#b2182b';
const NO_VALUE_COLOUR = '#888888';

/** The tip's text: the run, its settings, its metric and status. */
function tipText(data: ExploreData, run: ExploreRun): string {
  const settings = data.settings.map((setting, i) => {
    const value = settingValue(data, run, i);
    const text = value === null ? '–' : setting.kind === 'numeric' ? String(value) : setting.categories[value];
    return `${setting.name} ${text}`;
  });
  return [`run ${run.id} (replicate ${run.replicate})`, ...settings, `${data.metric.name} ${formatNumber(run.final)}`, `status ${run.status}`].join('\n');
}

/** Line groups: each its own Plot mark, since a mark's dash pattern is one value for all its lines. */
function lineGroups(data: ExploreData): { className: string; runs: number[]; stroke: 'metric' | string; dash?: string }[] {
  const indices = (test: (run: ExploreRun) => boolean) => data.runs.flatMap((run, i) => (test(run) ? [i] : []));
  return [
    { className: 'pc-runs', runs: indices((run) => run.final !== null && run.status !== 'pruned'), stroke: 'metric' },
    { className: 'pc-pruned', runs: indices((run) => run.final !== null && run.status === 'pruned'), stroke: 'metric', dash: '5,3' },
    { className: 'pc-diverged', runs: indices((run) => run.final === null && run.status === 'diverged'), stroke: DIVERGED_COLOUR, dash: '2,2' },
    { className: 'pc-failed', runs: indices((run) => run.final === null && run.status === 'failed'), stroke: FAILED_COLOUR, dash: '1,3' },
    { className: 'pc-no-value', runs: indices((run) => run.final === null && run.status !== 'diverged' && run.status !== 'failed'), stroke: NO_VALUE_COLOUR, dash: '1,3' },
  ].filter((group) => group.runs.length > 0);
}

function verticesOf(axes: readonly Axis[], run: ExploreRun, index: number): Vertex[] {
  return axes.flatMap((axis) => {
    const y = axis.position(run);
    return y === null ? [] : [{ run: index, axis: axis.title, y }];
  });
}

/** The chart's <svg> (Plot wraps it in a <figure> when it draws a legend). */
function plotSvg(chart: Element): SVGSVGElement {
  if (chart instanceof SVGSVGElement) return chart;
  const svgs = chart.querySelectorAll(':scope > svg');
  return svgs[svgs.length - 1] as SVGSVGElement;
}

export function mountParallelCoordinates(mount: HTMLElement, data: ExploreData, store: SelectionStore): void {
  const axes = buildAxes(data);
  const groups = lineGroups(data);
  const vertices = data.runs.map((run, i) => verticesOf(axes, run, i));
  const all = vertices.flat();
  const minimize = data.metric.goal === 'minimize';
  // A fixed width, not the mount's: reading a size forces the layout of the whole page at a point where the
  // browser has not done it yet (0.5 s for a 1,000-run report). Plot's SVG scales down to narrower windows.
  const width = 1100;
  // The same vertices, in the same order, feed each group's line mark below and the lookup after rendering.
  const chart = Plot.plot({
    width,
    height: 440,
    marginLeft: 70,
    marginRight: 70,
    marginTop: 30,
    ariaLabel: `Parallel coordinates of ${data.runs.length} runs`,
    ariaDescription: `One line per run through ${axes.map((axis) => axis.title).join(', ')}; the colour is ${data.metric.name}.`,
    x: { type: 'point', domain: axes.map((axis) => axis.title), axis: 'top', label: null, tickSize: 0, padding: 0.2 },
    y: { domain: [0, 1], axis: null },
    color: {
      type: data.metric.log ? 'log' : 'linear',
      scheme: 'viridis',
      // The better end is bright: low values when minimizing.
      reverse: minimize,
      legend: true,
      label: `${minimize ? '↓' : '↑'} final ${data.metric.name}`,
      tickFormat: data.metric.log ? '~g' : (value: number) => formatNumber(value),
    },
    marks: [
      Plot.ruleX(axes.map((axis) => axis.title), { stroke: '#999' }),
      ...groups.map((group) =>
        Plot.line(
          group.runs.flatMap((run) => vertices[run]),
          {
            x: 'axis',
            y: 'y',
            z: 'run',
            stroke: group.stroke === 'metric' ? (vertex: Vertex) => data.runs[vertex.run].final : group.stroke,
            strokeWidth: 1.2,
            strokeOpacity: 0.75,
            strokeDasharray: group.dash,
            className: group.className,
          },
        ),
      ),
      Plot.dot(axes.flatMap((axis) => axis.ticks.map((tick) => ({ axis: axis.title, ...tick }))), { x: 'axis', y: 'position', r: 1.5, fill: '#555' }),
      Plot.text(axes.flatMap((axis) => axis.ticks.map((tick) => ({ axis: axis.title, ...tick }))), {
        x: 'axis',
        y: 'position',
        text: 'label',
        textAnchor: 'end',
        dx: -5,
        fill: '#222',
        stroke: 'white',
        strokeWidth: 3,
      }),
      Plot.tip(all, Plot.pointer({ x: 'axis', y: 'y', title: (vertex: Vertex) => tipText(data, data.runs[vertex.run]), maxRadius: 30, lineWidth: 60 })),
    ],
  }) as unknown as (SVGSVGElement | HTMLElement) & { scale(name: 'x' | 'y'): { apply(value: unknown): number; invert(value: number): unknown }; value: Vertex | null };
  mount.replaceChildren(chart);

  const svg = plotSvg(chart);
  // Each run's <path> elements: d3 binds every line's group index to its path, so its first index names the run.
  const pathsOfRun: SVGPathElement[][] = data.runs.map(() => []);
  for (const group of groups) {
    const groupVertices = group.runs.flatMap((run) => vertices[run]);
    for (const path of svg.querySelectorAll<SVGPathElement>(`g.${group.className} path`)) {
      const index = (path as unknown as { __data__?: number[] }).__data__?.[0];
      if (index !== undefined) pathsOfRun[groupVertices[index].run].push(path);
    }
  }

  const x = chart.scale('x');
  const y = chart.scale('y');
  const brushes = axes.map((axis) => {
    const centre = x.apply(axis.title);
    const g = svg.appendChild(document.createElementNS(SVG, 'g'));
    g.setAttribute('class', 'pc-brush');
    g.setAttribute('aria-label', `brush on ${axis.title}`);
    const brush = brushY()
      .extent([[centre - BRUSH_HALF_WIDTH, y.apply(1) - 6], [centre + BRUSH_HALF_WIDTH, y.apply(0) + 6]])
      // Not 'start': a press on the axis starts a brush of zero height, which would empty the table until the drag.
      .on('brush end', (event) => {
        if (event.sourceEvent === undefined) return; // moved by code (a cleared selection, the URL): already in the store
        const filter = event.selection === null ? null : axis.filterBetween(Number(y.invert(event.selection[1])), Number(y.invert(event.selection[0])));
        store.set(withFilter(store.get(), axis.id, filter), 'parallel-coordinates');
      });
    select(g).call(brush);
    // Plot pins the tip on a press anywhere in the chart: a press that starts a brush is not that.
    g.addEventListener('pointerdown', (event) => event.stopPropagation());
    return { axis, g, brush };
  });

  function moveBrushes(): void {
    const { filters } = store.get();
    for (const { axis, g, brush } of brushes) {
      const filter = filters[axis.id];
      const span = filter === undefined ? null : axis.spanOf(filter);
      moveBrush(brush, g, span === null ? null : [y.apply(span[1]), y.apply(span[0])]);
    }
  }

  let dimmed: boolean[] = data.runs.map(() => false);
  function dim(): void {
    const selection = store.get();
    const selected = selectedRuns(data, selection);
    const empty = isEmpty(selection);
    dimmed = dimmed.map((was, i) => {
      const now = !empty && !selected[i];
      if (now !== was) for (const path of pathsOfRun[i]) path.classList.toggle('pc-dim', now);
      return now;
    });
  }

  store.subscribe((_selection, source) => {
    if (source !== 'parallel-coordinates') moveBrushes();
    dim();
  });
  moveBrushes();
  dim();

  // The line under the pointer stands out; Plot's pointer says which vertex it is on.
  let hovered: number | null = null;
  chart.addEventListener('input', () => {
    const run = chart.value?.run ?? null;
    if (run === hovered) return;
    if (hovered !== null) for (const path of pathsOfRun[hovered]) path.classList.remove('pc-hover');
    hovered = run;
    if (hovered !== null) for (const path of pathsOfRun[hovered]) path.classList.add('pc-hover');
  });
}

function moveBrush(brush: BrushBehavior, g: SVGGElement, pixels: [number, number] | null): void {
  select(g).call(brush.move, pixels);
}
