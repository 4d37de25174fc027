import { formatNumber } from '../format.js';
import { buildAxes, type Axis } from './axes.js';
import type { ExploreData } from './exploreData.js';
import { withFilter, type AxisFilter, type SelectionStore } from './selection.js';
import { categoriesFilter, checkedCategories, rangeFilter, rangeTexts, type RangeTexts } from './typedFilter.js';

/**
 * "Select by value", under the parallel coordinates: per axis, labelled inputs that write the same filter its
 * brush writes (typedFilter.ts), for a keyboard or a screen reader. A number pair "from … to …" on numeric
 * axes (and the metric, with 'or no value' when some runs have none), one checkbox per category on the others.
 * A change (Enter, leaving the field, a toggled box) sets the selection; the inputs follow the selection,
 * whoever set it. Text that is not a filter gets a polite message and changes nothing.
 */

const SOURCE = 'select-by-value';

let mounted = 0;

/** One axis's inputs: `show` fills them from the selection. */
interface AxisInputs {
  element: HTMLFieldSetElement;
  show(): void;
}

export function mountSelectByValue(mount: HTMLElement, data: ExploreData, store: SelectionStore): void {
  const details = document.createElement('details');
  details.className = 'select-by-value';
  const summary = document.createElement('summary');
  summary.textContent = 'Select by value';
  const message = document.createElement('p');
  message.className = 'select-message';
  message.id = `select-by-value-message-${++mounted}`;
  message.setAttribute('role', 'status');
  message.setAttribute('aria-live', 'polite');

  let invalid: HTMLInputElement | null = null;
  const report = (text: string, input: HTMLInputElement | null) => {
    invalid?.removeAttribute('aria-invalid');
    invalid = input;
    invalid?.setAttribute('aria-invalid', 'true');
    message.textContent = text;
  };
  const context: InputContext = {
    store,
    messageId: message.id,
    apply: (axis, filter) => {
      report('', null);
      store.set(withFilter(store.get(), axis.id, filter), SOURCE);
    },
    report,
  };
  const rows = buildAxes(data).map((axis) => (axis.domain.kind === 'categorical' ? categoryInputs(axis, axis.domain.categories, context) : rangeInputs(axis, context)));
  details.append(summary, ...rows.map((row) => row.element), message);
  mount.replaceChildren(details);

  store.subscribe((_selection, source) => {
    // A change made elsewhere (a brush, Clear, the URL) replaces whatever was typed, and its complaint.
    if (source !== SOURCE) report('', null);
    for (const row of rows) row.show();
  });
  for (const row of rows) row.show();
}

interface InputContext {
  store: SelectionStore;
  messageId: string;
  apply(axis: Axis, filter: AxisFilter | null): void;
  report(text: string, input: HTMLInputElement | null): void;
}

function fieldset(title: string): HTMLFieldSetElement {
  const element = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = title;
  element.append(legend);
  return element;
}

function labelled(text: string, input: HTMLInputElement, textFirst: boolean): HTMLLabelElement {
  const label = document.createElement('label');
  if (textFirst) label.append(`${text} `, input);
  else label.append(input, ` ${text}`);
  return label;
}

function rangeInputs(axis: Axis, { store, messageId, apply, report }: InputContext): AxisInputs {
  const domain = axis.domain.kind === 'numeric' ? axis.domain : null;
  const element = fieldset(axis.title);
  const textInput = (end: 'from' | 'to', placeholder: number | undefined) => {
    const input = document.createElement('input');
    input.type = 'text';
    input.size = 8;
    input.autocomplete = 'off';
    input.spellcheck = false;
    // The legend names the group; the input's own name says which axis too, for a list of a page's fields.
    input.setAttribute('aria-label', `${axis.title} ${end}`);
    input.setAttribute('aria-describedby', messageId);
    if (placeholder !== undefined && Number.isFinite(placeholder)) input.placeholder = formatNumber(placeholder);
    return input;
  };
  const from = textInput('from', domain?.lowest);
  const to = textInput('to', domain?.highest);
  element.append(labelled('from', from, true), ' ', labelled('to', to, true));
  let noValue: HTMLInputElement | null = null;
  if (domain?.noValue) {
    noValue = document.createElement('input');
    noValue.type = 'checkbox';
    element.append(' ', labelled('or no value', noValue, false));
  }

  const change = () => {
    const texts: RangeTexts = { from: from.value, to: to.value, noValue: noValue?.checked ?? false };
    const typed = rangeFilter(axis.title, texts, store.get().filters[axis.id]);
    if ('error' in typed) report(typed.error, typed.field === 'from' ? from : to);
    else apply(axis, typed.filter);
  };
  for (const input of [from, to, noValue]) input?.addEventListener('change', change);

  const show = () => {
    const texts = rangeTexts(store.get().filters[axis.id]);
    // Only what differs: rewriting a field the reader is in would move the caret.
    if (from.value !== texts.from) from.value = texts.from;
    if (to.value !== texts.to) to.value = texts.to;
    if (noValue !== null) noValue.checked = texts.noValue;
  };
  return { element, show };
}

function categoryInputs(axis: Axis, categories: readonly string[], { store, apply }: InputContext): AxisInputs {
  const element = fieldset(axis.title);
  const boxes = categories.map((category) => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = category;
    element.append(' ', labelled(category, box, false));
    return box;
  });
  const change = () => apply(axis, categoriesFilter(boxes.filter((box) => box.checked).map((box) => box.value), categories));
  for (const box of boxes) box.addEventListener('change', change);
  const show = () => {
    const checked = checkedCategories(store.get().filters[axis.id], categories);
    for (const box of boxes) box.checked = checked.includes(box.value);
  };
  return { element, show };
}
