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

/**
 * The number the page's sort script reads from a cell without `data-sort`: its text without thousands
 * separators, where an empty or unreadable text is not a number (sorted last). Keep in step with SORT_SCRIPT
 * in page.ts.
 */
function sortKeyOfText(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? NaN : Number(trimmed.replace(/,/g, ''));
}

/**
 * A numeric cell of a long table (the runs table has one row per run): no class, its table's CSS aligns
 * numbers, and `data-sort` only when the text is not a number ('1.2 s', 'never' for a value), so a thousand
 * rows do not carry every number twice. A rounded number sorts as shown: 0.3516 for 0.35159…, so values that
 * show the same may sort in either order (the sort is stable: they keep the table's order), as the eye reads
 * them. No end tag: the next cell or the row's </tr> closes it.
 */
export function compactNumberCell(value: number | null | undefined, text: string): SafeHtml {
  const finite = typeof value === 'number' && Number.isFinite(value);
  const fromText = sortKeyOfText(text);
  const readsAsNumber = finite ? Number.isFinite(fromText) : Number.isNaN(fromText);
  if (readsAsNumber) return html`<td>${text}`;
  return html`<td data-sort="${finite ? String(shortSortKey(value)) : ''}">${text}`;
}

/**
 * A value to sort by, to 8 significant digits: `1125.3` for 1125.2999999999997 ms. Rounding never inverts two
 * values' order; it can only tie values that differ beyond the 8th digit.
 */
function shortSortKey(value: number): number {
  return Number(value.toPrecision(SORT_KEY_DIGITS));
}
const SORT_KEY_DIGITS = 8;

/** The header row: each title a button that sorts by its column. */
export function sortableHeader(columns: readonly { title: string; numeric: boolean }[]): SafeHtml {
  return html`<thead><tr>${columns.map(
    (column) => html`<th${column.numeric ? html` class="number" data-type="number"` : html``} scope="col"><button type="button">${column.title}</button></th>`,
  )}</tr></thead>`;
}
