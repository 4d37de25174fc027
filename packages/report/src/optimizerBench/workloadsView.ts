import type { OptimizerBenchSummary } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { formatCount, formatNumber } from '../format.js';
import { section } from '../page.js';

export const WORKLOADS_SECTION_ID = 'workloads';

/** The suite's workloads with their held-out variants, targets (with the reason where a workload fixes its own) and budgets: what two machines must share to compare. */
export function workloadsView(summary: OptimizerBenchSummary): SafeHtml {
  return section({
    id: WORKLOADS_SECTION_ID,
    title: 'Workloads',
    caption: html`Suite <code>${summary.suite}</code>, seed ${summary.seed} (it picks the held-out variants), ${summary.budget} budget.`,
    body: html`<div class="table-wrap"><table class="bench-workloads">
<thead><tr><th scope="col">workload</th><th scope="col">what it tests</th><th scope="col">held-out variant</th><th scope="col">target</th><th class="number" scope="col">budget (steps)</th><th class="number" scope="col">budget (examples)</th></tr></thead>
<tbody>
${summary.workloads.map(
  (workload) => html`<tr><td>${workload.id}</td><td>${workload.title}</td><td>${workload.variant}</td><td class="mono">${workload.metric} ${workload.goal === 'minimize' ? '≤' : '≥'} ${formatNumber(workload.target)}${workload.targetRule === undefined ? html`` : html`<br><span class="target-rule">${workload.targetRule}</span>`}</td><td class="number">${formatCount(workload.budget.steps)}</td><td class="number">${formatCount(workload.budget.examples)}</td></tr>
`,
)}</tbody>
</table></div>`,
  });
}
