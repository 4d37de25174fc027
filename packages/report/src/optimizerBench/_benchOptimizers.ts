import type { BenchProfileLine, BenchResult, OptimizerBenchSummary } from '@descent/runner';
import { OKABE_ITO } from '../palette.js';

/** The optimizers of a bench summary, ranked, and how the report colours and names them. */

export type BenchRole = 'candidate' | 'baseline';

export interface RankedOptimizer {
  name: string;
  role: BenchRole;
  /** ρ on the summary's τ grid: all zeros for an optimizer with no profile line (it reached nothing). */
  rho: number[];
  score: number;
  colour: string;
}

// Candidates take the two colours that stand out most on white; baselines the rest, drawn muted.
const CANDIDATE_COLOURS = ['#D55E00', '#0072B2'];
const BASELINE_COLOURS = OKABE_ITO.filter((colour) => !CANDIDATE_COLOURS.includes(colour));

/**
 * Every optimizer (candidates, then baselines), by score, highest first; ties by candidates first, then name.
 * Colours follow the summary's order, not the rank, so two summaries of one suite colour an optimizer alike.
 */
export function rankedOptimizers(summary: OptimizerBenchSummary): RankedOptimizer[] {
  const lines = new Map<string, BenchProfileLine>(summary.profile.map((line) => [line.optimizer, line]));
  const entries: RankedOptimizer[] = [
    ...summary.candidates.map((name, i) => ({ name, role: 'candidate' as const, colour: CANDIDATE_COLOURS[i % CANDIDATE_COLOURS.length] })),
    ...summary.baselines.map((name, i) => ({ name, role: 'baseline' as const, colour: BASELINE_COLOURS[i % BASELINE_COLOURS.length] })),
  ].map((entry) => {
    const line = lines.get(entry.name);
    return { ...entry, rho: line?.rho ?? summary.tau.map(() => 0), score: line?.score ?? 0 };
  });
  const roleOrder = (role: BenchRole) => (role === 'candidate' ? 0 : 1);
  return entries.sort((a, b) => b.score - a.score || roleOrder(a.role) - roleOrder(b.role) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The result of one optimizer on one workload, if the summary has it. */
export function resultOf(summary: OptimizerBenchSummary, optimizer: string, workload: string): BenchResult | undefined {
  return summary.results.find((result) => result.optimizer === optimizer && result.workload === workload);
}

/** Time to target on the summary's time axis (examples by default). */
export function timeToTarget(summary: OptimizerBenchSummary, result: BenchResult): number | null {
  return summary.timeAxis === 'steps' ? result.stepsToTarget : result.examplesToTarget;
}

/** Whether some optimizer reached the workload's target (else the workload is out of every profile). */
export function someoneReached(summary: OptimizerBenchSummary, workload: string): boolean {
  return summary.results.some((result) => result.workload === workload && timeToTarget(summary, result) !== null);
}
