import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, renderPlot } from '../_plot.js';
import { compareConfigValues, formatConfigValue, type Configuration, type ConfigValue } from '../configurations.js';
import { hasWallTimes } from '../curves.js';
import { section } from '../page.js';
import { varies, type ReportModel } from '../reportModel.js';
import { mean, spansDecades } from '../statistics.js';
import { curveRows, lossChart } from './learningCurvesView.js';
import { seriesColour } from './_series.js';

export const BATCH_SIZE_SECTION_ID = 'batch-size';

const BATCH = 'train.batch_size';

export function showsBatchSize(model: ReportModel): boolean {
  return varies(model, BATCH);
}

export function batchSizeView(model: ReportModel): SafeHtml {
  const batchIndex = model.varied.indexOf(BATCH);
  const batches: ConfigValue[] = [];
  for (const configuration of model.configurations) {
    const value = configuration.values[batchIndex];
    if (!batches.some((known) => compareConfigValues(known, value) === 0)) batches.push(value);
  }
  batches.sort(compareConfigValues);
  const batchLabel = (value: ConfigValue) => `batch ${formatConfigValue(value)}`;
  const labels = batches.map(batchLabel);

  // Per batch size, its best configuration by the sweep metric: the fair comparison when lr etc. also vary.
  const bestPerBatch: { label: string; configuration: Configuration }[] = [];
  for (const batch of batches) {
    const best = model.ranked.find(
      (result) => compareConfigValues(result.configuration.values[batchIndex], batch) === 0,
    );
    if (best !== undefined) bestPerBatch.push({ label: batchLabel(batch), configuration: best.configuration });
  }
  const examplesChart = lossChart('batch-size-examples', curveRows(bestPerBatch, 'examples'), labels, 'examples');
  const wallChart = hasWallTimes(bestPerBatch.flatMap((entry) => entry.configuration.runs))
    ? lossChart('batch-size-wall', curveRows(bestPerBatch, 'wall'), labels, 'wall')
    : html`<p class="note">No wall times: the runs' meta files were not found.</p>`;

  const noise = model.configurations.flatMap((configuration) =>
    configuration.runs
      .filter((run) => run.record.status === 'finished' && Number.isFinite(run.record.summary.lossNoise))
      .map((run) => ({ batch: batchLabel(configuration.values[batchIndex]), noise: run.record.summary.lossNoise })),
  );
  const meanNoise = labels
    .map((batch) => ({ batch, noise: mean(noise.filter((point) => point.batch === batch).map((point) => point.noise)) }))
    .filter((point) => Number.isFinite(point.noise));
  const logY = spansDecades(noise.map((point) => point.noise));
  const noiseChart = renderPlot('batch-size-noise', {
    width: Math.max(320, 120 + 90 * labels.length),
    height: 320,
    marginLeft: 64,
    x: { domain: labels, label: null },
    y: {
      label: `↑ loss oscillation: sd of step-to-step change${logY ? ' (log scale)' : ''}`,
      type: logY ? 'log' : 'linear',
      grid: true,
      ...(logY ? { tickFormat: LOG_TICK_FORMAT } : {}),
    },
    color: seriesColour(labels, false),
    marks: [
      Plot.dot(noise, { x: 'batch', y: 'noise', stroke: 'batch', r: 3, opacity: 0.8 }),
      Plot.tickY(meanNoise, { x: 'batch', y: 'noise', stroke: 'batch', strokeWidth: 3 }),
    ],
  });
  return section({
    id: BATCH_SIZE_SECTION_ID,
    title: 'Batch size',
    caption:
      'Full-batch gradient descent vs mini-batch vs SGD: each batch size\'s best configuration against examples seen (the fair axis: the same data budget) and against wall time, then how much the training loss oscillates. Look for small batches that learn more per example but oscillate more.',
    body: [
      html`<h3>Loss against examples seen (best configuration per batch size)</h3>`,
      examplesChart,
      html`<h3>Loss against wall time</h3>`,
      wallChart,
      html`<h3>Oscillation of the training loss</h3><p class="caption">Dots = runs (summary.lossNoise: standard deviation of the step-to-step change of the logged loss over the last half of the run), thick tick = mean per batch size.</p>`,
      noiseChart,
    ],
  });
}
