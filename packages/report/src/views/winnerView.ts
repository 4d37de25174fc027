import * as Plot from '@observablehq/plot';
import type { SweepInfo } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, marginForLabels, renderPlot } from '../_plot.js';
import type { Configuration } from '../configurations.js';
import { section } from '../page.js';
import { isPaired } from '../pairing.js';
import { isDeterministic } from '../problems.js';
import type { ConfigurationResult } from '../ranking.js';
import { drawnIndex, labelWithinProblem, type ReportModel } from '../reportModel.js';
import { spansDecades } from '../statistics.js';
import { STATUS_SYMBOL } from '../statusMarks.js';
import { decideWinner } from '../winner.js';
import { wordingFor } from './_verdictWording.js';
import { comparisonTable } from './comparisonTable.js';
import { winnerStatement } from './winnerStatement.js';

export const WINNER_SECTION_ID = 'winner';

/** How many of the best configurations the interval chart shows. */
const SHOWN_CONFIGURATIONS = 12;

function notEligibleText(result: ConfigurationResult): string {
  const n = result.configuration.runs.length;
  const parts: string[] = [];
  for (const status of ['diverged', 'failed', 'pruned'] as const) {
    if (result.counts[status] > 0) parts.push(`${STATUS_SYMBOL[status]} ${result.counts[status]}/${n} ${status}`);
  }
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

/**
 * The δ the sweeps declare, when every one of them declares the same (a comparison of sweeps that disagree,
 * or of which one declares none, falls back to the default rule, which none of them chose); null otherwise.
 */
function declaredDelta(sweeps: readonly SweepInfo[]): number | null {
  const declared = new Set(sweeps.map((sweep) => sweep.delta ?? null));
  const [only] = declared;
  return declared.size === 1 && only !== undefined ? only : null;
}

/** The verdict, the statement and the interval chart for some configurations (all, or one problem's). */
function winnerBlock(
  model: ReportModel,
  chartId: string,
  ranked: ConfigurationResult[],
  labelOf: (configuration: Configuration) => string,
): SafeHtml {
  const runs = ranked.flatMap((result) => result.configuration.runs);
  const verdict = decideWinner(ranked, {
    goal: model.metric.goal,
    seedName: model.sweeps.map((sweep) => sweep.name).join(', '),
    paired: isPaired(runs.map((run) => run.record)),
    deterministic: runs.length > 0 && runs.every(isDeterministic),
    delta: declaredDelta(model.sweeps),
  });
  const winnerKey = verdict.kind === 'won' || (verdict.kind === 'exact' && verdict.lead > 0) ? verdict.best.configuration.key : null;
  const decided = verdict.kind === 'won' || verdict.kind === 'equivalent' || verdict.kind === 'undecided';
  const shown = ranked.slice(0, SHOWN_CONFIGURATIONS);
  const hidden = ranked.length - shown.length;
  const pruned = ranked.filter((result) => !result.eligible && result.status === 'pruned').length;
  return html`${winnerStatement(verdict, model.metric.name, model.metric.goal, labelOf, pruned)}
${decided ? comparisonTable(verdict, wordingFor(model.metric.name, model.metric.goal, labelOf), (configuration) => drawnIndex(model, configuration)) : html``}
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
  // Grouped by a setting, the page's script draws each value's runs in place of the verdict (src/client/winnerGroups.ts);
  // over several problems a group would mix metrics of different functions, so the static view stays.
  const groupsMount = perProblem ? html`` : html`<div class="chart explore-winner" data-explore="winner-groups" hidden></div>`;
  return section({
    id: WINNER_SECTION_ID,
    title: 'Which setting is best',
    caption: `The best mean final ${model.metric.name}${
      perProblem ? ' within each problem (their values are not comparable across problems)' : ''
    }, compared with every other configuration whose replicates all finished; it is called the winner only when every comparison finds it better beyond seed noise. In the chart, dots are replicates, the grey bar their min–max range, the black tick their mean; the winner, when there is one, in green.`,
    body: html`${groupsMount}<div class="winner-static">${body}</div>`,
  });
}
