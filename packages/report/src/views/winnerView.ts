import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, marginForLabels, renderPlot } from '../_plot.js';
import { formatNumber, formatPercent } from '../format.js';
import { section } from '../page.js';
import type { ConfigurationResult } from '../ranking.js';
import type { Configuration } from '../configurations.js';
import { labelWithinProblem, type ReportModel } from '../reportModel.js';
import { spansDecades } from '../statistics.js';
import { isDeterministic } from '../problems.js';
import { decideWinner, type Verdict } from '../winner.js';

export const WINNER_SECTION_ID = 'winner';

/** How many of the best configurations the interval chart shows. */
const SHOWN_CONFIGURATIONS = 12;

function describe(result: ConfigurationResult): string {
  const n = result.metricValues.length;
  if (n === 1) return `${formatNumber(result.mean)} (one replicate)`;
  return `${formatNumber(result.mean)} (mean of ${n}; replicates ${formatNumber(result.min)}–${formatNumber(result.max)})`;
}

function relativeLead(lead: number, runnerUp: ConfigurationResult): string {
  return runnerUp.mean !== 0 ? ` (${formatPercent(lead / Math.abs(runnerUp.mean))} of the runner-up's value)` : '';
}

/** The statement at the top of a report: which configuration won, and whether the lead exceeds seed noise. */
export function winnerStatement(
  verdict: Verdict,
  metricName: string,
  goal: 'minimize' | 'maximize',
  labelOf: (configuration: Configuration) => string = (configuration) => configuration.label,
): SafeHtml {
  const better = goal === 'minimize' ? 'lower is better' : 'higher is better';
  const metric = `final ${metricName}`;
  const excludedNote =
    verdict.excluded > 0
      ? html` ${verdict.excluded} configuration${verdict.excluded === 1 ? '' : 's'} had a replicate diverge or fail and cannot win.`
      : html``;
  switch (verdict.kind) {
    case 'no-eligible':
      return html`<p class="statement undecided">No configuration finished all of its replicates, so there is no winner.${excludedNote}</p>`;
    case 'only-one':
      return html`<p class="statement undecided">Only one configuration finished all of its replicates: <strong>${labelOf(verdict.best.configuration)}</strong>, ${metric} ${describe(verdict.best)}. There is nothing to compare it with.${excludedNote}</p>`;
    case 'single-replicate':
      return html`<p class="statement undecided"><strong>${labelOf(verdict.best.configuration)}</strong> has the best ${metric} (${better}): ${describe(verdict.best)}, ahead of ${labelOf(verdict.runnerUp.configuration)} at ${describe(verdict.runnerUp)} by ${formatNumber(verdict.lead)}. With a single replicate seed noise cannot be measured, so this is not a demonstrated win: add replicates.${excludedNote}</p>`;
    case 'within-noise':
      return html`<p class="statement within-noise">No clear winner: <strong>${labelOf(verdict.best.configuration)}</strong> has the best mean ${metric} (${better}), ${describe(verdict.best)}, but its lead of ${formatNumber(verdict.lead)} over ${labelOf(verdict.runnerUp.configuration)}, ${describe(verdict.runnerUp)}, is within seed noise: the replicate ranges overlap.${excludedNote}</p>`;
    case 'exact':
      return verdict.lead === 0
        ? html`<p class="statement exact"><strong>${labelOf(verdict.best.configuration)}</strong> and ${labelOf(verdict.runnerUp.configuration)} tie exactly: ${metric} ${formatNumber(verdict.best.mean)}. These runs involve no randomness (exact gradients from a fixed start), so replicates would repeat them.${excludedNote}</p>`
        : html`<p class="statement winner">Best: <strong>${labelOf(verdict.best.configuration)}</strong>, ${metric} ${formatNumber(verdict.best.mean)} (${better}), ahead of ${labelOf(verdict.runnerUp.configuration)} at ${formatNumber(verdict.runnerUp.mean)} by ${formatNumber(verdict.lead)}${relativeLead(verdict.lead, verdict.runnerUp)}. These runs involve no randomness (exact gradients from a fixed start), so replicates would repeat them: the lead is exact, not a sample.${excludedNote}</p>`;
    case 'winner':
      return html`<p class="statement winner">Winner: <strong>${labelOf(verdict.best.configuration)}</strong>, ${metric} ${describe(verdict.best)} (${better}). It beats the runner-up ${labelOf(verdict.runnerUp.configuration)}, ${describe(verdict.runnerUp)}, by ${formatNumber(verdict.lead)}${relativeLead(verdict.lead, verdict.runnerUp)}, beyond seed noise: the replicate ranges do not overlap (gap ${formatNumber(verdict.gap)}).${excludedNote}</p>`;
  }
}

function notEligibleText(result: ConfigurationResult): string {
  const n = result.configuration.runs.length;
  const parts: string[] = [];
  if (result.counts.diverged > 0) parts.push(`✕ ${result.counts.diverged}/${n} diverged`);
  if (result.counts.failed > 0) parts.push(`! ${result.counts.failed}/${n} failed`);
  return parts.length > 0 ? parts.join(', ') : 'no final metric';
}

function intervalChart(
  model: ReportModel,
  chartId: string,
  shown: ConfigurationResult[],
  winnerKey: string | null,
  labelOf: (configuration: Configuration) => string,
): SafeHtml {
  const labels = shown.map((result) => labelOf(result.configuration));
  const intervals = shown.filter((result) => result.metricValues.length > 0);
  const replicates = shown.flatMap((result) =>
    result.metricValues.map((value) => ({ label: labelOf(result.configuration), value })),
  );
  const logX = spansDecades(replicates.map((point) => point.value));
  const fillOf = (label: string) =>
    shown.find((result) => labelOf(result.configuration) === label)?.configuration.key === winnerKey ? 'winner' : 'other';
  return renderPlot(chartId, {
    width: 760,
    height: 40 + 24 * labels.length,
    marginLeft: marginForLabels(labels),
    marginRight: 140,
    x: {
      label: `final ${model.metric.name}${logX ? ' (log scale)' : ''} →`,
      type: logX ? 'log' : 'linear',
      grid: true,
      ...(logX ? { tickFormat: LOG_TICK_FORMAT } : {}),
    },
    y: { domain: labels, label: null },
    color: { domain: ['winner', 'other'], range: ['#1b7837', '#0072B2'] },
    marks: [
      Plot.ruleY(intervals, {
        y: (result: ConfigurationResult) => labelOf(result.configuration),
        x1: 'min',
        x2: 'max',
        stroke: '#999',
        strokeWidth: 6,
        strokeOpacity: 0.5,
      }),
      Plot.dot(replicates, { x: 'value', y: 'label', r: 3, fill: (point: { label: string }) => fillOf(point.label) }),
      // Configurations that cannot win say why, at the right edge of their row.
      Plot.text(
        shown.filter((result) => !result.eligible),
        {
          y: (result: ConfigurationResult) => labelOf(result.configuration),
          text: (result: ConfigurationResult) => notEligibleText(result),
          frameAnchor: 'right',
          textAnchor: 'start',
          dx: 10,
          fill: '#b35806',
        },
      ),
      Plot.tickX(intervals, {
        x: 'mean',
        y: (result: ConfigurationResult) => labelOf(result.configuration),
        stroke: 'currentColor',
        strokeWidth: 2,
      }),
    ],
  });
}

/** The verdict, the statement and the interval chart for some configurations (all, or one problem's). */
function winnerBlock(
  model: ReportModel,
  chartId: string,
  ranked: ConfigurationResult[],
  labelOf: (configuration: Configuration) => string,
): SafeHtml {
  const deterministic = ranked.length > 0 && ranked.every((result) => result.configuration.runs.every(isDeterministic));
  const verdict = decideWinner(ranked, { deterministic });
  const winnerKey = verdict.kind === 'winner' || (verdict.kind === 'exact' && verdict.lead > 0) ? verdict.best.configuration.key : null;
  const shown = ranked.slice(0, SHOWN_CONFIGURATIONS);
  const hidden = ranked.length - shown.length;
  return html`${winnerStatement(verdict, model.metric.name, model.metric.goal, labelOf)}
${intervalChart(model, chartId, shown, winnerKey, labelOf)}
${hidden > 0 ? html`<p class="note">Showing the ${shown.length} best of ${ranked.length} configurations; every run is in the table of runs.</p>` : html``}`;
}

export function winnerView(model: ReportModel): SafeHtml {
  // Different problems are different functions: a saddle's −0.5 does not beat a ravine's 0.01. Each
  // problem gets its own verdict.
  const perProblem = model.problems.length > 1;
  const body = perProblem
    ? model.problems.map((group, index) => {
        const keys = new Set(group.configurations.map((configuration) => configuration.key));
        const ranked = model.ranked.filter((result) => keys.has(result.configuration.key));
        return html`<h3>${group.name}</h3>
${winnerBlock(model, `winner-intervals-${index + 1}`, ranked, (configuration) => labelWithinProblem(model, configuration))}`;
      })
    : [winnerBlock(model, 'winner-intervals', model.ranked, (configuration) => configuration.label)];
  return section({
    id: WINNER_SECTION_ID,
    title: 'Which setting won',
    caption: `The best configurations by final ${model.metric.name}${
      perProblem ? ', within each problem (their values are not comparable across problems)' : ''
    }: dots are replicates, the grey bar their min–max range (the seed noise), the black tick their mean; the winner, when there is one, in green. A win needs ranges that do not overlap.`,
    body,
  });
}
