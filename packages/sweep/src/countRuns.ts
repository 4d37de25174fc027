import type { Sweep } from './sweep.js';

/**
 * Runs a sweep asks for (with adaptive replicates: its first round, `min` of each), computed without building them: grid = ∏ (values per parameter) × replicates;
 * random = samples × replicates. An upper bound: expansion drops configurations that come out equal.
 */
export function countRuns(sweep: Sweep): number {
  return countConfigurations(sweep) * sweep.replicates;
}

/** Configurations a sweep asks for (an upper bound, as for countRuns): grid = ∏ (values per parameter); random = samples. */
export function countConfigurations(sweep: Sweep): number {
  if (sweep.method === 'random') return sweep.samples ?? 0;
  return sweep.parameters.reduce((product, p) => product * (p.kind === 'values' ? p.values.length : 1), 1);
}
