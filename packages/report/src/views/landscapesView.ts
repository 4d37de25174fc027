import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { renderPlot } from '../_plot.js';
import type { Configuration } from '../configurations.js';
import { formatCount, formatNumber } from '../format.js';
import { section } from '../page.js';
import { drawnNote } from './_drawnNote.js';
import { landscapeKey } from '../problems.js';
import { labelWithinProblem, type ReportModel } from '../reportModel.js';
import { extent } from '../statistics.js';
import type { LandscapeGrid } from '@descent/runner';
import type { ReportRun } from '../types.js';
import { chartConfigurations, hiddenNote, seriesColour } from './_series.js';
import { runTip } from './_tips.js';

export const LANDSCAPES_SECTION_ID = 'landscapes';

/** Contour levels per panel. */
const LEVELS = 16;
/** Decades between the lowest and highest level above the grid's minimum. */
const LEVEL_DECADES = 3;

/** Landmark kinds as the landscapes name them ('global minimum', 'local minimum', 'saddle'), and short forms. */
const LANDMARK_GLYPHS: Record<string, string> = {
  'global minimum': '★',
  minimum: '★',
  'local minimum': '☆',
  saddle: '✕',
  maximum: '▲',
};

/** The contour a run belongs on (see landscapeKey), or null for a dataset run. */
function landscapeName(run: ReportRun): string | null {
  const problem = run.record.config.problem;
  return problem.kind === 'landscape' ? landscapeKey(problem.landscape) : null;
}

export function showsLandscapes(model: ReportModel): boolean {
  return model.landscapes.length > 0 || model.runs.some((run) => landscapeName(run) !== null);
}

/**
 * Log-spaced contour levels, by contouring g = log10(f − min f + δ) at evenly spaced levels, with
 * δ = (max f − min f)·10^−LEVEL_DECADES: the levels crowd towards the minimum, where trajectories end,
 * and work for functions with negative values (a saddle's x² − y²).
 */
export function logSpacedField(values: readonly number[]): { field: number[]; thresholds: number[] } {
  const [low, high] = extent(values.filter(Number.isFinite));
  const delta = (high - low) * 10 ** -LEVEL_DECADES;
  if (!(delta > 0)) return { field: [], thresholds: [] };
  const field = values.map((value) => (Number.isFinite(value) ? Math.log10(value - low + delta) : NaN));
  const bottom = Math.log10(delta);
  const top = Math.log10(high - low + delta);
  const thresholds = Array.from({ length: LEVELS }, (_, k) => bottom + ((top - bottom) * (k + 1)) / (LEVELS + 1));
  return { field, thresholds };
}

interface PathPoint {
  label: string;
  runId: string;
  x: number;
  y: number;
}

function landscapePanel(
  model: ReportModel,
  index: number,
  name: string,
  grid: LandscapeGrid | null,
  configurations: Configuration[],
): SafeHtml {
  const { shown, hidden } = chartConfigurations(model, configurations);
  // Within a panel the landscape's name is known: leave it out of the series labels.
  const labelOf = (configuration: Configuration) => labelWithinProblem(model, configuration);
  const labels = shown.map(labelOf);
  const paths: PathPoint[] = [];
  const starts: (PathPoint & { tip: string })[] = [];
  const ends: (PathPoint & { tip: string })[] = [];
  for (const configuration of shown) {
    for (const run of configuration.runs) {
      if (landscapeName(run) !== name) continue;
      const points = run.record.trajectory
        .filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y))
        .map((point) => ({ label: labelOf(configuration), runId: run.record.runId, x: point.x, y: point.y }));
      if (points.length === 0) continue;
      paths.push(...points);
      const last = run.record.trajectory[run.record.trajectory.length - 1];
      starts.push({ ...points[0], tip: `start (${formatNumber(points[0].x)}, ${formatNumber(points[0].y)}) · ${runTip(run, labelOf(configuration), null)}` });
      ends.push({ ...points[points.length - 1], tip: runTip(run, labelOf(configuration), last !== undefined && Number.isFinite(last.loss) ? { name: `f after ${formatCount(last.step)} steps`, value: last.loss } : null) });
    }
  }
  let xDomain: [number, number];
  let yDomain: [number, number];
  const marks: Plot.Markish[] = [];
  if (grid !== null) {
    const dx = (grid.x[grid.x.length - 1] - grid.x[0]) / Math.max(1, grid.x.length - 1);
    const dy = (grid.y[grid.y.length - 1] - grid.y[0]) / Math.max(1, grid.y.length - 1);
    // Plot places grid samples at pixel centres: widen the extent by half a cell on each side.
    xDomain = [grid.x[0] - dx / 2, grid.x[grid.x.length - 1] + dx / 2];
    yDomain = [grid.y[0] - dy / 2, grid.y[grid.y.length - 1] + dy / 2];
    const { field, thresholds } = logSpacedField(grid.values);
    if (thresholds.length > 0) {
      marks.push(
        Plot.contour(field, {
          width: grid.x.length,
          height: grid.y.length,
          x1: xDomain[0],
          x2: xDomain[1],
          y1: yDomain[0],
          y2: yDomain[1],
          thresholds,
          // Nested translucent regions shade higher ground darker without spending the colour scale.
          fill: '#444',
          fillOpacity: 0.025,
          stroke: '#777',
          strokeWidth: 0.6,
          strokeOpacity: 0.8,
        }),
      );
    }
  } else {
    xDomain = extent(paths.map((point) => point.x));
    yDomain = extent(paths.map((point) => point.y));
  }
  const landmarks = (grid?.points ?? []).map((point) => ({
    ...point,
    glyph: LANDMARK_GLYPHS[point.kind] ?? point.kind,
  }));
  marks.push(
    Plot.line(paths, { x: 'x', y: 'y', z: 'runId', stroke: 'label', strokeWidth: 1.4, strokeOpacity: 0.9, clip: true, title: (point: PathPoint) => `run ${point.runId} · ${point.label}` }),
    Plot.dot(starts, { x: 'x', y: 'y', stroke: 'label', fill: 'white', r: 4, strokeWidth: 1.5, clip: true, title: 'tip' }),
    Plot.dot(ends, { x: 'x', y: 'y', fill: 'label', stroke: 'white', r: 4.5, clip: true, title: 'tip' }),
    Plot.text(landmarks, {
      x: 'x',
      y: 'y',
      text: 'glyph',
      fontSize: 17,
      fill: 'black',
      stroke: 'white',
      strokeWidth: 3,
      paintOrder: 'stroke',
    }),
    Plot.frame(),
  );
  // Equal units on both axes, so a round bowl looks round and a ravine looks narrow.
  const width = 560;
  const margins = { marginLeft: 48, marginRight: 20, marginTop: 30, marginBottom: 36 };
  const span = xDomain[1] - xDomain[0] || 1;
  const plotHeight = ((width - margins.marginLeft - margins.marginRight) * (yDomain[1] - yDomain[0])) / span;
  const height = Math.round(Math.min(720, Math.max(240, plotHeight + margins.marginTop + margins.marginBottom)));
  const chart = renderPlot(`landscape-${index + 1}`, {
    width,
    height,
    ...margins,
    x: { domain: xDomain, label: 'x →' },
    y: { domain: yDomain, label: '↑ y' },
    color: seriesColour(labels),
    marks,
  });
  return html`<figure>
<h3>${name}</h3>
${grid === null ? html`<p class="note">No grid was supplied for this landscape: trajectories only, without contours.</p>` : html``}

${chart}
${hiddenNote(model, shown.length, hidden)}
</figure>`;
}

/**
 * How many steps apart the recorded path points are, at most: the runner keeps at most train.max_points
 * points of a path, so stride = steps / (points − 1). Above 1, a zig-zag that flips sign every step (plain
 * descent across a ravine) is sampled on one side only and looks like a smooth curve.
 */
export function trajectoryStride(runs: readonly ReportRun[]): number {
  const strides = runs
    .filter((run) => landscapeName(run) !== null && run.record.trajectory.length > 1)
    .map((run) => run.record.summary.steps / (run.record.trajectory.length - 1));
  return Math.max(1, ...strides);
}

export function landscapesView(model: ReportModel): SafeHtml {
  const names: string[] = model.landscapes.map((grid) => grid.name);
  for (const run of model.runs) {
    const name = landscapeName(run);
    if (name !== null && !names.includes(name)) names.push(name);
  }
  const panels = names.map((name, index) => {
    const grid = model.landscapes.find((candidate) => candidate.name === name) ?? null;
    const configurations = model.configurations.filter((configuration) =>
      configuration.runs.some((run) => landscapeName(run) === name),
    );
    return landscapePanel(model, index, name, grid, configurations);
  });
  const stride = trajectoryStride(model.runs);
  return section({
    id: LANDSCAPES_SECTION_ID,
    title: 'Trajectories on the landscapes',
    caption:
      'Each run\'s path over the function\'s contours (levels log-spaced above the minimum, darker = higher): ○ start, ● end, ★ global minimum, ☆ local minimum, ✕ saddle point, ▲ maximum. Look for plain steps stalling at a saddle or in a local minimum, momentum carrying through, and zig-zag oscillation across ravines.',
    body: [
      drawnNote(model),
      stride >= 1.5
        ? html`<p class="note">The paths keep one point per ${formatNumber(stride, 2)} steps (the runner records at most train.max_points points), so an oscillation that flips every step can look smooth here. Set train.max_points above the number of steps to draw every step.</p>`
        : html``,
      html`<div class="panels">${panels}</div>`,
    ],
  });
}
