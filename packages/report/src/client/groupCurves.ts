import { formatNumber } from '../format.js';
import { MAX_COLOURED_SERIES } from '../palette.js';
import { unpackSeries } from './curveCodec.js';
import type { ExploreData } from './exploreData.js';
import type { AxisFilter } from './selection.js';

/**
 * The learning curves of a selection, grouped: by configuration (its replicates), or by the value of one
 * setting (every selected run with that value). Pure, so the rules are tested in Node; curves.ts draws them.
 */

/** A run's curve, unpacked: x and value at each point it has a value (ascending x). */
export interface RunSeries {
  x: number[];
  y: number[];
}

const unpacked = new WeakMap<ExploreData, RunSeries[]>();

/**
 * Every run's curve (island order), unpacked once per page and shared by the views that draw curves: the island
 * packs them (curveCodec.ts). About 30 ms for 1,000 runs × 200 points, so the page warms it after it is
 * interactive (warmRunSeries) rather than on the first brush.
 */
export function runSeriesOf(data: ExploreData): RunSeries[] {
  let series = unpacked.get(data);
  if (series === undefined) unpacked.set(data, (series = unpackRunSeries(data)));
  return series;
}

/** Unpack the curves once the page is idle, so that the first brush or diff does not pay for it. */
export function warmRunSeries(data: ExploreData): void {
  if (data.curves === null) return;
  // Firefox ESR and Chromium have requestIdleCallback; a timeout stands in where it is missing.
  const later = typeof requestIdleCallback === 'function' ? (task: () => void) => requestIdleCallback(task, { timeout: 2000 }) : (task: () => void) => setTimeout(task, 200);
  later(() => runSeriesOf(data));
}

function unpackRunSeries(data: ExploreData): RunSeries[] {
  const xs = data.configurations.map((configuration) => (configuration.curveX === '' ? [] : unpackSeries(configuration.curveX)));
  return data.runs.map((run) => {
    const series: RunSeries = { x: [], y: [] };
    if (run.curve === '') return series;
    const x = xs[run.configuration];
    unpackSeries(run.curve).forEach((value, i) => {
      const at = x[i];
      if (value !== null && at !== null && at !== undefined) {
        series.x.push(at);
        series.y.push(value);
      }
    });
    return series;
  });
}

/**
 * What a click on a group's legend entry selects: a configuration (as a table row picks it), or the
 * setting's value as that axis's brush (null for runs without the setting: nothing to brush).
 */
export type GroupPick =
  | { kind: 'configuration'; configuration: number }
  | { kind: 'setting'; key: string; value: number | null; filter: AxisFilter | null };

export interface CurveGroup {
  label: string;
  /** Indices into the island's runs: the selected runs of this group. */
  runs: number[];
  pick: GroupPick;
}

/**
 * The selected runs grouped, in the report's value order: one group per configuration (group null) or per
 * value of the setting `group`. The one grouping of the page: the curves (curveGroups) and the winner
 * section (groupMetrics.ts) both read it.
 */
export function groupRuns(data: ExploreData, selected: readonly boolean[], group: string | null): CurveGroup[] {
  const settingIndex = group === null ? -1 : data.settings.findIndex((setting) => setting.key === group);
  const byKey = new Map<string, CurveGroup>();
  data.runs.forEach((run, i) => {
    if (!selected[i]) return;
    let key: string;
    let made: () => CurveGroup;
    if (settingIndex < 0) {
      key = String(run.configuration);
      made = () => ({ label: data.configurations[run.configuration].label, runs: [], pick: { kind: 'configuration', configuration: run.configuration } });
    } else {
      const setting = data.settings[settingIndex];
      const value = data.configurations[run.configuration].values[settingIndex];
      key = String(value);
      const text = value === null ? '–' : setting.kind === 'numeric' ? formatNumber(value) : setting.categories[value];
      const filter: AxisFilter | null =
        value === null ? null
        : setting.kind === 'numeric' ? { kind: 'range', min: value, max: value, missing: false }
        : { kind: 'categories', values: [setting.categories[value]] };
      made = () => ({ label: `${setting.name}=${text}`, runs: [], pick: { kind: 'setting', key: setting.key, value, filter } });
    }
    let entry = byKey.get(key);
    if (entry === undefined) byKey.set(key, (entry = made()));
    entry.runs.push(i);
  });
  return [...byKey.values()].sort((a, b) => orderOf(a.pick) - orderOf(b.pick));
}

/**
 * The groups of the selected runs to draw as curves (groupRuns). When there are more than the palette's colours, the best ones by their
 * runs' mean final metric (runs without one count as worst), as the static charts choose; `hidden` counts the rest.
 */
export function curveGroups(data: ExploreData, selected: readonly boolean[], group: string | null): { groups: CurveGroup[]; hidden: number } {
  const ordered = groupRuns(data, selected, group);
  if (ordered.length <= MAX_COLOURED_SERIES) return { groups: ordered, hidden: 0 };
  const sign = data.metric.goal === 'minimize' ? 1 : -1;
  const score = (entry: CurveGroup) => {
    const finals = entry.runs.flatMap((i) => (data.runs[i].final === null ? [] : [data.runs[i].final!]));
    return finals.length === 0 ? Infinity : (sign * finals.reduce((sum, value) => sum + value, 0)) / finals.length;
  };
  const best = new Set([...ordered].sort((a, b) => score(a) - score(b)).slice(0, MAX_COLOURED_SERIES));
  return { groups: ordered.filter((entry) => best.has(entry)), hidden: ordered.length - best.size };
}

/** Value order: configurations as the island lists them; numeric values ascending, categories by index, absent last. */
function orderOf(pick: GroupPick): number {
  if (pick.kind === 'configuration') return pick.configuration;
  return pick.value === null ? Infinity : pick.value;
}

/** One point of a group's curve: mean and min–max over the runs that reach x. */
export interface GroupCurvePoint {
  x: number;
  mean: number;
  low: number;
  high: number;
  runs: number;
}

/** The most x positions a group's curve is computed at: twice a run's (a chart shows no more). */
export const GROUP_GRID_POINTS = 200;

/**
 * Where a group's curve is computed: the union of its runs' x positions or, when that is longer than
 * GROUP_GRID_POINTS (runs of many configurations, each downsampled at its own points), that many evenly
 * spaced positions from the first to the last.
 */
function gridOf(series: readonly RunSeries[], runs: readonly number[]): number[] {
  const union = [...new Set(runs.flatMap((run) => series[run].x))].sort((a, b) => a - b);
  if (union.length <= GROUP_GRID_POINTS) return union;
  const [first, last] = [union[0], union[union.length - 1]];
  return Array.from({ length: GROUP_GRID_POINTS }, (_, i) => first + ((last - first) * i) / (GROUP_GRID_POINTS - 1));
}

/**
 * A group's curve over its runs: on the union of their x positions (or an even grid, see `gridOf`), each run's value read off its own curve
 * (linear between its two neighbouring points, exact where it has a point; only inside its own x range),
 * then mean(x) = Σ vᵣ(x) / Rₓ over the Rₓ runs that reach x, band = [min, max]. Replicates of one
 * configuration share their x positions, so for a configuration this is `meanCurve`'s mean and band exactly.
 */
export function groupCurve(series: readonly RunSeries[], runs: readonly number[]): GroupCurvePoint[] {
  const grid = gridOf(series, runs);
  const sums = new Float64Array(grid.length);
  const counts = new Uint32Array(grid.length);
  const lows = new Float64Array(grid.length).fill(Infinity);
  const highs = new Float64Array(grid.length).fill(-Infinity);
  for (const run of runs) {
    const { x, y } = series[run];
    if (x.length === 0) continue;
    let j = 0;
    for (let g = 0; g < grid.length; g++) {
      const at = grid[g];
      if (at < x[0] || at > x[x.length - 1]) continue;
      while (x[j + 1] !== undefined && x[j + 1] <= at) j++;
      const value = x[j] === at || j + 1 >= x.length ? y[j] : y[j] + ((at - x[j]) / (x[j + 1] - x[j])) * (y[j + 1] - y[j]);
      sums[g] += value;
      counts[g]++;
      if (value < lows[g]) lows[g] = value;
      if (value > highs[g]) highs[g] = value;
    }
  }
  return grid.flatMap((x, g) => (counts[g] === 0 ? [] : [{ x, mean: sums[g] / counts[g], low: lows[g], high: highs[g], runs: counts[g] }]));
}
