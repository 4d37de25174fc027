import type { BenchResult, BenchVerdict, BenchWorkload, OptimizerBenchSummary } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { formatCount, formatNumber } from '../format.js';
import { section } from '../page.js';
import { numberCell, sortableHeader } from '../views/_sortableTable.js';
import { rankedOptimizers, resultOf, someoneReached, timeToTarget, type RankedOptimizer } from './_benchOptimizers.js';

export const RESULTS_SECTION_ID = 'results';

const COLUMNS = [
  { title: 'workload', numeric: false },
  { title: 'optimizer', numeric: false },
  { title: 'role', numeric: false },
  { title: 'time to target', numeric: true },
  { title: '× fastest', numeric: true },
  { title: 'verdict', numeric: false },
  { title: 'reached', numeric: true },
  { title: 'diverged', numeric: true },
  { title: 'failed', numeric: true },
  { title: 'tuned hyperparameters', numeric: false },
] as const;

/** "lr=0.003 · beta1=0.9": hyperparameters and their values in the order the protocol wrote them. */
export function tunedText(hyperparameters: BenchResult['tuned']): string {
  const entries = Object.entries(hyperparameters);
  if (entries.length === 0) return '–';
  return entries.map(([key, value]) => `${key}=${typeof value === 'number' ? formatNumber(value) : String(value)}`).join(' · ');
}

/** The tuned cell: only what the protocol searched; the hyperparameters every run kept at their defaults in its title. */
function tunedCell(result: BenchResult | undefined): SafeHtml {
  if (result === undefined) return html`<td class="mono tuned">–</td>`;
  if (Object.keys(result.fixed).length === 0) return html`<td class="mono tuned">${tunedText(result.tuned)}</td>`;
  return html`<td class="mono tuned" title="not searched: ${tunedText(result.fixed)}">${tunedText(result.tuned)}</td>`;
}

/** The time cell: the summary's time axis first, the other one on a second line and in the title. */
function timeCell(summary: OptimizerBenchSummary, result: BenchResult | undefined): SafeHtml {
  if (result === undefined) return numberCell(null, 'not run', ' time');
  const time = timeToTarget(summary, result);
  if (time === null) return html`<td class="number time never" data-sort="">never</td>`;
  const [main, other] = summary.timeAxis === 'steps' ? ['steps', 'examples'] : ['examples', 'steps'];
  const otherValue = summary.timeAxis === 'steps' ? result.examplesToTarget : result.stepsToTarget;
  return html`<td class="number time" data-sort="${String(time)}" title="${formatCount(otherValue)} ${other}">${formatCount(time)} ${main}<br><span class="other-time">${formatCount(otherValue)} ${other}</span></td>`;
}

function verdictCell(verdict: BenchVerdict | undefined, optimizer: RankedOptimizer): SafeHtml {
  if (optimizer.role === 'baseline') return html`<td class="verdict"></td>`;
  if (verdict === undefined) return html`<td class="verdict">–</td>`;
  return html`<td class="verdict verdict-${verdict.verdict}" data-against="${verdict.against}">${verdict.verdict} vs ${verdict.against}</td>`;
}

function row(summary: OptimizerBenchSummary, workload: BenchWorkload, optimizer: RankedOptimizer, fastest: number | null, reachedByAnyone: boolean): SafeHtml {
  const result = resultOf(summary, optimizer.name, workload.id);
  const time = result === undefined ? null : timeToTarget(summary, result);
  const ratio = time === null || fastest === null || fastest === 0 ? null : time / fastest;
  const verdict = summary.verdicts.find((entry) => entry.optimizer === optimizer.name && entry.workload === workload.id);
  const classes = [optimizer.role, reachedByAnyone ? '' : 'nobody-reached'].filter(Boolean).join(' ');
  return html`<tr class="${classes}" data-workload="${workload.id}" data-optimizer="${optimizer.name}">
<td title="${workload.title}">${workload.id}${reachedByAnyone ? html`` : html`<br><span class="nobody">nobody reached the target</span>`}</td>
<td>${optimizer.role === 'candidate' ? html`<strong>${optimizer.name}</strong>` : optimizer.name}</td>
<td>${optimizer.role}</td>
${timeCell(summary, result)}
${numberCell(ratio, ratio === null ? '–' : `${formatNumber(ratio, 3)}×`)}
${verdictCell(verdict, optimizer)}
${numberCell(result === undefined ? null : result.scored === 0 ? 0 : result.reached / result.scored, result === undefined ? '–' : `${result.reached}/${result.scored}${result.replicates > result.scored ? ` (+${result.replicates - result.scored} for the verdict)` : ''}`)}
${numberCell(result?.diverged, result === undefined ? '–' : String(result.diverged), result !== undefined && result.diverged > 0 ? ' warn' : '')}
${numberCell(result?.failed, result === undefined ? '–' : String(result.failed), result !== undefined && result.failed > 0 ? ' warn' : '')}
${tunedCell(result)}
</tr>
`;
}

/**
 * Every workload × optimizer: time to target, the ratio to the fastest there, a candidate's verdict against
 * the best built-in, replicates that reached the target, divergences and the hyperparameters tuning chose (only the searched ones; the others are in the cell's title).
 */
export function resultsTableView(summary: OptimizerBenchSummary): SafeHtml {
  const ranked = rankedOptimizers(summary);
  const rows = summary.workloads.flatMap((workload) => {
    const times = summary.results
      .filter((result) => result.workload === workload.id)
      .map((result) => timeToTarget(summary, result))
      .filter((time): time is number => time !== null);
    const fastest = times.length === 0 ? null : Math.min(...times);
    const reached = someoneReached(summary, workload.id);
    return ranked.map((optimizer) => row(summary, workload, optimizer, fastest, reached));
  });
  return section({
    id: RESULTS_SECTION_ID,
    title: 'Workloads × optimizers',
    caption: `Time to target (median over replicates, in ${summary.timeAxis}; the other unit below it), the ratio to the fastest optimizer on the workload, and each candidate's verdict against the best built-in there. Click a column header to sort.`,
    body: html`<div class="table-wrap"><table class="bench-results" data-sortable>
${sortableHeader(COLUMNS)}
<tbody>
${rows}</tbody>
</table></div>`,
  });
}
