import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { renderPlot, tagEachElement } from '../_plot.js';
import { CONFIGURATION_ATTRIBUTE } from '../client/exploreData.js';
import { compareConfigValues, labelOver, type ConfigValue } from '../configurations.js';
import { formatNumber } from '../format.js';
import { section } from '../page.js';
import { MARKED_CELL_FILL, SEQUENTIAL_SCHEME } from '../palette.js';
import type { ConfigurationResult } from '../ranking.js';
import { drawnIndex, isSampledContinuously, varies, type ReportModel } from '../reportModel.js';
import { extent } from '../statistics.js';
import { STATUS_SYMBOL } from '../statusMarks.js';

export const METRIC_HEATMAP_SECTION_ID = 'metric-heatmap';

const LR = 'optimizer.lr';
const MOMENTUM = 'optimizer.momentum';
const BATCH = 'train.batch_size';

/**
 * The heatmap needs both a varying learning rate and a varying momentum, each taking values from a list.
 * When either was drawn from a range (a sampled search), every configuration gets a column or row of its
 * own and the heatmap is a diagonal of one-off cells with unreadable axes. It is left out then rather than
 * redrawn as a scatter: the search view's proposals charts already draw the configurations at their actual
 * values, on log axes where fitting, in the same colours, and the learning-rate sensitivity view draws
 * the metric against the sampled lr.
 */
export function showsMetricHeatmap(model: ReportModel): boolean {
  return varies(model, LR) && varies(model, MOMENTUM) && !isSampledContinuously(model, LR) && !isSampledContinuously(model, MOMENTUM);
}

interface Cell {
  /** Its configuration's index in the page's data island (`drawnIndex`), or null when the page does not draw it. */
  configuration: number | null;
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

/** Sorted distinct values of one varied key, as labels show them (the order of the numbers, not of the text). */
function domainOf(model: ReportModel, key: string): string[] {
  const index = model.varied.indexOf(key);
  const values: { value: ConfigValue; text: string }[] = [];
  for (const configuration of model.configurations) {
    const value = configuration.values[index];
    if (!values.some((known) => compareConfigValues(known.value, value) === 0)) values.push({ value, text: configuration.valueTexts[index] });
  }
  return values.sort((a, b) => compareConfigValues(a.value, b.value)).map(({ text }) => text);
}

/** The q-quantile of sorted values by linear interpolation: x[(n−1)q] between neighbours (R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export interface HeatmapScale {
  /** Threshold-scale bin edges over the cells inside the fences. */
  thresholds: number[];
  /** Values outside [low, high] are beyond the colour scale: they take its end colour and are outlined. */
  low: number;
  high: number;
  /** The fences were computed on log10 of the values (positive values spanning a decade or more). */
  logFences: boolean;
}

/**
 * The colour scale of the heatmap. One bad cell (a loss of 2.6 among losses of 0.1–0.5) would otherwise
 * spend five of six colours on the gap and paint every good cell alike. Cells beyond Tukey's fences,
 * [Q1 − 1.5·IQR, Q3 + 1.5·IQR] (in log10 when geometric), stay out of the colour domain.
 * Six bins over the rest, geometric when the values are positive and span a decade or more (losses
 * usually do), linear otherwise, rounded to two significant digits for the legend.
 */
export function heatmapScale(values: readonly number[]): HeatmapScale {
  const finite = values.filter(Number.isFinite);
  const [min, max] = extent(finite);
  const geometric = min > 0 && max / min >= 10;
  const toScale = (value: number) => (geometric ? Math.log10(value) : value);
  const sorted = finite.map(toScale).sort((a, b) => a - b);
  let low = min;
  let high = max;
  if (sorted.length >= 4) {
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const spread = 1.5 * (q3 - q1);
    const inside = finite.filter((value) => toScale(value) >= q1 - spread && toScale(value) <= q3 + spread);
    [low, high] = extent(inside);
  }
  return { thresholds: heatmapThresholds([low, high]), low, high, logFences: geometric };
}

/**
 * Colour thresholds for the mean metric: six bins, geometric when the values are positive and span a
 * decade or more, linear otherwise: t_k = low·(high/low)^(k/6) or low + (high − low)·k/6, k = 1..5.
 * Rounded to two significant digits for the legend.
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

/** Viridis is dark at its low end: cells in the lower half of the bins take white text, the others black. */
function onDarkCell(value: number, thresholds: readonly number[]): boolean {
  const bin = thresholds.filter((threshold) => value >= threshold).length;
  return bin < (thresholds.length + 1) / 2;
}

export function metricHeatmapView(model: ReportModel): SafeHtml {
  const lrIndex = model.varied.indexOf(LR);
  const momentumIndex = model.varied.indexOf(MOMENTUM);
  const byBatch = varies(model, BATCH);
  const batchIndex = byBatch ? model.varied.indexOf(BATCH) : -1;
  // Every other key that labels a configuration becomes a facet row; keys that only follow from others do not.
  const restKeys = model.labelKeys.filter((key) => key !== LR && key !== MOMENTUM && key !== BATCH);

  const cells: Cell[] = model.configurations.map((configuration) => {
    const result = model.resultByKey.get(configuration.key)!;
    const n = configuration.runs.length;
    const symbol = result.status === 'finished' ? '' : STATUS_SYMBOL[result.status];
    const hit = result.status === 'finished' ? 0 : result.counts[result.status];
    return {
      configuration: drawnIndex(model, configuration),
      lr: configuration.valueTexts[lrIndex],
      momentum: configuration.valueTexts[momentumIndex],
      batch: batchIndex >= 0 ? configuration.valueTexts[batchIndex] : '',
      rest: labelOver(model.varied, restKeys, configuration),
      status: result.status,
      mean: result.mean,
      text: result.status === 'finished' ? formatNumber(result.mean, 3) : `${symbol} ${hit}/${n}`,
    };
  });
  const finished = cells.filter((cell) => cell.status === 'finished' && Number.isFinite(cell.mean));
  const marked = cells.filter((cell) => cell.status !== 'finished' || !Number.isFinite(cell.mean));
  const scale = heatmapScale(finished.map((cell) => cell.mean));
  const beyond = finished.filter((cell) => cell.mean < scale.low || cell.mean > scale.high);
  const darkText = finished.filter((cell) => !onDarkCell(cell.mean, scale.thresholds));
  const lightText = finished.filter((cell) => onDarkCell(cell.mean, scale.thresholds));

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

  const darkOrMarkedText = [...darkText, ...marked];
  // Every cell, outline and value names its configuration, so the page's script can dim the cells outside the
  // selection and pick a configuration by a click on its cell (src/client/heatmap.ts).
  const tagged = (drawn: readonly Cell[]) => tagEachElement(CONFIGURATION_ATTRIBUTE, (i) => {
    const index = drawn[i].configuration;
    return index === null ? null : String(index);
  });
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
      domain: scale.thresholds,
      scheme: SEQUENTIAL_SCHEME,
      legend: true,
      label: `mean final ${model.metric.name} (${better})`,
      tickFormat: (value: number) => formatNumber(value, 2),
    },
    marks: [
      Plot.cell(finished, { x: 'lr', y: 'momentum', ...facets, fill: 'mean', inset: 0.5, render: tagged(finished) }),
      Plot.cell(marked, { x: 'lr', y: 'momentum', ...facets, fill: MARKED_CELL_FILL, stroke: '#888', inset: 1.5, render: tagged(marked) }),
      // Cells beyond the colour scale share its end colour: a thick outline says their value is off the scale.
      Plot.cell(beyond, { x: 'lr', y: 'momentum', ...facets, fill: 'none', stroke: '#d55e00', strokeWidth: 3, inset: 2, render: tagged(beyond) }),
      Plot.text(lightText, { x: 'lr', y: 'momentum', ...facets, text: 'text', fill: 'white', fontSize: 11, render: tagged(lightText) }),
      Plot.text(darkOrMarkedText, { x: 'lr', y: 'momentum', ...facets, text: 'text', fill: 'black', fontSize: 11, render: tagged(darkOrMarkedText) }),
    ],
  });
  const key = html`<div class="key" aria-label="Marked cells">
<span><span class="swatch">✕</span> diverged: k/n replicates blew up (non-finite or exploding loss)</span>
<span><span class="swatch">!</span> failed: k/n replicates stopped with an error (see the table of runs)</span>
${marked.some((cell) => cell.status === 'pruned')
  ? html`<span><span class="swatch">${STATUS_SYMBOL.pruned}</span> pruned: early termination stopped k/n replicates at a rung (see the pruning ledger); not comparable with full runs</span>`
  : html``}
${beyond.length > 0
  ? html`<span><span class="swatch beyond"></span> beyond the colour scale: ${beyond.length === 1 ? 'a cell' : `${beyond.length} cells`} far from the rest (outside Tukey's fences, 1.5 × the interquartile range${scale.logFences ? ' of log10' : ''}), coloured as the scale's end; read the value</span>`
  : html``}
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
