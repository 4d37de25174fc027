import { html, type SafeHtml } from '../_html.js';
import { formatConfigValue, shortKeyNames, type Configuration } from '../configurations.js';
import { formatCount, formatNumber } from '../format.js';
import { section } from '../page.js';
import { drawnNote } from './_drawnNote.js';
import type { ReportModel } from '../reportModel.js';
import type { ReportRun } from '../types.js';
import { runRowId } from '../client/exploreData.js';
import { compactNumberCell, sortableHeader } from './_sortableTable.js';

export const RUN_TABLE_SECTION_ID = 'runs';

interface Column {
  title: string;
  numeric: boolean;
  /**
   * The cell, without its end tag: HTML closes a cell at the next <td> or at </tr>, and a thousand rows of
   * sixteen `</td>` were 80 KB of the report.
   */
  cell: (run: ReportRun, configuration: Configuration) => SafeHtml;
}


/** What happened to a run that did not simply finish; null for one that did. */
function details(run: ReportRun): SafeHtml | null {
  const { record } = run;
  if (record.status === 'diverged' && record.divergence !== null) {
    const { divergence } = record;
    return html`diverged at step ${formatCount(divergence.step)} (${divergence.reason}); last finite loss ${formatNumber(divergence.lastFiniteLoss)}`;
  }
  if (record.status === 'pruned' && record.pruning !== undefined) {
    const { pruning } = record;
    return html`pruned after ${formatCount(pruning.budget)} of ${formatCount(pruning.fullBudget)} ${pruning.unit} (bracket ${pruning.bracket}): ${pruning.reason}`;
  }
  if (record.status === 'failed') {
    const message = record.error?.message ?? 'no error message recorded';
    const plugin = record.error?.plugin;
    return html`error: <span class="error-message">${message}</span>${plugin ? html` (plugin ${plugin})` : html``}`;
  }
  return null;
}

/** Metrics that are the training loss itself (a dataset's train_loss, a landscape's loss). */
const LOSS_METRICS: readonly string[] = ['train_loss', 'loss'];

export function runTableView(model: ReportModel): SafeHtml {
  const names = shortKeyNames(model.varied);
  const metricName = model.metric.name;
  const columns: Column[] = [
    // The run id comes first and the seed just before the details, last: page.ts sets them in monospace by
    // those positions (a class on each of a thousand rows' two cells was 26 KB).
    { title: 'run id', numeric: false, cell: (run) => html`<td>${run.record.runId}` },
    ...model.varied.map((key, i) => ({
      title: names[i],
      numeric: model.configurations.every((c) => typeof c.values[i] === 'number'),
      // Numbers as labels write them (a sampled lr=0.0010172267525096696 reads 0.001017, yet distinct from every
      // other value of its key, so sorting by the text keeps their order); the run diff shows every digit.
      cell: (_run: ReportRun, configuration: Configuration) => {
        const value = configuration.values[i];
        return typeof value === 'number'
          ? compactNumberCell(value, configuration.valueTexts[i])
          : html`<td class="value">${formatConfigValue(value)}`;
      },
    })),
    { title: 'replicate', numeric: true, cell: (run) => compactNumberCell(run.record.replicate, String(run.record.replicate)) },
    { title: 'status', numeric: false, cell: (run) => html`<td class="status">${run.record.status}` },
    { title: `final ${metricName}`, numeric: true, cell: (run) => compactNumberCell(run.record.summary.finalMetric, formatNumber(run.record.summary.finalMetric)) },
    { title: `best ${metricName}`, numeric: true, cell: (run) => compactNumberCell(run.record.summary.bestMetric, formatNumber(run.record.summary.bestMetric)) },
    // The training loss on the whole training set (exact f on a landscape). When the metric is that loss,
    // these columns would repeat the metric's.
    ...(LOSS_METRICS.includes(metricName)
      ? []
      : [
          { title: 'final loss', numeric: true, cell: (run: ReportRun) => compactNumberCell(run.record.summary.finalLoss, formatNumber(run.record.summary.finalLoss)) },
          { title: 'best loss', numeric: true, cell: (run: ReportRun) => { const best = run.record.summary.bestLoss; return compactNumberCell(best, formatNumber(best)); } },
        ]),
    { title: 'steps', numeric: true, cell: (run) => compactNumberCell(run.record.summary.steps, formatCount(run.record.summary.steps)) },
    { title: 'examples', numeric: true, cell: (run) => compactNumberCell(run.record.summary.examples, formatCount(run.record.summary.examples)) },
    ...(model.metric.target !== null
      ? [{
          title: 'steps to target',
          numeric: true,
          cell: (run: ReportRun) => {
            const steps = run.record.summary.stepsToTarget;
            return compactNumberCell(steps, steps === null ? 'never' : formatCount(steps));
          },
        }]
      : []),
    { title: 'loss noise', numeric: true, cell: (run) => compactNumberCell(run.record.summary.lossNoise, formatNumber(run.record.summary.lossNoise)) },
    // Whole milliseconds, as the charts' wall-time axes count: a number sorts as shown, where '1.2 s' needed its own key.
    { title: 'wall time (ms)', numeric: true, cell: (run) => compactNumberCell(run.meta?.wallTimeMs, formatCount(run.meta?.wallTimeMs)) },
    { title: 'seed', numeric: false, cell: (run) => html`<td>${run.record.seed}` },
    { title: 'details', numeric: false, cell: (run) => { const text = details(run); return text === null ? html`<td>` : html`<td class="details">${text}`; } },
  ];
  const rows = model.configurations.flatMap((configuration) =>
    configuration.runs.map(
      (run) => html`<tr${run.record.status === 'finished' ? html`` : html` class="status-${run.record.status}"`} id="${runRowId(run.record.runId)}">${columns.map((column) => column.cell(run, configuration))}</tr>
`,
    ),
  );
  return section({
    id: RUN_TABLE_SECTION_ID,
    title: 'All runs',
    caption: 'Every run of the sweep, grouped by configuration; click a column header to sort. Diverged rows give the step and the last finite loss, failed rows the error, pruned rows where early termination stopped them and why (their metrics are at that smaller budget).',
    body: html`${drawnNote(model)}<div class="selection-bar" data-explore="selection-bar" role="status" aria-live="polite"></div>
<div class="table-wrap"><table class="runs" data-sortable data-explore="runs">
${sortableHeader(columns)}
<tbody>
${rows}</tbody>
</table></div>`,
  });
}
