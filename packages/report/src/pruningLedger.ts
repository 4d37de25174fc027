import type { Pruning } from '@descent/runner';
import type { ReportRun } from './types.js';

/**
 * What early termination stopped and what that saved: for each pruned run, the examples it trained and
 * the examples a full run of its configuration trains. The difference is compute the search did not spend.
 */

export interface PrunedRun {
  run: ReportRun;
  pruning: Pruning;
  /** Examples it trained before it was stopped (its summary). */
  trained: number;
  /** Examples a full run of its configuration trains. */
  fullRun: number;
  /**
   * Where `fullRun` comes from: a finished run with the same problem and training settings (measured), or
   * the run's own examples per budget unit × the full budget (exact while every unit trains as many examples).
   */
  fullRunFrom: 'finished run' | 'budget';
  /** fullRun − trained. */
  saved: number;
}

export interface PruningLedger {
  pruned: PrunedRun[];
  /** Examples every run of the search trained, pruned ones included: the compute actually spent. */
  spent: number;
  /** Σ saved over the pruned runs: spent + saved is what the same search without pruning would have trained. */
  saved: number;
}

/** The settings that fix how many examples a full run trains: the problem (its data) and the training budget and batch. */
function budgetKey(run: ReportRun): string {
  return JSON.stringify([run.record.config.problem, run.record.config.train]);
}

/** The ledger over `runs` (in the order to list them); runs pruned without a pruning record are left out (older stores). */
export function pruningLedger(runs: readonly ReportRun[]): PruningLedger {
  const finishedExamples = new Map<string, number>();
  for (const run of runs) {
    const key = budgetKey(run);
    if (run.record.status === 'finished' && !finishedExamples.has(key)) finishedExamples.set(key, run.record.summary.examples);
  }
  const pruned: PrunedRun[] = [];
  for (const run of runs) {
    const { pruning } = run.record;
    if (run.record.status !== 'pruned' || pruning === undefined) continue;
    const trained = run.record.summary.examples;
    const measured = finishedExamples.get(budgetKey(run));
    const fullRun = measured ?? (pruning.budget > 0 ? (trained * pruning.fullBudget) / pruning.budget : NaN);
    pruned.push({ run, pruning, trained, fullRun, fullRunFrom: measured === undefined ? 'budget' : 'finished run', saved: fullRun - trained });
  }
  const sum = (values: number[]) => values.reduce((total, value) => total + (Number.isFinite(value) ? value : 0), 0);
  return { pruned, spent: sum(runs.map((run) => run.record.summary.examples)), saved: sum(pruned.map((entry) => entry.saved)) };
}
