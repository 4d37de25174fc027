import { extent, mean } from '../statistics.js';
import type { ExploreData } from './exploreData.js';

/**
 * A configuration's replicates in one line of numbers, for the configuration diff: the page's side of the
 * server's `summarizeConfiguration` (ranking.ts), with the same rule: the final metric is summarised over the
 * finished replicates only, and the rest are counted by their status, apart.
 */
export interface ConfigurationSummary {
  /** Indices into the island's runs: the configuration's replicates, in island order. */
  runs: number[];
  /** Replicates by status ('finished', 'diverged', 'failed', 'pruned'), only the statuses some replicate has. */
  statuses: Record<string, number>;
  /** The final metric of each finished replicate that has one (a finite number). */
  finals: number[];
  /** mean(finals); NaN when there is none. */
  mean: number;
  /** [min, max] of finals; NaN, NaN when there is none. */
  range: [number, number];
}

export function configurationSummary(data: ExploreData, configuration: number): ConfigurationSummary {
  const runs: number[] = [];
  const statuses: Record<string, number> = {};
  const finals: number[] = [];
  data.runs.forEach((run, i) => {
    if (run.configuration !== configuration) return;
    runs.push(i);
    statuses[run.status] = (statuses[run.status] ?? 0) + 1;
    if (run.status === 'finished' && run.final !== null) finals.push(run.final);
  });
  return { runs, statuses, finals, mean: mean(finals), range: extent(finals) };
}
