import type { WorkloadSpec } from './workloads.js';

/**
 * How many tuning trials and replicates each optimizer gets on each workload. Where a candidate's verdict against
 * the best built-in is still undecided on a workload with randomness, both get `replicateStep` more paired
 * replicates, round after round, up to `maxReplicates` (a rank test cannot call a direction below six pairs:
 * REPLICATES_TO_DECIDE_A_DIRECTION), as `replicates: { min, max, step }` does within a sweep.
 */
export interface BenchProtocol {
  trials: number;
  replicates: number;
  replicateStep: number;
  maxReplicates: number;
}

export const BENCH_BUDGETS = ['quick', 'full'] as const;
export type BenchBudget = (typeof BENCH_BUDGETS)[number];

export const BENCH_PROTOCOLS: Readonly<Record<BenchBudget, BenchProtocol>> = {
  quick: { trials: 8, replicates: 3, replicateStep: 3, maxReplicates: 9 },
  full: { trials: 24, replicates: 5, replicateStep: 5, maxReplicates: 15 },
};

/**
 * A benchmark suite: its version (in every sweep name and the summary, so results of two versions never mix),
 * its workloads and each one's target (the metric value that counts as reached, on the held-out variant).
 */
export interface BenchSuite {
  version: string;
  workloads: readonly WorkloadSpec[];
  targets: Readonly<Record<string, number>>;
}

/**
 * The suite's target for a workload: the one its declaration fixes (that declaration is the source, whatever
 * targets.ts holds), else the derived one (it must have one: derive them with deriveTargets).
 */
export function targetOf(suite: BenchSuite, workload: string): number {
  const fixed = suite.workloads.find((w) => w.id === workload)?.fixedTarget;
  if (fixed !== undefined) return fixed.value;
  const target = suite.targets[workload];
  if (target === undefined) throw new Error(`optimizer bench: suite ${suite.version} has no target for workload ${workload} (run deriveTargets)`);
  return target;
}
