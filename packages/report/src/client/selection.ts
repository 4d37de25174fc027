import { createStore, type Store, type StoreListener } from './store.js';
import { formatNumber } from '../format.js';
import { settingValue, type ExploreData, type ExploreRun } from './exploreData.js';

/**
 * The page's one selection, shared by every view: brushed ranges on axes (AND-ed) and, optionally, one
 * configuration picked in the table. Views subscribe to the store and draw what `selectedRuns` says;
 * nothing here touches the DOM, so the rules are tested in Node.
 */

/** The metric's axis id; settings use their dotted keys, which always hold a '.' (or are 'sweep'). */
export const METRIC_AXIS = 'metric';

/** What a brush on one axis keeps. */
export type AxisFilter =
  /** Numeric axis (or the metric): min ≤ value ≤ max. On the metric axis `missing` keeps runs without a value. */
  | { kind: 'range'; min: number; max: number; missing: boolean }
  /** Categorical axis: the values (as the island writes them) inside the brush. */
  | { kind: 'categories'; values: string[] };

export interface Selection {
  /** Axis id → its brush; a run is selected when it passes every one. */
  filters: Record<string, AxisFilter>;
  /** A configuration (index into the island's `configurations`) picked from the table, or null. */
  configuration: number | null;
}

export const EMPTY_SELECTION: Selection = { filters: {}, configuration: null };

export function isEmpty(selection: Selection): boolean {
  return Object.keys(selection.filters).length === 0 && selection.configuration === null;
}

function passes(data: ExploreData, run: ExploreRun, axis: string, filter: AxisFilter): boolean {
  if (axis === METRIC_AXIS) {
    if (filter.kind !== 'range') return false;
    return run.final === null ? filter.missing : filter.min <= run.final && run.final <= filter.max;
  }
  const index = data.settings.findIndex((setting) => setting.key === axis);
  if (index < 0) return true; // an axis this report does not have (an old link): no constraint
  const value = settingValue(data, run, index);
  if (value === null) return false;
  if (filter.kind === 'range') return filter.min <= value && value <= filter.max;
  return filter.values.includes(data.settings[index].categories[value]);
}

/** Whether each run (in the island's order) is selected; with an empty selection, all are. */
export function selectedRuns(data: ExploreData, selection: Selection): boolean[] {
  const filters = Object.entries(selection.filters);
  return data.runs.map(
    (run) =>
      (selection.configuration === null || run.configuration === selection.configuration) &&
      filters.every(([axis, filter]) => passes(data, run, axis, filter)),
  );
}

/** The selection in words, axis by axis: 'lr 0.01–0.1, momentum 0.5–0.9, configuration lr=0.1 · momentum=0.9'. */
export function describeSelection(data: ExploreData, selection: Selection): string {
  const axes = [...data.settings.map((setting) => ({ id: setting.key, name: setting.name })), { id: METRIC_AXIS, name: data.metric.name }];
  const parts = axes.flatMap(({ id, name }) => {
    const filter = selection.filters[id];
    if (filter === undefined) return [];
    if (filter.kind === 'categories') return [`${name} ${filter.values.length === 0 ? 'none' : filter.values.join(', ')}`];
    const range = filter.min <= filter.max ? describeRange(filter.min, filter.max) : '';
    const missing = filter.missing ? 'no value' : '';
    return [`${name} ${[range, missing].filter((part) => part !== '').join(' or ') || 'none'}`];
  });
  if (selection.configuration !== null) parts.push(`configuration ${data.configurations[selection.configuration].label}`);
  return parts.join(', ');
}

/** A range in words; an open end (typed empty: ±Infinity) reads as a bound: '≤ 0.1', '≥ 0.01'. */
function describeRange(min: number, max: number): string {
  if (min === -Infinity && max === Infinity) return 'any value';
  if (min === -Infinity) return `≤ ${formatNumber(max)}`;
  if (max === Infinity) return `≥ ${formatNumber(min)}`;
  return `${formatNumber(min)}–${formatNumber(max)}`;
}

export type SelectionListener = StoreListener<Selection>;

/** The shared selection (store.ts). */
export type SelectionStore = Store<Selection>;

export function createSelectionStore(initial: Selection = EMPTY_SELECTION): SelectionStore {
  return createStore(initial);
}

/** The selection with one axis's brush replaced (or removed, for null). */
export function withFilter(selection: Selection, axis: string, filter: AxisFilter | null): Selection {
  const filters = { ...selection.filters };
  if (filter === null) delete filters[axis];
  else filters[axis] = filter;
  return { ...selection, filters };
}
