import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, renderPlot } from '../_plot.js';
import { compareConfigValues, labelOver, type Configuration } from '../configurations.js';
import { section } from '../page.js';
import { drawnNote } from './_drawnNote.js';
import { MAX_COLOURED_SERIES } from '../palette.js';
import { isSampledContinuously, varies, type ReportModel } from '../reportModel.js';
import { spansDecades } from '../statistics.js';
import { STATUS_SYMBOL } from '../statusMarks.js';
import { seriesColour } from './_series.js';
import { runTip, runTitles } from './_tips.js';

export const LR_SENSITIVITY_SECTION_ID = 'lr-sensitivity';

const LR = 'optimizer.lr';
const BATCH = 'train.batch_size';

export function showsLrSensitivity(model: ReportModel): boolean {
  return varies(model, LR);
}

interface SeriesPoint {
  series: string;
  batch: string;
  lr: number;
  mean: number;
  min: number;
  max: number;
}

export function lrSensitivityView(model: ReportModel): SafeHtml {
  const lrIndex = model.varied.indexOf(LR);
  // A sampled lr (drawn from a range) is a scatter, not lines: every configuration has its own lr and its own
  // draw of the other settings, so a series per setting of the other keys would hold one point each (no line,
  // no band, and only the best MAX_COLOURED_SERIES shown). All configurations form one series in one panel
  // instead (panels per batch size would split a sparse scatter further), each replicate a dot at its actual
  // lr, so the whole search shows where the good learning rates lie.
  const sampled = isSampledContinuously(model, LR);
  // One panel per batch size when it varies (fewer lines per panel, and each panel compares like with like),
  // and a series per setting of the other keys that label configurations (keys that follow from them add nothing).
  const byBatch = !sampled && varies(model, BATCH) && model.labelKeys.length > 2;
  const batchIndex = model.varied.indexOf(BATCH);
  const batchOf = (configuration: Configuration) => (byBatch ? configuration.valueTexts[batchIndex] : '');
  const byBatchValue = (a: Configuration, b: Configuration) => compareConfigValues(a.values[batchIndex], b.values[batchIndex]);
  const batchDomain = byBatch ? [...new Set([...model.configurations].sort(byBatchValue).map(batchOf))] : [];
  const otherKeys = sampled ? [] : model.labelKeys.filter((key) => key !== LR && !(byBatch && key === BATCH));
  const seriesOf = (configuration: Configuration): string =>
    otherKeys.length === 0 ? 'all runs' : labelOver(model.varied, otherKeys, configuration);

  // A series is one setting of everything except lr; keep the series of the best configurations when too many.
  const seriesOrder: string[] = [];
  for (const result of model.ranked) {
    const series = seriesOf(result.configuration);
    if (!seriesOrder.includes(series)) seriesOrder.push(series);
  }
  const shownSeries = new Set(seriesOrder.slice(0, MAX_COLOURED_SERIES));
  // Colours follow the configurations' value order, like the other charts.
  const labels = [...new Set(model.configurations.map(seriesOf))].filter((s) => shownSeries.has(s));

  const points: SeriesPoint[] = [];
  const replicates: { series: string; batch: string; lr: number; value: number; tip: string }[] = [];
  const broken: { series: string; batch: string; lr: number; symbol: string; tip: string }[] = [];
  for (const configuration of model.configurations) {
    const series = seriesOf(configuration);
    const batch = batchOf(configuration);
    const lr = configuration.values[lrIndex];
    if (!shownSeries.has(series) || typeof lr !== 'number') continue;
    const result = model.resultByKey.get(configuration.key)!;
    if (result.metricValues.length > 0) points.push({ series, batch, lr, mean: result.mean, min: result.min, max: result.max });
    for (const run of configuration.runs) {
      const value = run.record.summary.finalMetric;
      const metric = { name: `final ${model.metric.name}`, value };
      if (run.record.status === 'finished' && Number.isFinite(value)) replicates.push({ series, batch, lr, value, tip: runTip(run, configuration.label, metric) });
      else if (run.record.status !== 'finished') broken.push({ series, batch, lr, symbol: STATUS_SYMBOL[run.record.status], tip: runTip(run, configuration.label, Number.isFinite(value) ? metric : null) });
    }
  }
  const logY = spansDecades(replicates.map((point) => point.value));
  const facet = byBatch ? { fx: 'batch' as const } : {};
  const chart = renderPlot('lr-sensitivity', {
    width: byBatch ? Math.max(760, 80 + 380 * batchDomain.length) : 760,
    height: 400,
    ...(byBatch ? { fx: { domain: batchDomain, label: 'batch size' } } : {}),
    marginLeft: 56,
    marginTop: 28,
    x: { type: 'log', label: 'learning rate α (log scale) →', tickFormat: LOG_TICK_FORMAT, grid: true },
    y: {
      label: `final ${model.metric.name}${logY ? ' (log scale)' : ''}`,
      type: logY ? 'log' : 'linear',
      grid: true,
      ...(logY ? { tickFormat: LOG_TICK_FORMAT } : {}),
    },
    color: seriesColour(labels),
    marks: [
      ...(sampled
        ? []
        : [
            Plot.areaY(points, { x: 'lr', y1: 'min', y2: 'max', z: 'series', fill: 'series', fillOpacity: 0.15, ...facet }),
            Plot.lineY(points, { x: 'lr', y: 'mean', z: 'series', stroke: 'series', strokeWidth: 1.6, title: 'series', ...facet }),
          ]),
      Plot.dot(replicates, { x: 'lr', y: 'value', stroke: 'series', r: 2.5, ...runTitles(replicates.length), ...facet }),
      // Runs without a final metric sit on the top edge, so a diverging learning rate stays visible.
      Plot.text(broken, { x: 'lr', text: 'symbol', fill: 'series', frameAnchor: 'top', dy: -10, fontSize: 13, fontWeight: 'bold', title: 'tip', ...facet }),
    ],
  });
  const hidden = seriesOrder.length - shownSeries.size;
  return section({
    id: LR_SENSITIVITY_SECTION_ID,
    title: 'Learning-rate sensitivity',
    caption: sampled
      ? `Final ${model.metric.name} against the learning rate (log axis) the search sampled: each dot is a replicate at its configuration's learning rate; the other settings were sampled too, so no line joins the dots. ✕ on the top edge = a replicate diverged, ! = failed, ✂ = pruned by early termination. Look for the range of learning rates where the good results gather, and where they fall off a cliff.`
      : `Final ${model.metric.name} against the learning rate (log axis) for each setting of the other keys${byBatch ? ', one panel per batch size' : ''}: line = mean, band = min–max across replicates, dots = replicates; ✕ on the top edge = a replicate diverged, ! = failed, ✂ = pruned by early termination. Look for the widest basin of good learning rates and where it falls off a cliff.`,
    body: [
      drawnNote(model),
      chart,
      hidden > 0
        ? html`<p class="note">Showing the ${shownSeries.size} best of ${seriesOrder.length} settings; every run is in the table of runs.</p>`
        : html``,
    ],
  });
}
