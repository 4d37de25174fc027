import { exactSum } from './summaries.js';

/**
 * Performance profiles (Dolan & Moré, "Benchmarking optimization software with performance profiles", Math.
 * Program. 91, 2002, arXiv:cs/0102001) scored as AlgoPerf scores them (mlcommons/algorithmic-efficiency:
 * docs/DOCUMENTATION.md "AlgoPerf Benchmark Score via Integrated Performance Profiles", scoring/performance_profile.py
 * and scoring/score_submissions.py).
 */

/** AlgoPerf's upper limit of τ, both of the plotted profile and of the score's integral (`r_max = 4`). */
export const ALGOPERF_MAX_TAU = 4;
/** AlgoPerf plots ρ at this many linearly spaced τ (`num_points=100, scale='linear'` in score_submissions.py). */
export const ALGOPERF_TAU_POINTS = 100;

/** An optimizer's time to target on each workload: a positive number (steps or examples); null or Infinity = not reached. */
export interface OptimizerTimes {
  readonly optimizer: string;
  readonly times: Readonly<Record<string, number | null>>;
}

export interface PerformanceProfileOptions {
  /**
   * The workloads to score, in this order (default: every workload named, sorted, as AlgoPerf sorts them). Every
   * optimizer must have a time for each; times for workloads not listed are ignored.
   */
  readonly workloads?: readonly string[];
  /** τ_max > 1: the profile runs over [1, τ_max] and the score integrates it there (default 4, AlgoPerf's). */
  readonly maxTau?: number;
  /** How many linearly spaced τ the profile is given at, 1 and τ_max included (default 100, AlgoPerf's). */
  readonly points?: number;
}

export interface ProfiledOptimizer {
  readonly optimizer: string;
  /**
   * r(o, w) = t(o, w) / min over optimizers of t(·, w), by workload: ≥ 1, 1 for every optimizer tied fastest,
   * Infinity when o never reached w (JSON.stringify writes that as null). Not capped at τ_max: the table shows 5.2×.
   */
  readonly ratios: Readonly<Record<string, number>>;
  /** ρ_o(τ) at each τ of the profile's `taus`. */
  readonly profile: readonly number[];
  /** B_o = 1/(τ_max − 1) ∫₁^τ_max ρ_o(τ) dτ ∈ [0, 1]: 1 when fastest on every workload, 0 when never within τ_max. */
  readonly score: number;
  readonly workloadsReached: number;
}

export interface PerformanceProfile {
  /** The workloads scored (some optimizer reached each), in order; ρ's denominator n is their number. */
  readonly workloads: readonly string[];
  /** Workloads no optimizer reached: left out of ρ and of the score, named so the report can say so. */
  readonly unreachedByAll: readonly string[];
  readonly maxTau: number;
  /** τ₀ = 1 < … < τ_max, linearly spaced. */
  readonly taus: readonly number[];
  /** Highest score first; equal scores by optimizer name, so the order never depends on the input's. */
  readonly optimizers: readonly ProfiledOptimizer[];
}

/**
 * The performance ratios, profiles and scores of optimizers over workloads:
 * r(o, w) = t(o, w) / min_o' t(o', w);  ρ_o(τ) = |{w : r(o, w) ≤ τ}| / n;
 * B_o = 1/(τ_max − 1) ∫₁^τ_max ρ_o(τ) dτ = Σ_w max(0, τ_max − r(o, w)) / ((τ_max − 1)·n).
 *
 * Where this departs from AlgoPerf's code, and why:
 * - AlgoPerf's code approximates the integral with np.trapz over the 100 plotted τ; ρ is a step function, so its
 *   integral is computed here exactly (the two differ by at most 1/(2·(points − 1)): 1/198 at 100 points).
 * - A workload no optimizer reached (min is ∞) still counts in AlgoPerf's n (their ratios are NaN there, never ≤ τ);
 *   here it is left out and reported in `unreachedByAll`. Every score is then multiplied by the same n_all/n, so the
 *   ranking is the same, and a target nobody meets (a broken workload) does not cap every profile below 1.
 * - AlgoPerf sets times above 4× the best to ∞ before dividing; that changes nothing on [1, 4], so ratios here stay
 *   the true ones.
 */
export function performanceProfile(entries: readonly OptimizerTimes[], options: PerformanceProfileOptions = {}): PerformanceProfile {
  const maxTau = options.maxTau ?? ALGOPERF_MAX_TAU;
  const points = options.points ?? ALGOPERF_TAU_POINTS;
  if (!(maxTau > 1 && Number.isFinite(maxTau))) throw new RangeError(`stats: τ_max must be a finite number > 1, got ${maxTau}`);
  if (!(Number.isInteger(points) && points >= 2)) throw new RangeError(`stats: a profile needs at least 2 points of τ, got ${points}`);
  assertUnique(entries.map((e) => e.optimizer), 'optimizer');
  const allWorkloads = options.workloads ? [...options.workloads] : [...new Set(entries.flatMap((e) => Object.keys(e.times)))].sort();
  assertUnique(allWorkloads, 'workload');

  const times = entries.map((entry) => allWorkloads.map((workload) => timeOf(entry, workload)));
  const best = allWorkloads.map((_, w) => Math.min(...times.map((row) => row[w])));
  const scored = allWorkloads.map((_, w) => w).filter((w) => Number.isFinite(best[w]));
  const workloads = scored.map((w) => allWorkloads[w]);
  const taus = tauGrid(maxTau, points);
  const n = workloads.length;

  const optimizers = entries.map((entry, o): ProfiledOptimizer => {
    // t / best is exactly 1 for every optimizer whose time equals the best: ties are exact, not within rounding.
    const ratioList = scored.map((w) => times[o][w] / best[w]);
    const ratios = Object.fromEntries(workloads.map((workload, i) => [workload, ratioList[i]]));
    const profile = taus.map((tau) => (n === 0 ? 0 : ratioList.filter((r) => r <= tau).length / n));
    const area = exactSum(ratioList.map((r) => Math.max(0, maxTau - r)));
    const score = n === 0 ? 0 : area / ((maxTau - 1) * n);
    return { optimizer: entry.optimizer, ratios, profile, score, workloadsReached: ratioList.filter(Number.isFinite).length };
  });
  optimizers.sort((a, b) => b.score - a.score || compareNames(a.optimizer, b.optimizer));
  return { workloads, unreachedByAll: allWorkloads.filter((w) => !workloads.includes(w)), maxTau, taus, optimizers };
}

/** τ_i = 1 + i·(τ_max − 1)/(points − 1), the last exactly τ_max: numpy.linspace(1, τ_max, points), bit for bit. */
export function tauGrid(maxTau: number, points: number): number[] {
  const step = (maxTau - 1) / (points - 1);
  return Array.from({ length: points }, (_, i) => (i === points - 1 ? maxTau : i * step + 1));
}

function timeOf(entry: OptimizerTimes, workload: string): number {
  if (!Object.hasOwn(entry.times, workload)) {
    // A missing time is not a miss: the optimizer was not run there, and scoring it as ∞ would hide that.
    throw new RangeError(`stats: ${entry.optimizer} has no time to target for workload ${workload} (null means not reached)`);
  }
  const t = entry.times[workload];
  if (t === null || t === Infinity) return Infinity;
  if (!(t > 0 && Number.isFinite(t))) {
    throw new RangeError(`stats: ${entry.optimizer}'s time to target on ${workload} must be a positive number, null or Infinity, got ${t}`);
  }
  return t;
}

function assertUnique(names: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new RangeError(`stats: ${what} ${name} appears twice in a performance profile`);
    seen.add(name);
  }
}

/** By code unit, not locale: the same order on every machine. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
