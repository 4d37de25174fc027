import * as Plot from '@observablehq/plot';
import type { EarlyTerminateInfo } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, renderPlot } from '../_plot.js';
import { formatCount, formatNumber, ordinalSuffix } from '../format.js';
import { note, section } from '../page.js';
import { drawnIndex, drawnModel, type ReportModel } from '../reportModel.js';
import type { ReportRun } from '../types.js';
import { searchOrder, searchProgress, type SearchSpend, type SearchTrial } from '../searchProgress.js';
import { spansDecades } from '../statistics.js';
import { STATUS_SYMBOL } from '../statusMarks.js';
import { MAX_ORDER_LABELS, proposalsCharts } from './_proposalsChart.js';
import { trialTip } from './_tips.js';

export const SEARCH_SECTION_ID = 'search';

const BEST_COLOUR = '#1b7837';
const TRIAL_COLOUR = '#0072B2';
const MARKED_COLOUR = '#b35806';
const PRUNED_COLOUR = '#5e3c99';

/**
 * A search chooses its configurations (random, quasirandom, bayes) or stops some early (`early_terminate:`):
 * then the order it tried them in and what it spent are part of the result. A plain grid tries everything at
 * full budget, in no meaningful order. One sweep only: the orders of several sweeps do not interleave.
 */
export function showsSearch(model: ReportModel): boolean {
  return !model.comparison && model.sweeps.some((sweep) => sweep.method !== 'grid' || sweep.earlyTerminate !== undefined);
}

/** A budget with its unit, singular for exactly one: '1 epoch', '27 epochs', '0.5 epochs'. */
export function budgetText(amount: number, unit: EarlyTerminateInfo['unit']): string {
  return `${formatNumber(amount)} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

/** 'hyperband (min budget 1 epoch, η 3, full budget 27 epochs)'. */
export function earlyTerminateText(info: EarlyTerminateInfo): string {
  return `${info.type.replace('_', ' ')} (min budget ${budgetText(info.minBudget, info.unit)}, η ${formatNumber(info.eta)}, full budget ${budgetText(info.fullBudget, info.unit)})`;
}

function metricAxis(model: ReportModel, values: readonly number[]): Plot.ScaleOptions {
  const log = spansDecades(values);
  return {
    label: `${model.metric.goal === 'minimize' ? '↓' : '↑'} best mean final ${model.metric.name} so far${log ? ' (log scale)' : ''}`,
    type: log ? 'log' : 'linear',
    grid: true,
    nice: true,
    // Plot's default format pads to the precision of the tick step, which for a flat best-so-far line (one
    // value, no step) reads '0.895000'; formatNumber writes it as a person would: '0.895'.
    tickFormat: log ? LOG_TICK_FORMAT : (value: number) => formatNumber(value),
  };
}

/** Best so far (step line) over the configurations in the order tried; dots: each configuration's own mean; symbols: those that cannot win. */
function byConfigurationChart(model: ReportModel, trials: readonly SearchTrial[]): SafeHtml {
  const tip = (trial: SearchTrial) => `${formatCount(trial.order)}${ordinalSuffix(trial.order)} tried · ${trialTip(model, trial)}`;
  const eligible = trials.filter((trial) => trial.result.eligible);
  const marked = trials.filter((trial) => !trial.result.eligible && isDrawn(model, trial));
  const best = trials.filter((trial) => Number.isFinite(trial.best));
  return renderPlot('search-best-by-configuration', {
    width: 540,
    height: 320,
    marginLeft: 60,
    marginTop: 28,
    x: { label: 'configurations tried, in the search’s order →', grid: true, domain: [0, trials.length + 0.5] },
    y: metricAxis(model, eligible.map((trial) => trial.result.mean)),
    marks: [
      Plot.dot(eligible.filter((trial) => isDrawn(model, trial)), { x: 'order', y: (trial: SearchTrial) => trial.result.mean, r: 3, fill: TRIAL_COLOUR, fillOpacity: 0.6, title: tip }),
      Plot.line(
        model.page === null ? best : stepCorners(best, (trial) => trial.best),
        { x: 'order', y: 'best', curve: 'step-after', stroke: BEST_COLOUR, strokeWidth: 2 },
      ),
      Plot.text(marked, {
        x: 'order',
        text: (trial: SearchTrial) => (trial.result.status === 'finished' ? '?' : STATUS_SYMBOL[trial.result.status]),
        frameAnchor: 'top',
        dy: 8,
        fill: MARKED_COLOUR,
        fontSize: 12,
        fontWeight: 'bold',
        title: tip,
      }),
    ],
  });
}

/** Best so far (step line) against the examples every run so far trained; ✂ on the bottom edge where a pruned run's examples were added. */
function byExamplesChart(model: ReportModel, spend: readonly SearchSpend[]): SafeHtml {
  const known = spend.filter((point) => Number.isFinite(point.best));
  const drawnRuns = new Set<ReportRun>(drawnModel(model).runs);
  return renderPlot('search-best-by-examples', {
    width: 540,
    height: 320,
    marginLeft: 60,
    marginTop: 28,
    x: { label: 'examples trained by the search so far →', grid: true, domain: [0, spend.length > 0 ? spend[spend.length - 1].examples : 1], tickFormat: (value: number) => formatCount(value) },
    y: metricAxis(model, known.map((point) => point.best)),
    marks: [
      Plot.line(model.page === null ? known : stepCorners(known, (point) => point.best), { x: 'examples', y: 'best', curve: 'step-after', stroke: BEST_COLOUR, strokeWidth: 2 }),
      // A dot where the best improved (the step line carries it between): a dot per run was 1,000 dots and tips
      // in a 1,000-run search, nearly all repeating the best before them.
      Plot.dot(improvements(known), {
        x: 'examples',
        y: 'best',
        r: 2.5,
        fill: BEST_COLOUR,
        title: (point: SearchSpend) => `new best after run ${point.run.record.runId} (${formatCount(point.examples)} examples): ${formatNumber(point.best)}`,
      }),
      Plot.text(
        spend.filter((point) => point.run.record.status === 'pruned' && drawnRuns.has(point.run)),
        {
          x: 'examples',
          text: () => STATUS_SYMBOL.pruned,
          frameAnchor: 'bottom',
          dy: -8,
          fill: PRUNED_COLOUR,
          fontSize: 11,
          title: (point: SearchSpend) => `run ${point.run.record.runId} pruned after ${formatCount(point.run.record.summary.examples)} examples`,
        },
      ),
    ],
  });
}

/**
 * A step line's corners: the points where its value changes, and the last (where it ends). Drawn 'step-after',
 * they trace the same line as every point: a 100,000-configuration search's line in a few dozen points.
 */
export function stepCorners<T>(points: readonly T[], valueOf: (point: T) => number): T[] {
  return points.filter((point, i) => i === 0 || i === points.length - 1 || valueOf(point) !== valueOf(points[i - 1]));
}

/** Whether the page draws a trial's configuration (every one, unless the sweep has more runs than a page shows). */
function isDrawn(model: ReportModel, trial: SearchTrial): boolean {
  return model.page === null || drawnIndex(model, trial.result.configuration) !== null;
}


/** The points where the best so far changed (the first one included). */
export function improvements(known: readonly SearchSpend[]): SearchSpend[] {
  return known.filter((point, i) => i === 0 || point.best !== known[i - 1].best);
}

export function searchView(model: ReportModel): SafeHtml {
  const [sweep] = model.sweeps;
  const ordered = searchOrder(model.runs, sweep.runIds);
  const { trials, spend } = searchProgress(ordered, model.ranked, model.metric.goal);
  const bestKey = model.ranked.find((result) => result.eligible)?.configuration.key;
  const best = trials.find((trial) => trial.result.configuration.key === bestKey) ?? null;
  const spent = spend.length > 0 ? spend[spend.length - 1].examples : 0;
  const pruned = ordered.filter((run) => run.record.status === 'pruned');
  const prunedExamples = pruned.reduce((total, run) => total + run.record.summary.examples, 0);
  // Stores written before SweepInfo kept `bayes` cannot tell the startup apart: then every configuration is a circle.
  const startup = sweep.method === 'bayes' ? (sweep.bayes?.startup ?? 0) : 0;
  const drawnTrials = trials.filter((trial) => isDrawn(model, trial));
  const proposals = proposalsCharts(model, drawnTrials, best?.order ?? null, startup);
  const startupNote =
    sweep.method !== 'bayes' ? ''
    : startup > 0 ? `: squares are its quasirandom startup (the first ${formatCount(Math.min(startup, trials.length))}), circles TPE’s proposals from the finished results`
    : ': the first ones are its quasirandom startup, the later ones TPE’s proposals from the finished results';
  const orderNote =
    drawnTrials.length <= MAX_ORDER_LABELS
      ? `Numbers give the order the search tried them in${startupNote}.`
      : `Later configurations are drawn larger (the order the search tried them in${startupNote}).`;
  const facts = html`<p>${sweep.method} search: ${formatCount(trials.length)} configurations tried in ${formatCount(ordered.length)} runs, ${formatCount(spent)} examples trained${
    pruned.length > 0 ? ` (${formatCount(prunedExamples)} of them by the ${formatCount(pruned.length)} pruned runs)` : ''
  }${sweep.earlyTerminate !== undefined ? html`; early termination: ${earlyTerminateText(sweep.earlyTerminate)}` : html``}.${
    best !== null ? html` The best configuration, <strong>${best.result.configuration.label}</strong>, was the ${formatCount(best.order)}${ordinalSuffix(best.order)} tried.` : html``
  }</p>`;
  return section({
    id: SEARCH_SECTION_ID,
    title: 'The search',
    caption: `How fast the search found its best ${model.metric.name}: the best mean over the configurations whose replicates all finished, against the configurations in the order the search tried them and against the examples it trained (the compute actually spent, pruned runs counting what they trained). Pruned (${STATUS_SYMBOL.pruned}), diverged (${STATUS_SYMBOL.diverged}) and failed (${STATUS_SYMBOL.failed}) configurations never improve it. A curve that flattens early says more runs would buy little.`,
    body: [
      facts,
      eligibleNote(trials),
      model.page === null
        ? html``
        : note(`The lines follow every configuration; the dots and symbols are the ${formatCount(drawnTrials.length)} configurations this page draws (see the note under the title).`),
      html`<div class="panels">${byConfigurationChart(model, trials)}${byExamplesChart(model, spend)}</div>`,
      html`<h3>Where the search proposed</h3>`,
      proposals === null
        ? note('No numeric setting varies, so there is no space to draw the proposals in.')
        : html`<p class="caption">Each dot is a configuration at its settings (the most related to ${model.metric.name} first, log axes where values span more than 1.5 decades), coloured by its mean final ${model.metric.name}; ${STATUS_SYMBOL.pruned}, ${STATUS_SYMBOL.diverged} and ${STATUS_SYMBOL.failed} mark configurations that cannot win, the green ring the best. ${orderNote} Look for proposals gathering where the colour is good.</p>
${proposals}`,
    ],
  });
}

function eligibleNote(trials: readonly SearchTrial[]): SafeHtml {
  return trials.some((trial) => trial.result.eligible) ? html`` : note('No configuration has finished all of its replicates yet, so there is no best so far.');
}
