import { html, type SafeHtml } from '../_html.js';

/**
 * The pieces of a table the page's sort script can sort (`table[data-sortable]`, see page.ts): numeric
 * cells carry their raw value, numeric headers say so.
 */

/** A numeric cell: formatted text, and the raw value for sorting (empty when not a finite number: sorted last). */
export function numberCell(value: number | null | undefined, text: string, extraClass = ''): SafeHtml {
  const sortKey = typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  return html`<td class="number${extraClass}" data-sort="${sortKey}">${text}</td>`;
}

/** The header row: each title a button that sorts by its column. */
export function sortableHeader(columns: readonly { title: string; numeric: boolean }[]): SafeHtml {
  return html`<thead><tr>${columns.map(
    (column) => html`<th${column.numeric ? html` class="number" data-type="number"` : html``} scope="col"><button type="button">${column.title}</button></th>`,
  )}</tr></thead>`;
}
