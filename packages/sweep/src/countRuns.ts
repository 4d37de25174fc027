import type { Sweep } from './sweep.js';

/**
 * Runs a sweep asks for, computed without building them: grid = ∏ (values per parameter) × replicates;
 * random = samples × replicates. An upper bound: expansion drops configurations that come out equal.
 */
export function countRuns(sweep: Sweep): number {
  if (sweep.method === 'random') return (sweep.samples ?? 0) * sweep.replicates;
  const configurations = sweep.parameters.reduce((product, p) => product * (p.kind === 'values' ? p.values.length : 1), 1);
  return configurations * sweep.replicates;
}
