import {
  compareWithLeader,
  leaderComparisonSeed,
  defaultDelta,
  DEFAULT_ALPHA,
  DEFAULT_DELTA_FRACTION,
  percentileOfSorted,
  type Decision,
  type Goal,
  type ReplicateGroup,
} from '@descent/stats';
import type { ConfigurationResult } from './ranking.js';

/**
 * Whether the best configuration really won. The leader (best mean among the configurations whose replicates
 * all finished) is compared with every other such configuration by @descent/stats: the effect with a seeded
 * bootstrap interval and a rank test, Holm-corrected over those comparisons, each given a verdict (better,
 * worse, equivalent within ±δ, undecided). A lead is called a win only when every verdict is `better`.
 */
export type WinnerVerdict =
  | { kind: 'no-eligible'; excluded: number }
  | { kind: 'only-one'; best: ConfigurationResult; excluded: number }
  | { kind: 'single-replicate'; best: ConfigurationResult; runnerUp: ConfigurationResult; lead: number; excluded: number }
  /** Runs without randomness (a landscape with exact gradients): replicates are identical, so any lead is exact. */
  | { kind: 'exact'; best: ConfigurationResult; runnerUp: ConfigurationResult; lead: number; excluded: number }
  | DecidedVerdict;

/**
 * The leader against every other eligible configuration. `won`: better than each of them. `equivalent`: no
 * comparison is open, and at least one configuration is equivalent to the leader. `undecided`: at least one
 * comparison is undecided (or, against all odds for the best mean, `worse`): the lead is not a win.
 */
export interface DecidedVerdict {
  kind: 'won' | 'equivalent' | 'undecided';
  best: ConfigurationResult;
  /** One per other eligible configuration, best mean first; each decision's effect is positive when the leader is better. */
  comparisons: LeaderComparison[];
  margin: EquivalenceMargin;
  /** Replicate k of the leader and of the other configuration share their seeds (see isPaired). */
  paired: boolean;
  /** The family-wise error rate the verdicts hold the Holm-adjusted p-values to. */
  alpha: number;
  excluded: number;
}

export interface LeaderComparison {
  other: ConfigurationResult;
  decision: Decision;
}

/**
 * δ, the difference too small to matter, and where it came from: declared by the sweep (`delta:`, the
 * smallest difference in its metric that matters), or the default rule (defaultDelta).
 */
export type EquivalenceMargin = DeclaredMargin | DefaultMargin;

export interface DeclaredMargin {
  source: 'declared';
  delta: number;
}

export interface DefaultMargin {
  source: 'default';
  delta: number;
  /** δ = fraction × the spread of the metric over `runs` finished runs. */
  fraction: number;
  /** defaultDelta's spread: the interquartile range, or the standard deviation when that range is 0. */
  spread: 'interquartile range' | 'standard deviation';
  runs: number;
}

/** δ by defaultDelta over every finished run's final metric, and which spread it took. */
function defaultMargin(values: readonly number[]): DefaultMargin {
  const sorted = Float64Array.from(values).sort();
  const interquartileRange = percentileOfSorted(sorted, 75) - percentileOfSorted(sorted, 25);
  return {
    source: 'default',
    delta: defaultDelta(values),
    fraction: DEFAULT_DELTA_FRACTION,
    spread: interquartileRange > 0 ? 'interquartile range' : 'standard deviation',
    runs: values.length,
  };
}

export interface DecideWinnerOptions {
  goal: Goal;
  /** Names the family of comparisons (the sweep's name): with the two configurations' keys it seeds each bootstrap. */
  seedName: string;
  /** Replicate k of every configuration shares its seeds (isPaired): compare per-replicate differences. */
  paired?: boolean;
  /** The runs involve no randomness at all: there is no seed noise to beat and the lead is exact (kind 'exact'). */
  deterministic?: boolean;
  /** δ declared by the sweep (`delta:`); absent or null: the default rule over the runs' spread. */
  delta?: number | null;
}

/** The bootstrap seed of one comparison: the same sweep and configurations give the same resamples, bit for bit. */
export function comparisonSeed(seedName: string, leaderKey: string, otherKey: string): string {
  return leaderComparisonSeed(seedName, leaderKey, otherKey);
}

/** The final metric of each replicate, by replicate index (eligible configurations have one finite value per run). */
function replicateGroup(result: ConfigurationResult): ReplicateGroup & { result: ConfigurationResult } {
  const byReplicate = new Map<number, number>();
  for (const run of result.configuration.runs) byReplicate.set(run.record.replicate, run.record.summary.finalMetric);
  return { key: result.configuration.key, byReplicate, result };
}

/** Judge the ranking (best first, as from rankConfigurations) under the metric's goal. */
export function decideWinner(ranked: readonly ConfigurationResult[], options: DecideWinnerOptions): WinnerVerdict {
  const eligible = ranked.filter((result) => result.eligible);
  const excluded = ranked.length - eligible.length;
  if (eligible.length === 0) return { kind: 'no-eligible', excluded };
  const [best, runnerUp] = eligible;
  if (runnerUp === undefined) return { kind: 'only-one', best, excluded };
  const lead = Math.abs(best.mean - runnerUp.mean);
  if (options.deterministic === true) return { kind: 'exact', best, runnerUp, lead, excluded };
  if (best.metricValues.length < 2 || runnerUp.metricValues.length < 2) {
    return { kind: 'single-replicate', best, runnerUp, lead, excluded };
  }
  const paired = options.paired === true;
  // Default δ over every finished run of these configurations, eligible or not: the spread the whole sweep shows.
  const margin: EquivalenceMargin =
    options.delta !== undefined && options.delta !== null ? { source: 'declared', delta: options.delta } : defaultMargin(ranked.flatMap((result) => result.metricValues));
  const { kind, comparisons: decided } = compareWithLeader(eligible.map(replicateGroup), {
    goal: options.goal,
    paired,
    delta: margin.delta,
    alpha: DEFAULT_ALPHA,
    seed: (leaderKey, otherKey) => comparisonSeed(options.seedName, leaderKey, otherKey),
  });
  const comparisons = decided.map(({ other, decision }) => ({ other: other.result, decision }));
  return { kind, best, comparisons, margin, paired, alpha: DEFAULT_ALPHA, excluded };
}
