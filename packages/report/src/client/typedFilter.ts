import { formatNumber } from '../format.js';
import type { AxisFilter } from './selection.js';

/**
 * An axis's brush as typed values (the keyboard's way to the selection, selectByValue.ts): the same
 * `AxisFilter` a brush writes, read from and written to the texts of a "from … to …" pair or a set of
 * checked categories. No DOM here, so the rules are tested in Node.
 *
 * An empty end is open (±Infinity: 'lr ≤ 0.1'); both empty is no brush on the axis. A number reads as
 * `Number` reads it (0.001, 1e-3). Shown values are rounded to 4 digits for reading; a shown text the reader
 * left as it was stands for the exact value behind it, so editing one end never moves the other.
 */

/** What the inputs of a numeric axis hold; `noValue` is the metric's 'or no value' box (false elsewhere). */
export interface RangeTexts {
  from: string;
  to: string;
  noValue: boolean;
}

/** The filter typed texts mean (null: no brush on the axis), or what is wrong with them, in words. */
export type TypedFilter = { filter: AxisFilter | null } | { error: string; field: 'from' | 'to' };

const EMPTY_RANGE = { from: '', to: '', noValue: false };

function endText(value: number): string {
  return Number.isFinite(value) ? formatNumber(value) : '';
}

/** The texts a filter shows (empty for no filter, an open end, or the empty range a brush on 'no value' alone gives). */
export function rangeTexts(filter: AxisFilter | undefined): RangeTexts {
  if (filter === undefined || filter.kind !== 'range') return EMPTY_RANGE;
  if (filter.min > filter.max) return { ...EMPTY_RANGE, noValue: filter.missing };
  return { from: endText(filter.min), to: endText(filter.max), noValue: filter.missing };
}

/**
 * The filter of an axis (named `title` in messages) from its texts. `shown` is the filter the texts were
 * filled from: an end whose text is still the one shown keeps its exact value.
 */
export function rangeFilter(title: string, texts: RangeTexts, shown: AxisFilter | undefined): TypedFilter {
  const from = texts.from.trim();
  const to = texts.to.trim();
  if (from === '' && to === '') return { filter: texts.noValue ? { kind: 'range', min: Infinity, max: -Infinity, missing: true } : null };
  const was = shown?.kind === 'range' && shown.min <= shown.max ? shown : undefined;
  const read = (text: string, open: number, exact: number | undefined): number | null => {
    if (text === '') return open;
    if (exact !== undefined && text === endText(exact)) return exact;
    const value = Number(text);
    return Number.isFinite(value) ? value : null;
  };
  const min = read(from, -Infinity, was?.min);
  if (min === null) return { error: `${title} from: '${from}' is not a number (write 0.01 or 1e-3)`, field: 'from' };
  const max = read(to, Infinity, was?.max);
  if (max === null) return { error: `${title} to: '${to}' is not a number (write 0.01 or 1e-3)`, field: 'to' };
  if (min > max) return { error: `${title}: from (${from}) is above to (${to})`, field: 'from' };
  return { filter: { kind: 'range', min, max, missing: texts.noValue } };
}

/** The categories a filter keeps, in the axis's order: every one without a filter. */
export function checkedCategories(filter: AxisFilter | undefined, categories: readonly string[]): string[] {
  if (filter === undefined) return [...categories];
  if (filter.kind !== 'categories') return [];
  return categories.filter((category) => filter.values.includes(category));
}

/** The filter a set of checked categories means: none while every one is checked. */
export function categoriesFilter(checked: readonly string[], categories: readonly string[]): AxisFilter | null {
  if (categories.every((category) => checked.includes(category))) return null;
  return { kind: 'categories', values: categories.filter((category) => checked.includes(category)) };
}
