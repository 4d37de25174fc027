import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, renderPlot } from '../_plot.js';
import type { Configuration } from '../configurations.js';
import { CURVE_AXES, CURVE_AXIS_LABELS, hasEpochs, hasWallTimes, meanCurve, type CurveAxis } from '../curves.js';
import { section } from '../page.js';
import type { ReportModel } from '../reportModel.js';
import { spansDecades } from '../statistics.js';
import { axisSwitch } from './axisSwitch.js';
import { chartConfigurations, hiddenNote, seriesColour } from './_series.js';

export const LEARNING_CURVES_SECTION_ID = 'learning-curves';

interface CurveRow {
  label: string;
  x: number;
  mean: number;
  low: number;
  high: number;
}

/** Rows of mean curves for the given configurations on one axis (each series labelled). */
export function curveRows(configurations: readonly { label: string; configuration: Configuration }[], axis: CurveAxis): CurveRow[] {
  return configurations.flatMap(({ label, configuration }) =>
    meanCurve(configuration.runs, axis).map((point) => ({ label, ...point })),
  );
}

/**
 * One chart of mean training loss with a min–max band per series. The y-axis turns logarithmic when the
 * loss spans two decades or more (bands and means that are not positive cannot be drawn on it and are left out).
 */
export function lossChart(chartId: string, rows: CurveRow[], labels: readonly string[], axis: CurveAxis, yLabel = 'training loss'): SafeHtml {
  const logY = spansDecades(rows.flatMap((row) => [row.mean, row.low]));
  const drawable = logY ? rows.filter((row) => row.low > 0 && row.mean > 0) : rows;
  return renderPlot(chartId, {
    width: 760,
    height: 380,
    marginLeft: 56,
    x: { label: `${CURVE_AXIS_LABELS[axis]} →`, grid: true },
    y: {
      label: `↓ ${yLabel}${logY ? ' (log scale)' : ''}`,
      type: logY ? 'log' : 'linear',
      grid: true,
      ...(logY ? { tickFormat: LOG_TICK_FORMAT } : {}),
    },
    color: seriesColour(labels),
    marks: [
      Plot.areaY(drawable, { x: 'x', y1: 'low', y2: 'high', z: 'label', fill: 'label', fillOpacity: 0.15, curve: 'linear' }),
      Plot.lineY(drawable, { x: 'x', y: 'mean', z: 'label', stroke: 'label', strokeWidth: 1.6 }),
    ],
  });
}

function unavailable(axis: CurveAxis): SafeHtml {
  return axis === 'epochs'
    ? html`<p class="note">These runs log no epochs (landscape runs, or budgets under one epoch): choose another x-axis.</p>`
    : html`<p class="note">No wall times: the runs' meta files were not found, so there is nothing to draw against time.</p>`;
}

export function learningCurvesView(model: ReportModel): SafeHtml {
  const { shown, hidden } = chartConfigurations(model, model.configurations);
  const labels = shown.map((configuration) => configuration.label);
  const series = shown.map((configuration) => ({ label: configuration.label, configuration }));
  const shownRuns = shown.flatMap((configuration) => configuration.runs);
  const panels = CURVE_AXES.map((axis) => {
    const available = axis === 'epochs' ? hasEpochs(shownRuns) : axis === 'wall' ? hasWallTimes(shownRuns) : true;
    return {
      axis,
      body: available ? lossChart(`learning-curves-${axis}`, curveRows(series, axis), labels, axis) : unavailable(axis),
    };
  });
  return section({
    id: LEARNING_CURVES_SECTION_ID,
    title: 'Learning curves',
    caption:
      'Training loss as logged (mini-batch loss before each update): line = mean across replicates, band = min–max across replicates. Look for the curve that falls fastest per example seen, and for wide, jagged bands: noisy gradients.',
    body: [axisSwitch('learning-curves-axis', panels, 'examples'), hiddenNote(model, shown.length, hidden)],
  });
}
