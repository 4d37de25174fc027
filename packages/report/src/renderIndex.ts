import { html } from './_html.js';
import { countOf, formatNumber } from './format.js';
import { renderPage, section } from './page.js';
import type { SweepIndexEntry } from './types.js';

export const INDEX_SECTION_ID = 'sweeps';

/** The reports index: one row per sweep with its run counts and best configuration, linking to its report. */
export function renderIndex(sweeps: SweepIndexEntry[]): string {
  const rows = sweeps.map(
    (sweep) => html`<tr>
<td><a href="${sweep.href}">${sweep.name}</a></td>
<td class="number" data-sort="${sweep.runs}">${sweep.runs}</td>
<td class="number" data-sort="${sweep.statuses.finished}">${sweep.statuses.finished}</td>
<td class="number" data-sort="${sweep.statuses.diverged}">${sweep.statuses.diverged}</td>
<td class="number" data-sort="${sweep.statuses.failed}">${sweep.statuses.failed}</td>
<td class="number" data-sort="${sweep.statuses.pruned}">${sweep.statuses.pruned}</td>
<td>${sweep.best === null ? 'no finished configuration' : sweep.best.label}</td>
<td class="number" data-sort="${sweep.best === null || !Number.isFinite(sweep.best.metric) ? '' : sweep.best.metric}">${
      sweep.best === null ? '–' : html`${formatNumber(sweep.best.metric)} <span class="facts">${sweep.metricName}</span>`
    }</td>
</tr>
`,
  );
  const numberHeader = (title: string) =>
    html`<th class="number" data-type="number" scope="col"><button type="button">${title}</button></th>`;
  const table = html`<div class="table-wrap"><table class="sweeps" data-sortable>
<thead><tr><th scope="col"><button type="button">sweep</button></th>${numberHeader('runs')}${numberHeader('finished')}${numberHeader('diverged')}${numberHeader('failed')}${numberHeader('pruned')}<th scope="col"><button type="button">best configuration</button></th>${numberHeader('best metric')}</tr></thead>
<tbody>
${rows}</tbody>
</table></div>`;
  return renderPage({
    title: 'Descent reports',
    header: html`<header class="report-header"><h1>Descent reports</h1><p class="facts">${countOf(sweeps.length, 'sweep')}</p></header>`,
    sections: [
      section({
        id: INDEX_SECTION_ID,
        title: 'Sweeps',
        caption: 'Each sweep with its runs by status and its best configuration by the sweep metric; open a sweep for whether that lead exceeds seed noise.',
        body: sweeps.length === 0 ? html`<p class="note">No sweeps have been run yet.</p>` : table,
      }),
    ],
  });
}
