import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, renderPlot } from '../_plot.js';
import { formatNumber, ordinalSuffix } from '../format.js';
import { SEQUENTIAL_SCHEME } from '../palette.js';
import type { ReportModel } from '../reportModel.js';
import type { SearchTrial } from '../searchProgress.js';
import { LOG_AXIS_RATIO, searchSettings, type SearchSetting } from '../searchSettings.js';
import { spansDecades } from '../statistics.js';
import { STATUS_SYMBOL } from '../statusMarks.js';
import { heatmapThresholds } from './metricHeatmapView.js';
import { trialTip } from './_tips.js';

/** Above this many configurations the order numbers beside the dots would overlap into a smudge: later ones are drawn larger instead. */
export const MAX_ORDER_LABELS = 60;

interface Point {
  order: number;
  x: number;
  y: number;
  mean: number;
  symbol: string;
  /** Drawn before the sampler proposed from results (TPE's quasirandom startup): a square instead of a circle. */
  startup: boolean;
  /** What pointing at it says (_tips.ts). */
  tip: string;
}

function axis(setting: SearchSetting, arrow: '→' | '↑'): Plot.ScaleOptions {
  const label = `${setting.name}${setting.log ? ' (log scale)' : ''}`;
  return {
    label: arrow === '→' ? `${label} →` : `↑ ${label}`,
    type: setting.log ? 'log' : 'linear',
    grid: true,
    ...(setting.log ? { tickFormat: LOG_TICK_FORMAT } : {}),
  };
}

/** One scatter: the configurations at (x, y), coloured by their mean final metric, numbered in the search's order. */
function scatter(model: ReportModel, chartId: string, points: Point[], x: Plot.ScaleOptions, y: Plot.ScaleOptions, bestOrder: number | null, legend: boolean): SafeHtml {
  const coloured = points.filter((point) => point.symbol === '');
  const marked = points.filter((point) => point.symbol !== '');
  // A point without a y (a configuration with no mean, on a chart whose y is the mean) sits on the top edge.
  const placed = points.filter((point) => Number.isFinite(point.y));
  const labelled = points.length <= MAX_ORDER_LABELS;
  const means = coloured.map((point) => point.mean);
  const better = model.metric.goal === 'minimize' ? 'lower is better' : 'higher is better';
  return renderPlot(chartId, {
    width: 360,
    height: 320,
    marginLeft: 56,
    marginTop: 24,
    x,
    y,
    // Binned as the heatmap's colours are (a continuous legend would need a canvas, which the server has not).
    color: {
      type: 'threshold',
      domain: heatmapThresholds(means),
      scheme: SEQUENTIAL_SCHEME,
      legend,
      label: `mean final ${model.metric.name} (${better})`,
      tickFormat: (value: number) => formatNumber(value, 2),
    },
    ...(labelled ? {} : { r: { type: 'linear', domain: [1, points.length], range: [2, 7] } }),
    marks: [
      Plot.dot(coloured, {
        x: 'x',
        y: 'y',
        fill: 'mean',
        r: labelled ? 5 : 'order',
        stroke: '#333',
        strokeWidth: 0.5,
        title: 'tip',
        // Only a search with a startup gets symbols (Plot then draws every dot as a path instead of a circle).
        ...(points.some((point) => point.startup) ? { symbol: (point: Point) => (point.startup ? 'square' : 'circle') } : {}),
      }),
      Plot.text(marked.filter((point) => Number.isFinite(point.y)), { x: 'x', y: 'y', text: 'symbol', fill: '#b35806', fontSize: 13, fontWeight: 'bold', title: 'tip' }),
      Plot.text(marked.filter((point) => !Number.isFinite(point.y)), { x: 'x', text: 'symbol', frameAnchor: 'top', dy: 8, fill: '#b35806', fontSize: 13, fontWeight: 'bold', title: 'tip' }),
      Plot.dot(
        points.filter((point) => point.order === bestOrder),
        { x: 'x', y: 'y', r: 9, stroke: '#1b7837', strokeWidth: 2.5, fill: 'none' },
      ),
      ...(labelled
        ? [Plot.text(placed, { x: 'x', y: 'y', text: (point: Point) => String(point.order), dx: 9, dy: -7, fontSize: 9, fill: '#555' })]
        : []),
    ],
  });
}

/**
 * Where the search proposed: for each pair of the most relevant numeric settings (searchSettings), a scatter
 * of the configurations; with one such setting, the metric against it. Null when no numeric setting varies.
 * The first `startup` configurations (a bayes search's quasirandom start) are squares, TPE's proposals circles.
 */
export function proposalsCharts(model: ReportModel, trials: readonly SearchTrial[], bestOrder: number | null, startup = 0): SafeHtml | null {
  const settings = searchSettings(model);
  if (settings.length === 0) return null;
  const pointsOf = (xOf: (trial: SearchTrial) => number, yOf: (trial: SearchTrial) => number): Point[] =>
    trials.map((trial) => ({
      order: trial.order,
      x: xOf(trial),
      y: yOf(trial),
      mean: trial.result.mean,
      symbol: trial.result.eligible ? '' : trial.result.status === 'finished' ? '?' : STATUS_SYMBOL[trial.result.status],
      startup: trial.order <= startup,
      tip: `${trial.order}${ordinalSuffix(trial.order)} tried${startup > 0 ? (trial.order <= startup ? ' (quasirandom startup)' : ' (proposed by TPE)') : ''} · ${trialTip(model, trial)}`,
    }));
  const valueOf = (setting: SearchSetting) => (trial: SearchTrial) => trial.result.configuration.values[setting.index] as number;
  if (settings.length === 1) {
    const [setting] = settings;
    // A configuration that cannot win has no mean to place: its symbol sits on the top edge at its setting.
    const means = trials.filter((trial) => trial.result.eligible).map((trial) => trial.result.mean);
    const points = pointsOf(valueOf(setting), (trial) => (trial.result.eligible ? trial.result.mean : NaN));
    const logY = spansDecades(means, LOG_AXIS_RATIO);
    const y: Plot.ScaleOptions = {
      label: `↑ mean final ${model.metric.name}${logY ? ' (log scale)' : ''}`,
      type: logY ? 'log' : 'linear',
      grid: true,
      ...(logY ? { tickFormat: LOG_TICK_FORMAT } : {}),
    };
    return html`<div class="panels">${scatter(model, 'search-proposals-1', points, axis(setting, '→'), y, bestOrder, true)}</div>`;
  }
  const pairs: [SearchSetting, SearchSetting][] = [];
  for (let i = 0; i < settings.length; i++) for (let j = i + 1; j < settings.length; j++) pairs.push([settings[i], settings[j]]);
  return html`<div class="panels">${pairs.map(([a, b], index) =>
    scatter(model, `search-proposals-${index + 1}`, pointsOf(valueOf(a), valueOf(b)), axis(a, '→'), axis(b, '↑'), bestOrder, index === 0),
  )}</div>`;
}
