import { compare, type Goal } from './compare.js';
import { decide, type Decision } from './decide.js';
import type { Seed } from './resample.js';
import { DEFAULT_ALPHA } from './verdict.js';

/** One configuration's metric, by replicate index (a replicate may be missing: comparisons then skip it). */
export interface ReplicateGroup {
  /** Names the configuration: with the leader's key it seeds the comparison's bootstrap. */
  readonly key: string;
  readonly byReplicate: ReadonlyMap<number, number>;
}

export interface CompareWithLeaderOptions {
  readonly goal: Goal;
  /** Replicate k of every group shares its seeds: compare the differences of the replicates both have. */
  readonly paired: boolean;
  /** Practical-equivalence margin δ in the metric's units (see defaultDelta). */
  readonly delta: number;
  /** Family-wise error rate of the whole set of comparisons (default 0.05). */
  readonly alpha?: number;
  /** The bootstrap seed of leader against other: the same keys must give the same seed, run after run. */
  readonly seed: (leaderKey: string, otherKey: string) => Seed;
}

/**
 * The leader against every other group. `won`: better than each of them. `equivalent`: no comparison is
 * open, and at least one group is equivalent to the leader. `undecided`: at least one comparison is
 * undecided (or, against all odds for the best mean, `worse`): the lead is not a win.
 */
export interface LeaderVerdict<G extends ReplicateGroup> {
  readonly kind: 'won' | 'equivalent' | 'undecided';
  readonly leader: G;
  /** One per other group, in the order given; each effect is positive when the leader is better. */
  readonly comparisons: readonly { readonly other: G; readonly decision: Decision }[];
  readonly alpha: number;
}

/**
 * Decide whether `ranked[0]` (the caller's leader, usually the best mean) beats, or is equivalent to, every
 * other group: compare it with each (paired: per-replicate differences over the replicates both have;
 * independent: every replicate of each), Holm-correct over those comparisons, and give each a verdict.
 * Pure: the same groups in the same order give the same bits (the report's winner and the runner's
 * adaptive replicates both decide with it, so they always agree). Needs at least two groups.
 */
export function compareWithLeader<G extends ReplicateGroup>(ranked: readonly G[], options: CompareWithLeaderOptions): LeaderVerdict<G> {
  const [leader, ...others] = ranked;
  if (leader === undefined || others.length === 0) throw new RangeError(`stats: compareWithLeader needs a leader and at least one other group, got ${ranked.length}`);
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const { goal, paired } = options;
  const comparisonsMade = others.map((other) => {
    const [a, b] = samples(leader.byReplicate, other.byReplicate, paired);
    return compare(a, b, { paired, goal, seed: options.seed(leader.key, other.key) });
  });
  const decisions = decide(comparisonsMade, { delta: options.delta, alpha });
  const verdicts = decisions.map((decision) => decision.verdict);
  const kind = verdicts.every((v) => v === 'better')
    ? 'won'
    : verdicts.every((v) => v === 'better' || v === 'equivalent')
      ? 'equivalent'
      : 'undecided';
  return { kind, leader, comparisons: others.map((other, i) => ({ other, decision: decisions[i] })), alpha };
}

/**
 * The conventional bootstrap seed of one comparison: the family's name (a sweep's) and the two groups' keys.
 * The report and the runner's adaptive replicates both use it, so both draw the very same resamples.
 */
export function leaderComparisonSeed(family: string, leaderKey: string, otherKey: string): string {
  return JSON.stringify([family, leaderKey, otherKey]);
}

/**
 * The two samples a comparison reads, in replicate order. Paired: only replicates both groups have,
 * matched by index. Independent: every replicate of each.
 */
function samples(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>, paired: boolean): [number[], number[]] {
  const order = (values: ReadonlyMap<number, number>) => [...values.keys()].sort((x, y) => x - y);
  if (!paired) return [order(a).map((k) => a.get(k)!), order(b).map((k) => b.get(k)!)];
  const shared = order(a).filter((k) => b.has(k));
  return [shared.map((k) => a.get(k)!), shared.map((k) => b.get(k)!)];
}
