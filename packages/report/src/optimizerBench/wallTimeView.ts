import type { OptimizerBenchSummary } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { formatMilliseconds } from '../format.js';
import { section } from '../page.js';
import { numberCell } from '../views/_sortableTable.js';
import { rankedOptimizers, resultOf } from './_benchOptimizers.js';

export const WALL_TIME_SECTION_ID = 'wall-time';

/** Wall time to target, workloads × optimizers: apart from the scores, since it depends on the machine. */
export function wallTimeView(summary: OptimizerBenchSummary): SafeHtml {
  const ranked = rankedOptimizers(summary);
  return section({
    id: WALL_TIME_SECTION_ID,
    title: 'Wall time to target',
    caption: html`Mean over the replicates that reached the target. It depends on the machine and its load (kernels: <code>${summary.kernels}</code>), so nothing above is scored by it.`,
    body: html`<div class="table-wrap"><table class="bench-wall-time">
<thead><tr><th scope="col">workload</th>${ranked.map((optimizer) => html`<th class="number" scope="col">${optimizer.name}</th>`)}</tr></thead>
<tbody>
${summary.workloads.map(
  (workload) => html`<tr><th scope="row">${workload.id}</th>${ranked.map((optimizer) => {
    const wall = resultOf(summary, optimizer.name, workload.id)?.wallTimeToTargetMs ?? null;
    return numberCell(wall, wall === null ? '–' : formatMilliseconds(wall));
  })}</tr>
`,
)}</tbody>
</table></div>`,
  });
}
