import { html, type SafeHtml } from '../_html.js';
import { runRowId } from '../client/exploreData.js';
import { formatCount, formatNumber, formatPercent } from '../format.js';
import { section } from '../page.js';
import { pruningLedger, type PrunedRun } from '../pruningLedger.js';
import type { ReportModel } from '../reportModel.js';
import { searchOrder } from '../searchProgress.js';
import { earlyTerminateText } from './searchView.js';
import { numberCell, sortableHeader } from './_sortableTable.js';

export const PRUNING_LEDGER_SECTION_ID = 'pruning';

/** The ledger shows when early termination stopped at least one run. */
export function showsPruningLedger(model: ReportModel): boolean {
  return model.runs.some((run) => run.record.status === 'pruned');
}


const HEADERS: readonly { title: string; numeric: boolean }[] = [
  { title: 'run id', numeric: false },
  { title: 'configuration', numeric: false },
  { title: 'replicate', numeric: true },
  { title: 'bracket', numeric: true },
  { title: 'rung', numeric: true },
  { title: 'stopped at', numeric: true },
  { title: 'value there', numeric: true },
  { title: 'rank', numeric: true },
  { title: 'cut at', numeric: true },
  { title: 'examples trained', numeric: true },
  { title: 'full run', numeric: true },
  { title: 'saved', numeric: true },
  { title: 'why', numeric: false },
];

function row(entry: PrunedRun, label: string): SafeHtml {
  const { run, pruning } = entry;
  const { runId } = run.record;
  return html`<tr class="status-pruned">
<td class="mono"><a href="#${runRowId(runId)}">${runId}</a></td>
<td>${label}</td>
${numberCell(run.record.replicate, String(run.record.replicate))}
${numberCell(pruning.bracket, String(pruning.bracket))}
${numberCell(pruning.rung, `${pruning.rung} of ${pruning.rungs}`)}
${numberCell(pruning.budget / pruning.fullBudget, `${formatNumber(pruning.budget)} of ${formatNumber(pruning.fullBudget)} ${pruning.unit}`)}
${numberCell(pruning.value, `${pruning.metric} ${formatNumber(pruning.value)}`)}
${numberCell(pruning.rank, `${pruning.rank} of ${pruning.of}`)}
${numberCell(pruning.cutAt, formatNumber(pruning.cutAt))}
${numberCell(entry.trained, formatCount(entry.trained))}
${numberCell(entry.fullRun, `${formatCount(entry.fullRun)}${entry.fullRunFrom === 'budget' ? '*' : ''}`)}
${numberCell(entry.saved, formatCount(entry.saved))}
<td>${pruning.reason}</td>
</tr>
`;
}

export function pruningLedgerView(model: ReportModel): SafeHtml {
  const [sweep] = model.sweeps;
  const ordered = model.comparison ? model.runs : searchOrder(model.runs, sweep.runIds);
  const ledger = pruningLedger(ordered);
  const labelOf = new Map(model.configurations.flatMap((configuration) => configuration.runs.map((run) => [run.record.runId, configuration.label] as const)));
  const unrecorded = model.runs.filter((run) => run.record.status === 'pruned' && run.record.pruning === undefined).length;
  const trained = ledger.pruned.reduce((total, entry) => total + entry.trained, 0);
  const withoutPruning = ledger.spent + ledger.saved;
  const rule = model.sweeps.find((info) => info.earlyTerminate !== undefined)?.earlyTerminate;
  const summary = html`<p>${rule !== undefined ? html`Early termination, ${earlyTerminateText(rule)}, ` : html`Early termination `}stopped ${formatCount(ledger.pruned.length)} of ${formatCount(
    model.runs.length,
  )} runs. They trained ${formatCount(trained)} examples; run to the end they would have trained ${formatCount(trained + ledger.saved)}. The search trained ${formatCount(
    ledger.spent,
  )} examples in all; without pruning it would have trained ${formatCount(withoutPruning)}, so pruning saved ${formatCount(ledger.saved)}${
    withoutPruning > 0 ? ` (${formatPercent(ledger.saved / withoutPruning)})` : ''
  }.</p>`;
  const scaled = ledger.pruned.some((entry) => entry.fullRunFrom === 'budget')
    ? html`<p class="note">* No finished run shares this run’s problem and training settings: its full run is its own examples per ${ledger.pruned[0].pruning.unit.replace(/s$/, '')} × the full budget.</p>`
    : html``;
  return section({
    id: PRUNING_LEDGER_SECTION_ID,
    title: 'Pruning ledger',
    caption: `Every run early termination stopped: where (bracket, rung and the budget trained of the full budget), why (its configuration's mean ${model.metric.name} at the rung, its rank there and the cut), and the examples it did not train. Its metrics are at that smaller budget, so it is never ranked against full runs. Click a column header to sort.`,
    body: [
      summary,
      unrecorded > 0 ? html`<p class="note">${formatCount(unrecorded)} pruned run${unrecorded === 1 ? ' has' : 's have'} no pruning record and ${unrecorded === 1 ? 'is' : 'are'} left out.</p>` : html``,
      html`<div class="table-wrap"><table class="pruning" data-sortable>
${sortableHeader(HEADERS)}
<tbody>
${ledger.pruned.map((entry) => row(entry, labelOf.get(entry.run.record.runId) ?? ''))}</tbody>
</table></div>`,
      scaled,
    ],
  });
}
