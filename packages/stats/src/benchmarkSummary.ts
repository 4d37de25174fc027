import type { Verdict } from './verdict.js';

/** How the candidate optimizer did on one workload of a benchmark. */
export interface WorkloadOutcome {
  readonly workload: string;
  /**
   * r(candidate, w) from the performance profile: 1 when fastest (or tied fastest), Infinity when the candidate
   * did not reach the target, null when no optimizer reached it (the workload was left out of the profile).
   */
  readonly ratio: number | null;
  /** The candidate against the best built-in on this workload; null when no comparison was made. */
  readonly verdict: Verdict | null;
  /** The best built-in on this workload, the one `verdict` compares with. */
  readonly bestBuiltIn: string;
}

export interface BenchmarkSummaryOptions {
  /** "within N× of the best" counts the workloads with r ≤ N (default 1.5). */
  readonly within?: number;
}

const VERDICT_PHRASES: Readonly<Record<Verdict, string>> = {
  better: 'better than',
  worse: 'worse than',
  equivalent: 'equivalent to',
  undecided: 'undecided against',
};
const VERDICT_ORDER: readonly Verdict[] = ['better', 'worse', 'equivalent', 'undecided'];

/**
 * The answer at the top of a benchmark report, e.g. "signum reaches 6 of 8 targets (missing digits and moons);
 * within 1.5× of the best on 4 (the fastest on 2); worse than momentum on ravine and rosenbrock; undecided against
 * the best built-in on saddle (adam) and well (sgd)." Workloads are named in the order given (the suite's order);
 * the same outcomes always give the same words.
 */
export function benchmarkSummary(candidate: string, outcomes: readonly WorkloadOutcome[], options: BenchmarkSummaryOptions = {}): string {
  const within = options.within ?? 1.5;
  if (!(within >= 1)) throw new RangeError(`stats: "within N× of the best" needs N ≥ 1, got ${within}`);
  if (outcomes.length === 0) return `${candidate} was benchmarked on no workloads.`;

  const reached = outcomes.filter((o) => o.ratio !== null && Number.isFinite(o.ratio));
  const missed = outcomes.filter((o) => !reached.includes(o)).map((o) => o.workload);
  const clauses: string[] = [];
  if (reached.length === 0) {
    clauses.push(`${candidate} reaches none of the ${outcomes.length} targets`);
  } else {
    const misses = missed.length > 0 ? ` (missing ${listOf(missed)})` : '';
    clauses.push(`${candidate} reaches ${reached.length} of ${outcomes.length} targets${misses}`);
    const close = reached.filter((o) => (o.ratio as number) <= within).length;
    const fastest = reached.filter((o) => o.ratio === 1).length;
    clauses.push(`within ${within}× of the best on ${close}${fastest > 0 ? ` (the fastest on ${fastest})` : ''}`);
  }
  for (const verdict of VERDICT_ORDER) {
    const group = outcomes.filter((o) => o.verdict === verdict);
    if (group.length > 0) clauses.push(verdictClause(VERDICT_PHRASES[verdict], group));
  }
  const nobody = outcomes.filter((o) => o.ratio === null).map((o) => o.workload);
  const nobodySentence = nobody.length > 0 ? ` No optimizer reached the target of ${listOf(nobody)}.` : '';
  return `${clauses.join('; ')}.${nobodySentence}`;
}

/** "worse than momentum on a and b" when one built-in is the best on all of them, else "… the best built-in on a (x) and b (y)". */
function verdictClause(phrase: string, group: readonly WorkloadOutcome[]): string {
  const builtIns = new Set(group.map((o) => o.bestBuiltIn));
  if (builtIns.size === 1) return `${phrase} ${group[0].bestBuiltIn} on ${listOf(group.map((o) => o.workload))}`;
  return `${phrase} the best built-in on ${listOf(group.map((o) => `${o.workload} (${o.bestBuiltIn})`))}`;
}

/** "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
