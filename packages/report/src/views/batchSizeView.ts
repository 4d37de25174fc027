import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, renderPlot } from '../_plot.js';
import { compareConfigValues, formatConfigValue, type Configuration, type ConfigValue } from '../configurations.js';
import { availableAxes, CURVE_AXIS_LABELS, type CurveAxis, type CurveQuantity } from '../curves.js';
import { section } from '../page.js';
import { varies, type ReportModel } from '../reportModel.js';
import { mean, spansDecades } from '../statistics.js';
import { curveChart } from './_curveChart.js';
import { seriesColour, seriesKey } from './_series.js';
import { runTip, runTitles } from './_tips.js';
import { OKABE_ITO } from '../palette.js';

export const BATCH_SIZE_SECTION_ID = 'batch-size';

const BATCH = 'train.batch_size';

export function showsBatchSize(model: ReportModel): boolean {
  return varies(model, BATCH);
}

const batchLabel = (value: ConfigValue) => `batch ${formatConfigValue(value)}`;

/** The batch sizes in value order, each labelled. */
function batchSizes(model: ReportModel): { value: ConfigValue; label: string }[] {
  const batchIndex = model.varied.indexOf(BATCH);
  const batches: ConfigValue[] = [];
  for (const configuration of model.configurations) {
    const value = configuration.values[batchIndex];
    if (!batches.some((known) => compareConfigValues(known, value) === 0)) batches.push(value);
  }
  return batches.sort(compareConfigValues).map((value) => ({ value, label: batchLabel(value) }));
}

/** Per batch size, its best configuration by the sweep metric: the fair comparison when lr etc. also vary. */
export function bestPerBatchSize(model: ReportModel): { label: string; configuration: Configuration }[] {
  const batchIndex = model.varied.indexOf(BATCH);
  return batchSizes(model).flatMap(({ value, label }) => {
    const best = model.ranked.find((result) => compareConfigValues(result.configuration.values[batchIndex], value) === 0);
    return best === undefined ? [] : [{ label, configuration: best.configuration }];
  });
}

export function batchSizeView(model: ReportModel): SafeHtml {
  const batchIndex = model.varied.indexOf(BATCH);
  const labels = batchSizes(model).map(({ label }) => label);
  const series = bestPerBatchSize(model);
  const runs = series.flatMap((entry) => entry.configuration.runs);
  const chart = (axis: CurveAxis, quantity: CurveQuantity, yLabel: string) =>
    availableAxes(runs, quantity).includes(axis)
      ? curveChart({
          chartId: `batch-size-${quantity.replace('_', '-')}-${axis}`,
          series,
          labels,
          axis,
          quantity,
          yLabel,
          better: 'down',
          width: 560,
          height: 320,
          legend: false,
        })
      : html`<p class="note">Nothing to draw against ${CURVE_AXIS_LABELS[axis]}${axis === 'wall' ? ": the runs' meta files were not found" : ''}.</p>`;
  const objective = runs.some((run) => run.record.config.problem.kind === 'dataset') ? 'training loss (whole training set)' : 'loss f(x, y)';
  // One replicate per batch size: a mean over replicates would average away the very noise shown here.
  const firstReplicates = series.map(({ label, configuration }) => ({
    label,
    configuration: { ...configuration, runs: configuration.runs.slice(0, 1) },
  }));
  const batchLoss = availableAxes(runs, 'batch_loss').includes('examples')
    ? curveChart({
        chartId: 'batch-size-batch-loss',
        series: firstReplicates,
        labels,
        axis: 'examples',
        quantity: 'batch_loss',
        yLabel: 'mini-batch loss as logged',
        better: 'down',
        height: 320,
        legend: false,
      })
    : html``;

  const finishedRuns = model.configurations.flatMap((configuration) =>
    configuration.runs
      .filter((run) => run.record.status === 'finished')
      .map((run) => ({ batch: batchLabel(configuration.values[batchIndex]), run, label: configuration.label })),
  );
  // The runner measures the oscillation in log10 when every loss is positive (always, on datasets).
  const scaleFree = finishedRuns.every(({ run }) => run.record.config.problem.kind === 'dataset');
  const noise = finishedRuns
    .filter(({ run }) => Number.isFinite(run.record.summary.lossNoise))
    .map(({ batch, run, label }) => ({ batch, noise: run.record.summary.lossNoise, tip: runTip(run, label, { name: 'loss noise', value: run.record.summary.lossNoise }) }));
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
      label: `↑ ${scaleFree ? 'sd of step-to-step change of log10(mini-batch loss)' : 'sd of step-to-step change of the mini-batch loss'}${logY ? ' (log scale)' : ''}`,
      type: logY ? 'log' : 'linear',
      grid: true,
      ...(logY ? { tickFormat: LOG_TICK_FORMAT } : {}),
    },
    color: seriesColour(labels, false),
    marks: [
      // One mark per batch size, its colour constant: written once on the mark's group, not on each of a thousand
      // dots (17 KB). The batch sizes sit apart on x, so drawing them mark by mark hides nothing.
      ...labels.map((batch, i) =>
        Plot.dot(noise.filter((point) => point.batch === batch), { x: 'batch', y: 'noise', stroke: OKABE_ITO[i % OKABE_ITO.length], r: 3, strokeOpacity: 0.8, ...runTitles(noise.length) }),
      ),
      Plot.tickY(meanNoise, { x: 'batch', y: 'noise', stroke: 'batch', strokeWidth: 3 }),
    ],
  });
  return section({
    id: BATCH_SIZE_SECTION_ID,
    title: 'Batch size',
    caption:
      'Full-batch gradient descent vs mini-batch vs SGD: each batch size\'s best configuration against examples seen (the fair axis: the same data budget) and against wall time, then how much the training loss oscillates. Look for small batches that learn more per example but oscillate more.',
    body: [
      html`<h3>Loss against examples seen and against wall time, each batch size's best configuration</h3>`,
      seriesKey(labels),
      html`<div class="panels">${chart('examples', 'loss', objective)}${chart('wall', 'loss', objective)}</div>`,
      html`<h3>Oscillation: the mini-batch loss as logged</h3><p class="caption">The loss of each step's own mini-batch, before its update, for one replicate of each batch size's best configuration: the noise a small batch puts into every step.</p>`,
      batchLoss,
      scaleFree
        ? html`<p class="caption">How much the mini-batch loss jumps from one logged step to the next over the last half of each run, in decades: sd(log10(ℓ<sub>t+1</sub> / ℓ<sub>t</sub>)), so a run that reached a lower loss is not mistaken for a calmer one (0.3 ≈ jumps by a factor of 2). Dots = runs, thick tick = mean per batch size.</p>`
        : html`<p class="caption">Dots = runs (summary.lossNoise: standard deviation of the step-to-step change of the logged loss over the last half of the run; landscape losses can be ≤ 0, so it is not measured in log10), thick tick = mean per batch size.</p>`,
      noiseChart,
    ],
  });
}
