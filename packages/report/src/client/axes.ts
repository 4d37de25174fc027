import { scaleLinear, scaleLog, type ContinuousScale } from 'd3-scale';
import { formatNumber } from '../format.js';
import { settingValue, type ExploreData, type ExploreRun } from './exploreData.js';
import { METRIC_AXIS, type AxisFilter } from './selection.js';

/**
 * The axes of the parallel-coordinates chart. Every axis maps its values onto one shared vertical
 * position in [0, 1] (Plot's y scale then maps that to pixels), and maps a brushed span of positions back
 * to an `AxisFilter` in the axis's own values, so the selection never depends on the window size.
 */
export interface Axis {
  /** Selection id: the setting's key, or METRIC_AXIS. */
  id: string;
  /** The title on the chart (unique across axes). */
  title: string;
  /** The run's position in [0, 1], bottom to top; null when it has no value to show. */
  position(run: ExploreRun): number | null;
  ticks: { position: number; label: string }[];
  /** The filter a brush from position `low` to `high` (low ≤ high) means. */
  filterBetween(low: number, high: number): AxisFilter;
  /** The positions [low, high] a filter covers (to redraw a brush from the URL or typed values), within the axis. */
  spanOf(filter: AxisFilter): [number, number] | null;
  /** The values a reader can type for this axis (selectByValue.ts). */
  domain: AxisDomain;
}

export type AxisDomain =
  /** The runs' lowest and highest values; `noValue`: some runs have none (the metric's 'no value' band). */
  | { kind: 'numeric'; lowest: number; highest: number; noValue: boolean }
  | { kind: 'categorical'; categories: readonly string[] };

/** Space kept free at both ends of an axis, so the extreme values are not drawn on the chart's edge. */
const PAD = 0.04;
/** On the metric axis, where runs without a value (diverged, failed) are drawn: beyond its worse end. */
const NO_VALUE_SPAN = 0.1;

function continuousScale(values: readonly number[], log: boolean, range: [number, number]): ContinuousScale {
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) [low, high] = log ? [low / 10, high * 10] : [low - 1, high + 1];
  return (log ? scaleLog() : scaleLinear()).domain([low, high]).range(range);
}

/**
 * A value's position on a continuous scale, held within [low, high]: a typed value may lie beyond the runs'
 * (an open end is ±Infinity), and a log scale has no position for 0 or below (d3 gives NaN).
 */
function heldPosition(scale: ContinuousScale, log: boolean, value: number, low: number, high: number): number {
  if (value === Infinity) return high;
  if (value === -Infinity || (log && value <= 0)) return low;
  return Math.min(high, Math.max(low, scale(value)));
}

/** A setting with at most this many distinct values (a grid's) labels each value; with more, round ticks. */
const MAX_VALUE_TICKS = 8;
/** Labels closer than this (on the 0–1 axis, about 10 px) would overlap: the later one is left out. */
const MIN_TICK_GAP = 0.025;

/** Ticks at the values themselves, skipping any that would overlap the previous label. */
function valueTicks(scale: ContinuousScale, values: readonly number[]): { position: number; label: string }[] {
  const ticks: { position: number; label: string }[] = [];
  for (const value of [...new Set(values)].sort((a, b) => a - b)) {
    const position = scale(value);
    if (ticks.length === 0 || position - ticks[ticks.length - 1].position >= MIN_TICK_GAP) ticks.push({ position, label: formatNumber(value) });
  }
  return ticks;
}

function ticksOf(scale: ContinuousScale, log: boolean): { position: number; label: string }[] {
  let values = scale.ticks(5);
  // d3's log ticks include 2…9 of every decade: keep the powers of ten when there are two or more.
  const powers = values.filter((value) => Math.abs(Math.log10(value) - Math.round(Math.log10(value))) < 1e-9);
  if (log && powers.length >= 2) values = powers;
  return values.map((value) => ({ position: scale(value), label: formatNumber(value) }));
}

function numericAxis(id: string, title: string, values: readonly number[], log: boolean, valueOf: (run: ExploreRun) => number | null): Axis {
  const scale = continuousScale(values, log, [PAD, 1 - PAD]);
  return {
    id,
    title,
    position: (run) => {
      const value = valueOf(run);
      return value === null ? null : scale(value);
    },
    ticks: new Set(values).size <= MAX_VALUE_TICKS ? valueTicks(scale, values) : ticksOf(scale, log),
    filterBetween: (low, high) => ({ kind: 'range', min: scale.invert(low), max: scale.invert(high), missing: false }),
    spanOf: (filter) => (filter.kind === 'range' && filter.min <= filter.max ? [heldPosition(scale, log, filter.min, 0, 1), heldPosition(scale, log, filter.max, 0, 1)] : null),
    domain: { kind: 'numeric', lowest: Math.min(...values), highest: Math.max(...values), noValue: false },
  };
}

function categoricalAxis(id: string, title: string, categories: readonly string[], valueOf: (run: ExploreRun) => number | null): Axis {
  const position = (category: number) => (categories.length === 1 ? 0.5 : PAD + ((1 - 2 * PAD) * category) / (categories.length - 1));
  const every = Math.ceil(categories.length / 20); // at most ~20 labels; every value still has its position
  return {
    id,
    title,
    position: (run) => {
      const value = valueOf(run);
      return value === null || value < 0 ? null : position(value);
    },
    ticks: categories.flatMap((label, i) => (i % every === 0 ? [{ position: position(i), label }] : [])),
    filterBetween: (low, high) => ({ kind: 'categories', values: categories.filter((_, i) => low <= position(i) && position(i) <= high) }),
    spanOf: (filter) => {
      if (filter.kind !== 'categories' || filter.values.length === 0) return null;
      const positions = filter.values.map((value) => position(categories.indexOf(value)));
      const half = categories.length > 1 ? (1 - 2 * PAD) / (categories.length - 1) / 2 : 0.1;
      return [Math.min(...positions) - half, Math.max(...positions) + half];
    },
    domain: { kind: 'categorical', categories },
  };
}

/**
 * The metric axis: finite values on a (log, if the island says so) scale; runs without a value in a band
 * past the worse end (the top when minimizing), labelled 'no value'.
 */
function metricAxis(data: ExploreData, title: string): Axis {
  const finals = data.runs.flatMap((run) => (run.final === null ? [] : [run.final]));
  const hasMissing = finals.length < data.runs.length;
  const minimize = data.metric.goal === 'minimize';
  const [bottom, top] = hasMissing ? (minimize ? [PAD, 1 - NO_VALUE_SPAN] : [NO_VALUE_SPAN, 1 - PAD]) : [PAD, 1 - PAD];
  const noValue = minimize ? 1 - NO_VALUE_SPAN / 2 : NO_VALUE_SPAN / 2;
  const scale = finals.length > 0 ? continuousScale(finals, data.metric.log, [bottom, top]) : null;
  const inNoValue = (low: number, high: number) => hasMissing && low <= noValue && noValue <= high;
  return {
    id: METRIC_AXIS,
    title,
    position: (run) => (run.final === null ? noValue : scale === null ? null : scale(run.final)),
    ticks: [...(scale === null ? [] : ticksOf(scale, data.metric.log)), ...(hasMissing ? [{ position: noValue, label: '✕ no value' }] : [])],
    filterBetween: (low, high) => {
      const missing = inNoValue(low, high);
      // Clip to the values' part of the axis: a brush that covers only the no-value band keeps no finite value.
      const [from, to] = [Math.max(low, bottom), Math.min(high, top)];
      if (scale === null || from > to) return { kind: 'range', min: Infinity, max: -Infinity, missing };
      return { kind: 'range', min: scale.invert(from), max: scale.invert(to), missing };
    },
    spanOf: (filter) => {
      if (filter.kind !== 'range') return null;
      const span: number[] = [];
      const log = data.metric.log;
      if (scale !== null && filter.min <= filter.max) span.push(heldPosition(scale, log, filter.min, bottom, top), heldPosition(scale, log, filter.max, bottom, top));
      if (filter.missing && hasMissing) span.push(noValue - NO_VALUE_SPAN / 4, noValue + NO_VALUE_SPAN / 4);
      return span.length === 0 ? null : [Math.min(...span), Math.max(...span)];
    },
    domain: { kind: 'numeric', lowest: Math.min(...finals), highest: Math.max(...finals), noValue: hasMissing },
  };
}

/** One axis per setting in the island's order, then the metric. */
export function buildAxes(data: ExploreData): Axis[] {
  const settingAxes = data.settings.map((setting, index) => {
    const valueOf = (run: ExploreRun) => settingValue(data, run, index);
    if (setting.kind === 'categorical') return categoricalAxis(setting.key, setting.name, setting.categories, valueOf);
    const values = data.configurations.flatMap((configuration) => (configuration.values[index] === null ? [] : [configuration.values[index] as number]));
    return numericAxis(setting.key, setting.name, values, setting.log, valueOf);
  });
  const titles = new Set(settingAxes.map((axis) => axis.title));
  const metricTitle = titles.has(data.metric.name) ? `${data.metric.name} (metric)` : data.metric.name;
  return [...settingAxes, metricAxis(data, metricTitle)];
}
