import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, marginForLabels, renderPlot } from '../_plot.js';
import { smallestRankTestPValue, type Decision } from '@descent/stats';
import { formatCount, formatNumber, formatPercent } from '../format.js';
import { section } from '../page.js';
import type { ConfigurationResult } from '../ranking.js';
import type { Configuration } from '../configurations.js';
import { labelWithinProblem, type ReportModel } from '../reportModel.js';
import { spansDecades } from '../statistics.js';
import { isPaired } from '../pairing.js';
import { isDeterministic } from '../problems.js';
import { decideWinner, type DecidedVerdict, type EquivalenceMargin, type LeaderComparison, type WinnerVerdict } from '../winner.js';

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

/** How a statement names things: a configuration's label, the metric, and which way is better. */
interface Wording {
  labelOf: (configuration: Configuration) => string;
  /** 'final test_loss' */
  metric: string;
  /** '(lower is better)' */
  better: string;
  /** 'lower' when minimizing: the leader's metric is lower by the effect. */
  ahead: string;
}

function wordingFor(metricName: string, goal: 'minimize' | 'maximize', labelOf: (configuration: Configuration) => string): Wording {
  return {
    labelOf,
    metric: `final ${metricName}`,
    better: goal === 'minimize' ? '(lower is better)' : '(higher is better)',
    ahead: goal === 'minimize' ? 'lower' : 'higher',
  };
}

/** "0.0031 to 0.0068": the confidence interval of the effect. */
function intervalText({ comparison }: Decision): string {
  return `${formatNumber(comparison.interval.low)} to ${formatNumber(comparison.interval.high)}`;
}

/** "95%": the confidence level of a comparison's interval. */
function confidenceOf({ comparison }: Decision): string {
  return formatPercent(comparison.bootstrap.confidence);
}

/** "0.0049 (95% CI 0.0031 to 0.0068)": the effect, positive when the leader is better, and its interval. */
function effectWithInterval(decision: Decision): string {
  return `${formatNumber(decision.comparison.effect)} (${confidenceOf(decision)} CI ${intervalText(decision)})`;
}

function marginText(margin: EquivalenceMargin, metric: string): string {
  return `±δ = ${formatNumber(margin.delta)} (${formatPercent(margin.fraction)} of the ${margin.spread} of ${metric} over the ${margin.runs} finished runs)`;
}

/** "lr=0.1, lr=0.3 and lr=1": at most `shown` names, then "and N more". */
function listOf(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

function configurations(count: number): string {
  return `${count} configuration${count === 1 ? '' : 's'}`;
}

/** "about 9 replicates per configuration would decide it (the sweep has 3)", or why no number would. */
function replicatesToDecide(decision: Decision, replicates: number): string {
  const needed = decision.replicatesNeeded;
  return needed === undefined
    ? `no number of replicates would probably decide it: the difference is too small for its spread, yet not inside ±δ`
    : `about ${formatCount(needed.replicates)} replicates per configuration would decide it (the sweep has ${replicates})`;
}

/** The smallest Holm-adjusted p-value a comparison's rank test could reach with its replicates, among m comparisons. */
function adjustedPFloor(decision: Decision, comparisons: number): number {
  const { sizes, paired } = decision.comparison;
  return Math.min(1, comparisons * smallestRankTestPValue(Math.min(sizes.a, sizes.b), paired));
}

/**
 * Why an open comparison is open: its interval includes 0, or the rank test's adjusted p is above α (and,
 * when that is all the replicates allow, says so: with few replicates no result could reach α after Holm).
 */
function whyOpen(decision: Decision, verdict: DecidedVerdict): string {
  const { comparison, adjustedPValue } = decision;
  const p = formatNumber(adjustedPValue, 2);
  if (comparison.interval.low <= 0) return `an interval that includes 0 (Holm-adjusted p = ${p})`;
  const m = verdict.comparisons.length;
  const floor = adjustedPFloor(decision, m);
  const cannot =
    floor > verdict.alpha
      ? ` (with ${Math.min(comparison.sizes.a, comparison.sizes.b)} replicates per configuration${m > 1 ? ` and ${m} comparisons` : ''} it cannot fall below ${formatNumber(floor, 2)})`
      : '';
  return `but the rank test's Holm-adjusted p = ${p} is above ${formatNumber(verdict.alpha)}${cannot}`;
}

/** The statement of a leader compared with every other eligible configuration. Never calls an open lead a win. */
function decidedStatement(verdict: DecidedVerdict, wording: Wording, excludedNote: SafeHtml): SafeHtml {
  const { best, comparisons } = verdict;
  const { labelOf, metric, better, ahead } = wording;
  const leader = labelOf(best.configuration);
  const replicates = best.metricValues.length;
  const withVerdict = (wanted: Decision['verdict'][]) => comparisons.filter(({ decision }) => wanted.includes(decision.verdict));
  const names = (rows: LeaderComparison[]) => listOf(rows.map(({ other }) => labelOf(other.configuration)));
  const betterThan = withVerdict(['better']);
  const equivalent = withVerdict(['equivalent']);
  // `worse` cannot really happen to the best mean, but if an interval said so, the lead is not settled either.
  const open = withVerdict(['undecided', 'worse']);
  const against = ({ other, decision }: LeaderComparison) =>
    `against ${labelOf(other.configuration)}, ${describe(other)}, its ${metric} is ${ahead} by ${effectWithInterval(decision)}`;
  switch (verdict.kind) {
    case 'won': {
      const [runnerUp] = comparisons;
      const { effect } = runnerUp.decision.comparison;
      const share = runnerUp.other.mean !== 0 ? `${formatPercent(effect / Math.abs(runnerUp.other.mean))} of the runner-up's value; ` : '';
      return html`<p class="statement winner">Winner: <strong>${leader}</strong>, ${metric} ${describe(best)} ${better}. It is better than ${
        comparisons.length === 1 ? 'the other configuration' : `each of the other ${comparisons.length} configurations`
      } (${confidenceOf(runnerUp.decision)} intervals above 0, Holm-adjusted p ≤ ${formatNumber(verdict.alpha)}). Against the runner-up ${labelOf(
        runnerUp.other.configuration,
      )}, ${describe(runnerUp.other)}, its ${metric} is ${ahead} by ${formatNumber(effect)} (${share}${confidenceOf(runnerUp.decision)} CI ${intervalText(
        runnerUp.decision,
      )}).${excludedNote}</p>`;
    }
    case 'equivalent': {
      const [closestBeaten] = betterThan;
      const beaten =
        closestBeaten === undefined
          ? ''
          : betterThan.length === 1
            ? ` It is better than the remaining configuration: ${against(closestBeaten)}.`
            : ` It is better than the remaining ${betterThan.length} configurations; the closest of them: ${against(closestBeaten)}.`;
      return html`<p class="statement equivalent">Equivalent: <strong>${leader}</strong> has the best mean ${metric} ${better}, ${describe(best)}, but ${names(equivalent)} ${
        equivalent.length === 1 ? 'is' : 'are'
      } equivalent to it: the interval of ${equivalent.length === 1 ? 'the' : 'each'} difference lies within ${marginText(
        verdict.margin,
        metric,
      )}, too small to matter.${beaten}${excludedNote}</p>`;
    }
    case 'undecided': {
      const [first, ...rest] = open;
      const m = comparisons.length;
      const neededForAll = open.every(({ decision }) => decision.replicatesNeeded !== undefined)
        ? Math.max(...open.map(({ decision }) => decision.replicatesNeeded!.replicates))
        : undefined;
      const settled = [
        ...(betterThan.length > 0 ? [`better than ${configurations(betterThan.length)}`] : []),
        ...(equivalent.length > 0 ? [`equivalent to ${names(equivalent)} within ${marginText(verdict.margin, metric)}`] : []),
      ];
      const settledText = settled.length > 0 ? ` It is ${settled.join(' and ')}.` : '';
      const opening = html`Undecided: <strong>${leader}</strong> has the best mean ${metric} ${better}, ${describe(best)}, but`;
      // With few replicates and many comparisons no rank test can reach α after Holm: say that first, it is the whole story.
      if (comparisons.every(({ decision }) => adjustedPFloor(decision, m) > verdict.alpha)) {
        const all =
          rest.length === 0 || neededForAll === undefined
            ? ''
            : ` About ${formatCount(neededForAll)} replicates per configuration would decide all ${open.length} open comparisons if the differences and their spread stay as observed (replicates: ${neededForAll} in the sweep file).`;
        return html`<p class="statement undecided">${opening} its lead cannot be established from these runs: with ${replicates} ${
          verdict.paired ? 'paired' : 'independent'
        } replicates per configuration${m > 1 ? ` and ${m} comparisons` : ''}, no rank test can reach a Holm-adjusted p ≤ ${formatNumber(
          verdict.alpha,
        )}. The closest comparison: ${against(first)}; ${replicatesToDecide(first.decision, replicates)}.${all}${settledText}${excludedNote}</p>`;
      }
      const moreOpen =
        rest.length === 0
          ? ''
          : ` ${rest.length} more comparison${rest.length === 1 ? ' is' : 's are'} open too (${names(rest)})${
              neededForAll === undefined ? '' : `; about ${formatCount(neededForAll)} replicates per configuration would decide them all`
            }.`;
      return html`<p class="statement undecided">${opening} its lead is not established: ${against(first)}, ${whyOpen(
        first.decision,
        verdict,
      )}; ${replicatesToDecide(first.decision, replicates)}.${moreOpen}${settledText}${excludedNote}</p>`;
    }
  }
}

/** The statement at the top of a report: which configuration leads, and what the comparisons with it decide. */
export function winnerStatement(
  verdict: WinnerVerdict,
  metricName: string,
  goal: 'minimize' | 'maximize',
  labelOf: (configuration: Configuration) => string = (configuration) => configuration.label,
): SafeHtml {
  const wording = wordingFor(metricName, goal, labelOf);
  const { metric, better } = wording;
  const excludedNote =
    verdict.excluded > 0
      ? html` ${verdict.excluded} configuration${verdict.excluded === 1 ? '' : 's'} had a replicate diverge or fail and cannot win.`
      : html``;
  switch (verdict.kind) {
    case 'no-eligible':
      return html`<p class="statement undecided">No configuration finished all of its replicates, so none can be called best.${excludedNote}</p>`;
    case 'only-one':
      return html`<p class="statement undecided">Only one configuration finished all of its replicates: <strong>${labelOf(verdict.best.configuration)}</strong>, ${metric} ${describe(verdict.best)}. There is nothing to compare it with.${excludedNote}</p>`;
    case 'single-replicate':
      return html`<p class="statement undecided"><strong>${labelOf(verdict.best.configuration)}</strong> has the best ${metric} ${better}: ${describe(verdict.best)}, ahead of ${labelOf(verdict.runnerUp.configuration)} at ${describe(verdict.runnerUp)} by ${formatNumber(verdict.lead)}. With a single replicate seed noise cannot be measured, so this is not a demonstrated lead: add replicates.${excludedNote}</p>`;
    case 'exact':
      return verdict.lead === 0
        ? html`<p class="statement exact"><strong>${labelOf(verdict.best.configuration)}</strong> and ${labelOf(verdict.runnerUp.configuration)} tie exactly: ${metric} ${formatNumber(verdict.best.mean)}. These runs involve no randomness (exact gradients from a fixed start), so replicates would repeat them.${excludedNote}</p>`
        : html`<p class="statement winner">Best: <strong>${labelOf(verdict.best.configuration)}</strong>, ${metric} ${formatNumber(verdict.best.mean)} ${better}, ahead of ${labelOf(verdict.runnerUp.configuration)} at ${formatNumber(verdict.runnerUp.mean)} by ${formatNumber(verdict.lead)}${relativeLead(verdict.lead, verdict.runnerUp)}. These runs involve no randomness (exact gradients from a fixed start), so replicates would repeat them: the lead is exact, not a sample.${excludedNote}</p>`;
    default:
      return decidedStatement(verdict, wording, excludedNote);
  }
}

const VERDICT_TABLE_OPEN_UP_TO = 12;

/** Every comparison with the leader: mean, effect with its interval, adjusted p and verdict; static HTML. */
function comparisonTable(verdict: DecidedVerdict, wording: Wording): SafeHtml {
  const { best, comparisons, margin } = verdict;
  const { labelOf, metric, ahead } = wording;
  const confidence = confidenceOf(comparisons[0].decision);
  const counts = (['undecided', 'worse', 'equivalent', 'better'] as const)
    .map((kind) => ({ kind, count: comparisons.filter(({ decision }) => decision.verdict === kind).length }))
    .filter(({ count }) => count > 0)
    .map(({ kind, count }) => `${count} ${kind}`);
  const verdictCell = ({ decision }: LeaderComparison) =>
    decision.verdict === 'undecided' && decision.replicatesNeeded !== undefined
      ? `undecided (≈ ${formatCount(decision.replicatesNeeded.replicates)} replicates)`
      : decision.verdict;
  const test = verdict.paired ? 'a Wilcoxon signed-rank test on the per-replicate differences' : 'a Mann–Whitney U test';
  const effect = verdict.paired ? 'the mean of the per-replicate differences' : 'the difference of the two means';
  return html`<details class="comparisons"${comparisons.length <= VERDICT_TABLE_OPEN_UP_TO ? html` open` : html``}>
<summary>The leader against ${
    comparisons.length === 1 ? 'the other configuration' : `each of the other ${comparisons.length} configurations`
  }: ${counts.join(', ')}</summary>
<div class="table-wrap"><table class="verdict-table">
<thead><tr><th>configuration</th><th class="number">replicates</th><th class="number">mean ${metric}</th><th class="number">leader ${ahead} by (${confidence} CI)</th><th class="number">adjusted p</th><th>verdict</th></tr></thead>
<tbody>
<tr class="leader"><td>${labelOf(best.configuration)}</td><td class="number">${best.metricValues.length}</td><td class="number">${formatNumber(best.mean)}</td><td class="number">–</td><td class="number">–</td><td>leader</td></tr>
${comparisons.map(
  (row) => html`<tr><td>${labelOf(row.other.configuration)}</td><td class="number">${row.other.metricValues.length}</td><td class="number">${formatNumber(
    row.other.mean,
  )}</td><td class="number">${formatNumber(row.decision.comparison.effect)} (${intervalText(row.decision)})</td><td class="number">${formatNumber(
    row.decision.adjustedPValue,
    2,
  )}</td><td class="verdict verdict-${row.decision.verdict}">${verdictCell(row)}</td></tr>
`,
)}</tbody></table></div>
<p class="note">Each row compares the leader's replicates with that configuration's: ${effect}, oriented so that a positive value favours the leader, with a ${confidence} BCa bootstrap interval (${formatCount(
    comparisons[0].decision.comparison.bootstrap.resamples,
  )} resamples, seeded by the sweep and the two configurations), and ${test}${
    comparisons.length === 1 ? ' (a single comparison: Holm leaves its p-value as it is)' : `, its p-value Holm-adjusted over the ${comparisons.length} comparisons`
  }. <em>better</em>: the interval lies above 0 and the adjusted p is at most ${formatNumber(
    verdict.alpha,
  )}; <em>equivalent</em>: the interval lies within ${marginText(margin, metric)}; otherwise <em>undecided</em>, with an estimate of the replicates per configuration that would decide it (≈ N replicates) if the difference and its spread stayed as observed: from few replicates, a rough guide.${
    verdict.paired
      ? ''
      : ' The runs are not paired (each run\'s seed hashes its whole configuration), so the seed noise of both sides enters every comparison.'
  } Descent's packages/stats/README.md explains the method.</p>
</details>`;
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
  const runs = ranked.flatMap((result) => result.configuration.runs);
  const verdict = decideWinner(ranked, {
    goal: model.metric.goal,
    seedName: model.sweeps.map((sweep) => sweep.name).join(', '),
    paired: isPaired(runs.map((run) => run.record)),
    deterministic: runs.length > 0 && runs.every(isDeterministic),
  });
  const winnerKey = verdict.kind === 'won' || (verdict.kind === 'exact' && verdict.lead > 0) ? verdict.best.configuration.key : null;
  const decided = verdict.kind === 'won' || verdict.kind === 'equivalent' || verdict.kind === 'undecided';
  const shown = ranked.slice(0, SHOWN_CONFIGURATIONS);
  const hidden = ranked.length - shown.length;
  return html`${winnerStatement(verdict, model.metric.name, model.metric.goal, labelOf)}
${decided ? comparisonTable(verdict, wordingFor(model.metric.name, model.metric.goal, labelOf)) : html``}
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
    title: 'Which setting is best',
    caption: `The best mean final ${model.metric.name}${
      perProblem ? ' within each problem (their values are not comparable across problems)' : ''
    }, compared with every other configuration whose replicates all finished; it is called the winner only when every comparison finds it better beyond seed noise. In the chart, dots are replicates, the grey bar their min–max range, the black tick their mean; the winner, when there is one, in green.`,
    body,
  });
}
