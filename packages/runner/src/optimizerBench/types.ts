/**
 * What `exp optimizers bench` writes (summary.json beside its report) and the report reads: the machine-readable
 * result of benchmarking optimizers on the suite. Plain JSON; ∞ (never reached) is written as null.
 */

/** The version of the suite: its workloads, budgets, targets and protocol. Results of two versions are not comparable. */
export type SuiteVersion = string;

export interface BenchWorkload {
  /** e.g. 'ravine', 'rosenbrock', 'saddle', 'double-well', 'lecture', 'moons', 'digits', 'least-squares'. */
  id: string;
  /** One line for a reader: the problem and what it tests ("ill-conditioned valley, κ = 100, noisy gradients"). */
  title: string;
  /** The held-out variant the scores are measured on (chosen by the suite seed), e.g. 'data seed 3' or 'κ = 300'. */
  variant: string;
  /** What the replicates are scored on (a dataset's test metric); tuning chose on its validation counterpart (workloads.ts tuningMetric). */
  metric: string;
  goal: 'minimize' | 'maximize';
  /** The metric value that counts as reached, and the budget to reach it in (steps and examples). */
  target: number;
  /** Why the target is what it is, present only where the workload fixes it (else it is derived from the tuned built-ins). */
  targetRule?: string;
  budget: { steps: number; examples: number };
}

/** One optimizer on one workload: its tuned hyperparameters and how its replicates did. */
export interface BenchResult {
  optimizer: string;
  workload: string;
  /** The hyperparameters the tuning protocol chose: the best trial on the published variant by the tuning metric (a dataset's validation split, a landscape's loss). */
  tuned: Record<string, number | string | boolean>;
  /** The optimizer's other hyperparameters (not searched: `search: false`, or not numbers), as every trial and replicate used them. */
  fixed: Record<string, number | string | boolean>;
  trials: number;
  /** The budget's replicates, or more where a candidate's verdict against this optimizer needed them (BenchProtocol). */
  replicates: number;
  /**
   * The replicates that are scored: the first `scored` (the budget's count, the same for every optimizer) give
   * `reached` and the time to target, so a baseline's profile does not move when a candidate's verdict added
   * replicates to it and profiles of two benches compare; the others feed only the verdict (finalMetrics).
   */
  scored: number;
  /**
   * Scored replicates that reached the target, and the time to target (their median, null when not reached by a
   * majority). Wall time is not here: it depends on the machine, so it is written apart (timing.ts, timing.json).
   */
  reached: number;
  stepsToTarget: number | null;
  examplesToTarget: number | null;
  /** Final metric of each replicate (NaN → null: diverged or failed). */
  finalMetrics: (number | null)[];
  diverged: number;
  failed: number;
  /** The replicates' mean metric along training on the held-out variant (meanCurve.ts), for the report's learning curves. */
  curve?: BenchCurvePoint[];
}

/** One point of a result's learning curve: the replicates' mean metric after `examples` (null once one diverged: NaN is not JSON). */
export interface BenchCurvePoint {
  examples: number;
  value: number | null;
}

/** A candidate against the best built-in on one workload. */
export interface BenchVerdict {
  optimizer: string;
  workload: string;
  /** The built-in fastest to the target there (or with the best final metric when none reached it). */
  against: string;
  verdict: 'better' | 'worse' | 'equivalent' | 'undecided';
  /** Ratio of its time to target to the fastest optimizer's there (null: never reached; absent workload: nobody reached it). */
  ratio: number | null;
}

export interface BenchProfileLine {
  optimizer: string;
  /** ρ(τ) on the τ grid, and the area score (AlgoPerf), higher better. */
  rho: number[];
  score: number;
}

export interface OptimizerBenchSummary {
  schema: 1;
  suite: SuiteVersion;
  /** The suite seed (it picks the held-out variants), the budget (quick | full), the kernels the runs used. */
  seed: number;
  budget: 'quick' | 'full';
  kernels: string;
  /** Time to target measured in: 'examples' (the default) or 'steps'. */
  timeAxis: 'examples' | 'steps';
  workloads: BenchWorkload[];
  /** The optimizers benchmarked for this summary (the candidates), and the baselines (built-ins and shipped plugins). */
  candidates: string[];
  baselines: string[];
  results: BenchResult[];
  tau: number[];
  profile: BenchProfileLine[];
  verdicts: BenchVerdict[];
  /** The one-paragraph answer per candidate (stats' benchmarkSummary). */
  answers: Record<string, string>;
  /** Conformance kit results per optimizer: ok, and the failed checks' names. */
  conformance: Record<string, { ok: boolean; failed: string[] }>;
}
