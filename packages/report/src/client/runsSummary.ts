import { extent, mean } from '../statistics.js';
import type { ExploreData } from './exploreData.js';

/**
 * Some runs' final metric in one line of numbers: the page's side of the server's `summarizeConfiguration`
 * (ranking.ts), with the same rule: the final metric is summarised over the finished runs only, and the rest are
 * counted by their status, apart. The configuration diff summarises a configuration's replicates with it, the
 * grouped winner view (groupMetrics.ts) each value's selected runs.
 */
export interface RunsSummary {
  /** Indices into the island's runs, in island order. */
  runs: number[];
  /** Runs by status ('finished', 'diverged', 'failed', 'pruned'), only the statuses some run has. */
  statuses: Record<string, number>;
  /** The final metric of each finished run that has one (a finite number), and that run. */
  finals: number[];
  finalRuns: number[];
  /** mean(finals); NaN when there is none. */
  mean: number;
  /** [min, max] of finals; NaN, NaN when there is none. */
  range: [number, number];
}

export function summarizeRuns(data: ExploreData, runs: readonly number[]): RunsSummary {
  const statuses: Record<string, number> = {};
  const finals: number[] = [];
  const finalRuns: number[] = [];
  for (const i of runs) {
    const run = data.runs[i];
    statuses[run.status] = (statuses[run.status] ?? 0) + 1;
    if (run.status === 'finished' && run.final !== null) {
      finals.push(run.final);
      finalRuns.push(i);
    }
  }
  return { runs: [...runs], statuses, finals, finalRuns, mean: mean(finals), range: extent(finals) };
}

/** A configuration's replicates, summarised. */
export function configurationSummary(data: ExploreData, configuration: number): RunsSummary {
  return summarizeRuns(data, data.runs.flatMap((run, i) => (run.configuration === configuration ? [i] : [])));
}
