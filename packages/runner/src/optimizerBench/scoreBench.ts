import { benchmarkSummary, compareWithLeader, defaultDelta, leaderComparisonSeed, performanceProfile, type WorkloadOutcome } from '@descent/stats';
import type { BenchProfileLine, BenchResult, BenchVerdict } from './types.js';

/** The smallest practical-equivalence margin δ, as a fraction of the workload's target. */
export const MIN_DELTA_OF_TARGET = 0.01;

/** The scores of a bench: the profile over every optimizer, each candidate's verdicts and its one-paragraph answer. */
export interface BenchScores {
  tau: number[];
  profile: BenchProfileLine[];
  verdicts: BenchVerdict[];
  answers: Record<string, string>;
}

interface ScoreInput {
  /** Workload ids in the suite's order, with each one's goal, and whether its runs involve no randomness (every replicate alike). */
  workloads: readonly { id: string; goal: 'minimize' | 'maximize'; target: number; deterministic: boolean }[];
  results: readonly BenchResult[];
  candidates: readonly string[];
  /** The built-ins a candidate's verdict is given against (the registry's own optimizers, not the shipped plugins). */
  builtIns: readonly string[];
  /** Names the comparisons' bootstrap seeds (the suite version). */
  family: string;
}

/**
 * Profile on the examples axis (AlgoPerf's ρ(τ), τ ∈ [1, 4]) over every optimizer, baselines and candidates.
 * Verdicts: when every replicate of one side reached the target and none of the other's, that decides it; on a
 * workload without randomness, the exact difference of final metrics against the margin δ; otherwise final metrics, paired by replicate, with compareWithLeader: a continuous value per replicate says
 * "better" or "worse" even where neither reached the target, which a time to target (∞ when missed) cannot.
 */
export function scoreBench(input: ScoreInput): BenchScores {
  const optimizers = [...new Set(input.results.map((r) => r.optimizer))];
  const resultOf = (optimizer: string, workload: string) => {
    const found = input.results.find((r) => r.optimizer === optimizer && r.workload === workload);
    if (!found) throw new Error(`optimizer bench: no result for ${optimizer} on ${workload}`);
    return found;
  };
  const ids = input.workloads.map((w) => w.id);
  const profiled = performanceProfile(
    optimizers.map((optimizer) => ({ optimizer, times: Object.fromEntries(ids.map((id) => [id, resultOf(optimizer, id).examplesToTarget])) })),
    { workloads: ids },
  );
  const profile = profiled.optimizers.map((o) => ({ optimizer: o.optimizer, rho: [...o.profile], score: o.score }));
  const ratioOf = (optimizer: string, workload: string): number | null => {
    const line = profiled.optimizers.find((o) => o.optimizer === optimizer)!;
    return Object.hasOwn(line.ratios, workload) ? line.ratios[workload] : null;
  };

  const verdicts: BenchVerdict[] = [];
  const answers: Record<string, string> = {};
  for (const candidate of input.candidates) {
    const outcomes: WorkloadOutcome[] = [];
    for (const workload of input.workloads) {
      const rivals = input.builtIns.filter((b) => b !== candidate).map((b) => resultOf(b, workload.id));
      const against = bestOf(rivals, workload.goal);
      const mine = resultOf(candidate, workload.id);
      const verdict = verdictAgainst(mine, against, workload, input.family, input.results);
      const ratio = ratioOf(candidate, workload.id);
      verdicts.push({ optimizer: candidate, workload: workload.id, against: against.optimizer, verdict, ratio: ratio !== null && Number.isFinite(ratio) ? ratio : null });
      outcomes.push({ workload: workload.id, ratio, verdict, bestBuiltIn: against.optimizer });
    }
    answers[candidate] = benchmarkSummary(candidate, outcomes);
  }
  return { tau: [...profiled.taus], profile, verdicts, answers };
}

/** The median of the finite values (NaN when none). */
function medianOf(values: readonly (number | null)[]): number {
  const finite = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
}

/** The fastest to the target (examples); when none reached it, the best median final metric; then by name. */
function bestOf(results: readonly BenchResult[], goal: 'minimize' | 'maximize'): BenchResult {
  const sign = goal === 'minimize' ? 1 : -1;
  const key = (r: BenchResult): [number, number] => [r.examplesToTarget ?? Infinity, Number.isNaN(medianOf(r.finalMetrics)) ? Infinity : sign * medianOf(r.finalMetrics)];
  return [...results].sort((a, b) => {
    const [ta, ma] = key(a);
    const [tb, mb] = key(b);
    return ta - tb || (ma === mb ? 0 : ma < mb ? -1 : 1) || (a.optimizer < b.optimizer ? -1 : a.optimizer > b.optimizer ? 1 : 0);
  })[0];
}

/**
 * The candidate against the best built-in on final metrics, replicate k with replicate k (same data, weights,
 * batches, noise). A replicate that diverged has no final metric: when every replicate of one side diverged and
 * the other's did not, that side is worse outright; otherwise the replicates both finished are compared.
 */
function verdictAgainst(mine: BenchResult, best: BenchResult, workload: ScoreInput['workloads'][number], family: string, all: readonly BenchResult[]): BenchVerdict['verdict'] {
  const goal = workload.goal;
  const finiteMine = mine.finalMetrics.some((v) => v !== null);
  const finiteBest = best.finalMetrics.some((v) => v !== null);
  if (!finiteMine && finiteBest) return 'worse';
  if (finiteMine && !finiteBest) return 'better';
  // Every replicate of one reached the target and none of the other's: the outcome the scores count, replicate
  // by replicate on the same seeds. (Three paired replicates can never make a rank test significant on their own.)
  const reachedAll = (r: BenchResult) => r.reached === r.scored;
  if (reachedAll(mine) && best.reached === 0) return 'better';
  if (mine.reached === 0 && reachedAll(best)) return 'worse';
  // δ from the spread of every optimizer's final metric on this workload, as a sweep's report takes it from its runs,
  // but never below a hundredth of the target: when every optimizer settles in the same minimum the spread is
  // ~1e-5 and a difference in the fifth digit would otherwise read as 'worse'.
  const values = all.filter((r) => r.workload === workload.id).flatMap((r) => r.finalMetrics.filter((v): v is number => v !== null));
  const delta = Math.max(defaultDelta(values), MIN_DELTA_OF_TARGET * Math.abs(workload.target));
  if (workload.deterministic) {
    // No randomness (a landscape with exact gradients): every replicate repeats the first, the difference is exact
    // and no test is needed, only the practical-equivalence margin.
    const difference = (mine.finalMetrics[0] as number) - (best.finalMetrics[0] as number);
    const gain = goal === 'minimize' ? -difference : difference;
    return Math.abs(gain) <= delta ? 'equivalent' : gain > 0 ? 'better' : 'worse';
  }
  const group = (r: BenchResult) => ({
    key: r.optimizer,
    byReplicate: new Map(r.finalMetrics.flatMap((v, k): [number, number][] => (v === null ? [] : [[k, v]]))),
  });
  const a = group(mine);
  const b = group(best);
  const shared = [...a.byReplicate.keys()].filter((k) => b.byReplicate.has(k));
  if (shared.length < 2) return 'undecided';
  const decided = compareWithLeader([a, b], { goal, paired: true, delta, seed: (l, o) => leaderComparisonSeed(`${family}/${workload.id}`, l, o) });
  return decided.comparisons[0].decision.verdict;
}
