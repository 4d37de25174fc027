import type { BenchSuite } from './suite.js';
import { DERIVED_TARGETS } from './targets.js';
import { TINY_WORKLOADS } from './tinySuite.js';
import { SUITE_WORKLOADS, type WorkloadSpec } from './workloads.js';

/**
 * The suites by name, each with its version. Bump a version when its workloads, budgets or protocol change: it
 * is in every bench sweep's name (so cached baselines of another version are never read) and in the summary.
 */
const SUITE_DECLARATIONS: Readonly<Record<string, { version: string; workloads: readonly WorkloadSpec[] }>> = {
  standard: { version: 'v2', workloads: SUITE_WORKLOADS },
  tiny: { version: 'tiny-v1', workloads: TINY_WORKLOADS },
};

export const BENCH_SUITE_NAMES = Object.keys(SUITE_DECLARATIONS);

/** The suite called `name` with its committed targets (empty before deriveTargets has run for it). */
export function benchSuite(name: string): BenchSuite {
  const declared = SUITE_DECLARATIONS[name];
  if (declared === undefined) throw new Error(`optimizer bench: no suite '${name}'; expected one of ${BENCH_SUITE_NAMES.join(', ')}`);
  return { ...declared, targets: DERIVED_TARGETS[declared.version] ?? {} };
}
