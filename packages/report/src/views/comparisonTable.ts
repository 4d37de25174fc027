import { html, trustedHtml, type SafeHtml } from '../_html.js';
import { CONFIGURATION_ATTRIBUTE } from '../client/exploreData.js';
import type { Configuration } from '../configurations.js';
import { formatCount, formatNumber } from '../format.js';
import type { DecidedVerdict, LeaderComparison } from '../winner.js';
import { confidenceOf, eachOther, intervalText, marginText, type Wording } from './_verdictWording.js';

const VERDICT_TABLE_OPEN_UP_TO = 12;

/**
 * Each row names its configuration (its index in the page's data island), so the page's script can dim the rows
 * outside the selection; a configuration the page does not draw (outside a large sweep's sample) names none.
 */
function configurationAttribute(index: number | null): SafeHtml {
  return index === null ? html`` : html` ${trustedHtml(CONFIGURATION_ATTRIBUTE)}="${index}"`;
}

/**
 * Every comparison with the leader: mean, effect with its interval, adjusted p and verdict; static HTML. Cells
 * have no end tag (the next <td> or </tr> closes them): a sweep of a thousand runs has hundreds of rows.
 */
export function comparisonTable(verdict: DecidedVerdict, wording: Wording, configurationIndex: (configuration: Configuration) => number | null): SafeHtml {
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
<summary>The leader against ${eachOther(comparisons.length)}: ${counts.join(', ')}</summary>
<div class="table-wrap"><table class="verdict-table">
<thead><tr><th>configuration</th><th class="number">replicates</th><th class="number">mean ${metric}</th><th class="number">leader ${ahead} by (${confidence} CI)</th><th class="number">adjusted p</th><th>verdict</th></tr></thead>
<tbody>
<tr class="leader"${configurationAttribute(configurationIndex(best.configuration))}><td>${labelOf(best.configuration)}<td>${best.metricValues.length}<td>${formatNumber(best.mean)}<td>–<td>–<td>leader</tr>
${comparisons.map(
  (row) => html`<tr${configurationAttribute(configurationIndex(row.other.configuration))}><td>${labelOf(row.other.configuration)}<td>${row.other.metricValues.length}<td>${formatNumber(
    row.other.mean,
  )}<td>${formatNumber(row.decision.comparison.effect)} (${intervalText(row.decision)})<td>${formatNumber(
    row.decision.adjustedPValue,
    2,
  )}<td class="verdict verdict-${row.decision.verdict}">${verdictCell(row)}</tr>
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
