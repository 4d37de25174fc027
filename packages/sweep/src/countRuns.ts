import type { Sweep } from './sweep.js';

/**
 * Runs a sweep asks for (with adaptive replicates: its first round, `min` of each), computed without building them: grid = ∏ (values per parameter) × replicates;
 * random and quasirandom = samples × replicates. An upper bound for grid and random: expansion drops configurations that come out equal
 * (quasirandom takes further points until it has `samples` distinct ones).
 */
export function countRuns(sweep: Sweep): number {
  return countConfigurations(sweep) * sweep.replicates;
}

/** Configurations a sweep asks for (an upper bound, as for countRuns): grid = ∏ (values per parameter); random, quasirandom = samples. */
export function countConfigurations(sweep: Sweep): number {
  if (sweep.method !== 'grid') return sweep.samples ?? 0;
  return sweep.parameters.reduce((product, p) => product * (p.kind === 'values' ? p.values.length : 1), 1);
}
