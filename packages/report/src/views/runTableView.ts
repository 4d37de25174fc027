import { html, type SafeHtml } from '../_html.js';
import { formatConfigValue, shortKeyNames, type ConfigValue } from '../configurations.js';
import { formatCount, formatMilliseconds, formatNumber } from '../format.js';
import { section } from '../page.js';
import type { ReportModel } from '../reportModel.js';
import type { ReportRun } from '../types.js';
import { numberCell, sortableHeader } from './_sortableTable.js';

export const RUN_TABLE_SECTION_ID = 'runs';

interface Column {
  title: string;
  numeric: boolean;
  cell: (run: ReportRun, values: readonly ConfigValue[]) => SafeHtml;
}


function details(run: ReportRun): SafeHtml {
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
  return html``;
}

/** Metrics that are the training loss itself (a dataset's train_loss, a landscape's loss). */
const LOSS_METRICS: readonly string[] = ['train_loss', 'loss'];

export function runTableView(model: ReportModel): SafeHtml {
  const names = shortKeyNames(model.varied);
  const metricName = model.metric.name;
  const columns: Column[] = [
    { title: 'run id', numeric: false, cell: (run) => html`<td class="mono" id="run-${run.record.runId}">${run.record.runId}</td>` },
    ...model.varied.map((key, i) => ({
      title: names[i],
      numeric: model.configurations.every((c) => typeof c.values[i] === 'number'),
      cell: (_run: ReportRun, values: readonly ConfigValue[]) => {
        const value = values[i];
        return typeof value === 'number'
          ? numberCell(value, formatConfigValue(value))
          : html`<td class="value">${formatConfigValue(value)}</td>`;
      },
    })),
    { title: 'replicate', numeric: true, cell: (run) => numberCell(run.record.replicate, String(run.record.replicate)) },
    { title: 'status', numeric: false, cell: (run) => html`<td class="status">${run.record.status}</td>` },
    { title: `final ${metricName}`, numeric: true, cell: (run) => numberCell(run.record.summary.finalMetric, formatNumber(run.record.summary.finalMetric)) },
    { title: `best ${metricName}`, numeric: true, cell: (run) => numberCell(run.record.summary.bestMetric, formatNumber(run.record.summary.bestMetric)) },
    // The training loss on the whole training set (exact f on a landscape). When the metric is that loss,
    // these columns would repeat the metric's.
    ...(LOSS_METRICS.includes(metricName)
      ? []
      : [
          { title: 'final loss', numeric: true, cell: (run: ReportRun) => numberCell(run.record.summary.finalLoss, formatNumber(run.record.summary.finalLoss)) },
          { title: 'best loss', numeric: true, cell: (run: ReportRun) => { const best = run.record.summary.bestLoss; return numberCell(best, formatNumber(best)); } },
        ]),
    { title: 'steps', numeric: true, cell: (run) => numberCell(run.record.summary.steps, formatCount(run.record.summary.steps)) },
    { title: 'examples', numeric: true, cell: (run) => numberCell(run.record.summary.examples, formatCount(run.record.summary.examples)) },
    ...(model.metric.target !== null
      ? [{
          title: 'steps to target',
          numeric: true,
          cell: (run: ReportRun) => {
            const steps = run.record.summary.stepsToTarget;
            return numberCell(steps, steps === null ? 'never' : formatCount(steps));
          },
        }]
      : []),
    { title: 'loss noise', numeric: true, cell: (run) => numberCell(run.record.summary.lossNoise, formatNumber(run.record.summary.lossNoise, 3)) },
    { title: 'wall time', numeric: true, cell: (run) => numberCell(run.meta?.wallTimeMs, formatMilliseconds(run.meta?.wallTimeMs)) },
    { title: 'seed', numeric: false, cell: (run) => html`<td class="mono">${run.record.seed}</td>` },
    { title: 'details', numeric: false, cell: (run) => html`<td>${details(run)}</td>` },
  ];
  const rows = model.configurations.flatMap((configuration) =>
    configuration.runs.map(
      (run) => html`<tr class="status-${run.record.status}" data-run-id="${run.record.runId}">${columns.map((column) => column.cell(run, configuration.values))}</tr>
`,
    ),
  );
  return section({
    id: RUN_TABLE_SECTION_ID,
    title: 'All runs',
    caption: 'Every run of the sweep, grouped by configuration; click a column header to sort. Diverged rows give the step and the last finite loss, failed rows the error, pruned rows where early termination stopped them and why (their metrics are at that smaller budget).',
    body: html`<div class="selection-bar" data-explore="selection-bar" role="status" aria-live="polite"></div>
<div class="table-wrap"><table class="runs" data-sortable data-explore="runs">
${sortableHeader(columns)}
<tbody>
${rows}</tbody>
</table></div>`,
  });
}
