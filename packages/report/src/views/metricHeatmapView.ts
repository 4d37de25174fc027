import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { renderPlot } from '../_plot.js';
import {
  compareConfigValues,
  configurationLabel,
  formatConfigValue,
  type ConfigValue,
} from '../configurations.js';
import { formatNumber } from '../format.js';
import { section } from '../page.js';
import { MARKED_CELL_FILL, SEQUENTIAL_SCHEME } from '../palette.js';
import type { ConfigurationResult } from '../ranking.js';
import { varies, type ReportModel } from '../reportModel.js';
import { extent } from '../statistics.js';

export const METRIC_HEATMAP_SECTION_ID = 'metric-heatmap';

const LR = 'optimizer.lr';
const MOMENTUM = 'optimizer.momentum';
const BATCH = 'train.batch_size';

/** The heatmap needs both a varying learning rate and a varying momentum. */
export function showsMetricHeatmap(model: ReportModel): boolean {
  return varies(model, LR) && varies(model, MOMENTUM);
}

interface Cell {
  lr: string;
  momentum: string;
  batch: string;
  /** The other varied keys (and the sweep, in a comparison): one facet row each. */
  rest: string;
  status: ConfigurationResult['status'];
  mean: number;
  /** Text in the cell: the value, or the status symbol with how many replicates it hit. */
  text: string;
}

/** Sorted distinct values of one varied key, as text (the order of the numbers, not of the text). */
function domainOf(model: ReportModel, key: string): string[] {
  const index = model.varied.indexOf(key);
  const values: ConfigValue[] = [];
  for (const configuration of model.configurations) {
    const value = configuration.values[index];
    if (!values.some((known) => compareConfigValues(known, value) === 0)) values.push(value);
  }
  return values.sort(compareConfigValues).map(formatConfigValue);
}

/**
 * Colour thresholds for the mean metric: six bins, geometric when the values are positive and span a
 * decade or more (losses usually do), linear otherwise. Rounded to two significant digits for the legend.
 */
export function heatmapThresholds(values: readonly number[]): number[] {
  const [low, high] = extent(values);
  if (!(high > low)) return Number.isFinite(low) ? [low] : [0];
  const bins = 6;
  const geometric = low > 0 && high / low >= 10;
  const thresholds: number[] = [];
  for (let k = 1; k < bins; k++) {
    const t = geometric ? low * (high / low) ** (k / bins) : low + ((high - low) * k) / bins;
    const rounded = Number(t.toPrecision(2));
    if (!thresholds.includes(rounded)) thresholds.push(rounded);
  }
  return thresholds;
}

export function metricHeatmapView(model: ReportModel): SafeHtml {
  const lrIndex = model.varied.indexOf(LR);
  const momentumIndex = model.varied.indexOf(MOMENTUM);
  const batchIndex = model.varied.indexOf(BATCH);
  const restKeys = model.varied.filter((key) => key !== LR && key !== MOMENTUM && key !== BATCH);
  const restIndices = restKeys.map((key) => model.varied.indexOf(key));

  const cells: Cell[] = model.configurations.map((configuration) => {
    const result = model.resultByKey.get(configuration.key)!;
    const n = configuration.runs.length;
    const symbol = result.status === 'failed' ? '!' : '✕';
    const hit = result.status === 'failed' ? result.counts.failed : result.counts.diverged;
    return {
      lr: formatConfigValue(configuration.values[lrIndex]),
      momentum: formatConfigValue(configuration.values[momentumIndex]),
      batch: batchIndex >= 0 ? formatConfigValue(configuration.values[batchIndex]) : '',
      rest: configurationLabel(restKeys, restIndices.map((i) => configuration.values[i])),
      status: result.status,
      mean: result.mean,
      text: result.status === 'finished' ? formatNumber(result.mean, 3) : `${symbol} ${hit}/${n}`,
    };
  });
  const finished = cells.filter((cell) => cell.status === 'finished' && Number.isFinite(cell.mean));
  const marked = cells.filter((cell) => cell.status !== 'finished' || !Number.isFinite(cell.mean));

  const lrDomain = domainOf(model, LR);
  const momentumDomain = domainOf(model, MOMENTUM).reverse(); // largest momentum on top
  const batchDomain = batchIndex >= 0 ? domainOf(model, BATCH) : [];
  const restDomain = [...new Set(cells.map((cell) => cell.rest))];
  const facetColumns = Math.max(1, batchDomain.length);
  const facetRows = restKeys.length > 0 ? restDomain.length : 1;
  const cellWidth = 58;
  const cellHeight = 30;
  const facets = {
    ...(batchIndex >= 0 ? { fx: 'batch' as const } : {}),
    ...(restKeys.length > 0 ? { fy: 'rest' as const } : {}),
  };
  const better = model.metric.goal === 'minimize' ? 'lower is better' : 'higher is better';

  const chart = renderPlot('metric-heatmap', {
    width: Math.max(360, 70 + facetColumns * (lrDomain.length * cellWidth + 16) + (restKeys.length > 0 ? 160 : 0)),
    height: 90 + facetRows * (momentumDomain.length * cellHeight + 12),
    marginLeft: 70,
    marginRight: restKeys.length > 0 ? 160 : 20,
    x: { type: 'band', domain: lrDomain, label: 'learning rate α →' },
    y: { type: 'band', domain: momentumDomain, label: '↑ momentum ρ' },
    ...(batchIndex >= 0 ? { fx: { domain: batchDomain, label: 'batch size' } } : {}),
    ...(restKeys.length > 0 ? { fy: { domain: restDomain, label: null } } : {}),
    color: {
      type: 'threshold',
      domain: heatmapThresholds(finished.map((cell) => cell.mean)),
      scheme: SEQUENTIAL_SCHEME,
      legend: true,
      label: `mean final ${model.metric.name} (${better})`,
      tickFormat: (value: number) => formatNumber(value, 2),
    },
    marks: [
      Plot.cell(finished, { x: 'lr', y: 'momentum', ...facets, fill: 'mean', inset: 0.5 }),
      Plot.cell(marked, { x: 'lr', y: 'momentum', ...facets, fill: MARKED_CELL_FILL, stroke: '#888', inset: 1.5 }),
      Plot.text(cells, {
        x: 'lr',
        y: 'momentum',
        ...facets,
        text: 'text',
        fill: 'black',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        fontSize: 10,
      }),
    ],
  });
  const key = html`<div class="key" aria-label="Marked cells">
<span><span class="swatch">✕</span> diverged: k/n replicates blew up (non-finite or exploding loss)</span>
<span><span class="swatch">!</span> failed: k/n replicates stopped with an error (see the table of runs)</span>
</div>`;
  return section({
    id: METRIC_HEATMAP_SECTION_ID,
    title: 'Final metric over learning rate × momentum',
    caption: `Mean final ${model.metric.name} over replicates for each learning rate and momentum${
      batchIndex >= 0 ? ', one panel per batch size' : ''
    } (viridis, ${better}). Look for the region that works, and where too large a step makes training diverge (✕).`,
    body: [chart, key],
  });
}
