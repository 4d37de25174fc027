import { html, type SafeHtml } from '../_html.js';
import { section } from '../page.js';
import { drawnNote } from './_drawnNote.js';
import type { ReportModel } from '../reportModel.js';
import { RUN_TABLE_SECTION_ID } from './runTableView.js';

export const PARALLEL_COORDINATES_SECTION_ID = 'explore';

/**
 * Parallel coordinates, drawn in the page by its script (src/client) from the data island: the section
 * holds the place, the selection bar and, for a reader without scripts, a pointer to the full table.
 */
export function parallelCoordinatesView(model: ReportModel): SafeHtml {
  const status = model.runs.some((run) => run.record.status !== 'finished')
    ? ' Dashed: pruned (their metric at a smaller budget); orange dashes: diverged; red dots: failed (both drawn at "no value" on the metric axis).'
    : '';
  return section({
    id: PARALLEL_COORDINATES_SECTION_ID,
    title: 'Explore the runs',
    caption: html`Parallel coordinates: one line per run, through its value of every setting the sweep varied and its final ${model.metric.name}, coloured by that metric.${status} Drag along an axis to select runs, or type the values under the chart (brushes on several axes must all hold), point at a line to name its run, click a row of the table to pick its configuration: the table of runs shows the selection, and the address of the page keeps it for a link.`,
    body: html`${drawnNote(model)}<div class="selection-bar" data-explore="selection-bar" role="status" aria-live="polite"></div>
<div class="chart explore-mount" data-explore="parallel-coordinates">
<p class="note explore-fallback">This view is drawn by the page's script, which is not running; every run is listed in <a href="#${RUN_TABLE_SECTION_ID}">All runs</a>.</p>
</div>
<div class="explore-tools" data-explore="select-by-value"></div>
<div class="explore-tools" data-explore="group-by"></div>
<div class="run-diff" data-explore="run-diff"></div>`,
  });
}
