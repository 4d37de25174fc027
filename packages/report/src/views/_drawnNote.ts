import { html, type SafeHtml } from '../_html.js';
import { formatCount } from '../format.js';
import { note } from '../page.js';
import type { ReportModel } from '../reportModel.js';

/** Under a view that draws each run: which runs it draws when the page draws a sample (pageSample.ts); nothing otherwise. */
export function drawnNote(model: ReportModel): SafeHtml {
  const { page } = model;
  if (page === null) return html``;
  return note(
    `Drawn here: ${formatCount(page.runs)} of the ${formatCount(page.totalRuns)} runs (the best configurations and a seeded sample of the rest; see the note under the title). ` +
      `The store keeps every run: 'pnpm exp show <run id>' shows any of them.`,
  );
}
