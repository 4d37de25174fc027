import { countOf } from '../format.js';
import { summarizeRuns } from './runsSummary.js';
import type { ExploreData } from './exploreData.js';
import { groupRuns } from './groupCurves.js';

/**
 * The winner section grouped by a setting: each value's final metric over the selected runs (summarizeRuns), as
 * the static winner chart summarises a configuration's replicates (dots, min–max, mean). Pure, so it is tested in Node;
 * winnerGroups.ts draws it.
 */

/** What a run without a comparable final metric is counted as: its status, or this for a finished run without one. */
export const NO_VALUE = 'without a value';

/** The order the reasons are told in. */
export const APART_ORDER: readonly string[] = ['diverged', 'failed', 'pruned', NO_VALUE];

export interface GroupMetric {
  label: string;
  /** The group's selected runs (indices into the island's runs). */
  runs: number[];
  /** The final metric of its selected finished runs: the dots. */
  finals: { run: number; value: number }[];
  /** mean, min and max of `finals`; NaN when there are none. */
  mean: number;
  min: number;
  max: number;
  /**
   * Selected runs left out of the numbers, by status (APART_ORDER: 'diverged', 'failed', 'pruned', or NO_VALUE), in that order: a
   * diverged run has no final value, and a pruned one's is at a smaller budget (the static chart leaves both out too).
   */
  apart: Record<string, number>;
}

/**
 * One entry per value of the setting `group` that some run of the report has, in the setting's value order
 * (groupRuns: the grouping the curves use), each summarising the runs of that value that `selected` keeps:
 * a value without selected runs keeps its row, empty, so the rows stay put while a brush moves.
 */
export function groupMetrics(data: ExploreData, selected: readonly boolean[], group: string): GroupMetric[] {
  const every = data.runs.map(() => true);
  return groupRuns(data, every, group).map((entry) => {
    const summary = summarizeRuns(data, entry.runs.filter((run) => selected[run]));
    const apart: Record<string, number> = Object.fromEntries(Object.entries(summary.statuses).filter(([status]) => status !== 'finished'));
    const withoutValue = (summary.statuses.finished ?? 0) - summary.finals.length;
    if (withoutValue > 0) apart[NO_VALUE] = withoutValue;
    const ordered = Object.fromEntries(Object.entries(apart).sort(([a], [b]) => apartRank(a) - apartRank(b)));
    const [min, max] = summary.range;
    const finals = summary.finalRuns.map((run, i) => ({ run, value: summary.finals[i] }));
    return { label: entry.label, runs: summary.runs, finals, mean: summary.mean, min, max, apart: ordered };
  });
}

/** A reason's place in APART_ORDER; a status this page does not know, after those (in the order met). */
function apartRank(reason: string): number {
  const rank = APART_ORDER.indexOf(reason);
  return rank < 0 ? APART_ORDER.length : rank;
}

/** What a group's row says at its right edge: its selected runs, then those left out of the numbers: '18 runs, 6 diverged, 1 failed'. */
export function countText(metric: GroupMetric): string {
  if (metric.runs.length === 0) return 'none selected';
  return [countOf(metric.runs.length, 'run'), ...Object.entries(metric.apart).map(([reason, count]) => `${count} ${reason}`)].join(', ');
}
