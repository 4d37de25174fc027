import * as Plot from '@observablehq/plot';
import type { SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, renderPlot } from '../_plot.js';
import type { Configuration } from '../configurations.js';
import { CURVE_AXIS_LABELS, meanCurve, runCurve, type CurveAxis, type CurveQuantity } from '../curves.js';
import { CHART_CURVE_POINTS, minMaxDownsample } from '../downsample.js';
import { belowCeiling, cutDomain, divergenceCeiling, type BandPoint } from '../divergenceCeiling.js';
import { spansDecades } from '../statistics.js';
import { STATUS_SYMBOL } from '../statusMarks.js';
import { seriesColour } from './_series.js';

/** One series of a curve chart: its label (the colour key) and the configuration whose replicates it averages. */
export interface CurveSeries {
  label: string;
  configuration: Configuration;
}

/**
 * Rows of mean curves for the given series on one axis, each series downsampled to what a chart shows
 * (min–max per bucket of its band, `src/downsample.ts`: spikes and dips survive; the data island does the same).
 */
export function curveRows(series: readonly CurveSeries[], axis: CurveAxis, quantity: CurveQuantity): BandPoint[] {
  return series.flatMap(({ label, configuration }) => {
    const points = meanCurve(configuration.runs, axis, quantity);
    const kept = minMaxDownsample(points.map((point) => point.low), points.map((point) => point.high), CHART_CURVE_POINTS);
    return kept.map((index) => ({ label, ...points[index] }));
  });
}

export interface CurveChartOptions {
  chartId: string;
  series: readonly CurveSeries[];
  /** Every label of the shared colouring, in colour order (a chart may draw a subset). */
  labels: readonly string[];
  axis: CurveAxis;
  quantity: CurveQuantity;
  /** The y-axis title, e.g. 'training loss (whole training set)'. */
  yLabel: string;
  /** 'down' for losses (lower is better), 'up' for accuracies. */
  better: 'down' | 'up';
  width?: number;
  height?: number;
  /** Draw Plot's own legend (off when the charts of a row share an HTML key). */
  legend?: boolean;
}

/**
 * One chart of mean curves with a min–max band per series. A loss axis turns logarithmic when every value
 * is positive and they span two decades (a landscape's loss can be negative: then it stays linear), and is
 * cut at `divergenceCeiling`. Each diverged replicate's curve ends in a ✕ (at the top edge when cut); a
 * series with a pruned replicate is dashed, and each pruned replicate's curve ends in a ✂ where early
 * termination stopped it.
 */
export function curveChart(options: CurveChartOptions): SafeHtml {
  const { series, axis, quantity, better } = options;
  const rows = curveRows(series, axis, quantity);
  const isLoss = better === 'down';
  const ceiling = isLoss ? divergenceCeiling(rows) : null;
  const kept = rows.map((row) => ({ ...row, high: belowCeiling(row.high, ceiling) }));
  const logY = isLoss && spansDecades(kept.flatMap((row) => [row.mean, row.low, row.high]));
  const drawable = logY ? kept.filter((row) => row.low > 0 && row.mean > 0) : kept;
  const ends = series.flatMap(({ label, configuration }) =>
    configuration.runs.flatMap((run) => {
      const { status } = run.record;
      if (status !== 'diverged' && status !== 'pruned') return [];
      const points = runCurve(run, quantity, axis).filter((point) => Number.isFinite(point.value));
      const last = points[points.length - 1];
      if (last === undefined) return [];
      return [{ label, x: last.x, value: belowCeiling(last.value, ceiling), symbol: STATUS_SYMBOL[status] }];
    }),
  );
  const prunedLabels = new Set(
    series.filter(({ configuration }) => configuration.runs.some((run) => run.record.status === 'pruned')).map(({ label }) => label),
  );
  const isPruned = (row: BandPoint) => prunedLabels.has(row.label);
  const domain = cutDomain(drawable, ceiling, logY);
  const yDomain = domain === null ? {} : { domain };
  return renderPlot(options.chartId, {
    width: options.width ?? 760,
    height: options.height ?? 380,
    marginLeft: 56,
    marginTop: 28,
    x: { label: `${CURVE_AXIS_LABELS[axis]} →`, grid: true },
    y: {
      label: `${better === 'down' ? '↓' : '↑'} ${options.yLabel}${logY ? ' (log scale)' : ''}${ceiling === null ? '' : ', cut at the top'}`,
      type: logY ? 'log' : 'linear',
      grid: true,
      ...yDomain,
      ...(logY ? { tickFormat: LOG_TICK_FORMAT } : {}),
    },
    color: seriesColour(options.labels, options.legend ?? true),
    marks: [
      Plot.areaY(drawable, { x: 'x', y1: 'low', y2: 'high', z: 'label', fill: 'label', fillOpacity: 0.15, curve: 'linear', clip: true }),
      Plot.lineY(drawable.filter((row) => !isPruned(row)), { x: 'x', y: 'mean', z: 'label', stroke: 'label', strokeWidth: 1.6, clip: true }),
      Plot.lineY(drawable.filter(isPruned), { x: 'x', y: 'mean', z: 'label', stroke: 'label', strokeWidth: 1.6, strokeDasharray: '5,3', clip: true }),
      Plot.text(ends, { x: 'x', y: 'value', text: 'symbol', fill: 'label', fontSize: 14, fontWeight: 'bold' }),
    ],
  });
}
