/**
 * The search methods `pnpm bench search` compares, in one table: Descent's, run through its own sweep machinery
 * from the sweep keys given here, and Optuna's, run in its own process (optunaProcess.ts) on Descent's trainer.
 */

export interface DescentMethod {
  id: string;
  label: string;
  engine: 'descent';
  /** Sweep keys written into the sweep file beside `samples:` (method, and later early_terminate). */
  sweepKeys: Record<string, unknown>;
}

export interface OptunaMethod {
  id: string;
  label: string;
  engine: 'optuna';
  sampler: 'tpe' | 'random';
  pruner: 'none' | 'hyperband' | 'successive_halving';
}

export type SearchMethod = DescentMethod | OptunaMethod;

export const SEARCH_METHODS: readonly SearchMethod[] = [
  { id: 'random', label: 'Descent random', engine: 'descent', sweepKeys: { method: 'random' } },
  { id: 'quasirandom', label: 'Descent quasirandom', engine: 'descent', sweepKeys: { method: 'quasirandom' } },
  // bayes' own defaults: startup 10 quasirandom configurations, then rounds of batch 4 TPE proposals.
  { id: 'tpe', label: 'Descent TPE', engine: 'descent', sweepKeys: { method: 'bayes' } },
  // ── Early termination (issue 17), once `early_terminate:` lands in the runner: uncomment these two. Their compute
  // is measured as every Descent method's is (trials.ts, aggregate.ts): the sum of the records' summary.examples, a
  // pruned run's record counting the examples it trained before its rung stopped it; its value (status 'pruned')
  // never counts as a configuration's result, as Optuna's best value leaves out pruned trials. If the runner gives
  // early termination an entry of its own (not runBayes / runReplicates), descentSearch.ts calls it as `exp run` does.
  // { id: 'tpe-hyperband', label: 'Descent TPE + Hyperband', engine: 'descent', sweepKeys: { method: 'bayes', early_terminate: { type: 'hyperband', min_budget: 1, eta: 3 } } },
  // { id: 'tpe-sha', label: 'Descent TPE + SHA', engine: 'descent', sweepKeys: { method: 'bayes', early_terminate: { type: 'successive_halving', min_budget: 1, eta: 4 } } },
  { id: 'optuna-random', label: 'Optuna random', engine: 'optuna', sampler: 'random', pruner: 'none' },
  { id: 'optuna-tpe', label: 'Optuna TPE', engine: 'optuna', sampler: 'tpe', pruner: 'none' },
  { id: 'optuna-tpe-hyperband', label: 'Optuna TPE + Hyperband', engine: 'optuna', sampler: 'tpe', pruner: 'hyperband' },
  { id: 'optuna-tpe-sha', label: 'Optuna TPE + SHA', engine: 'optuna', sampler: 'tpe', pruner: 'successive_halving' },
];

/** The method of that id; an unknown id names the known ones. */
export function searchMethod(id: string): SearchMethod {
  const method = SEARCH_METHODS.find((m) => m.id === id);
  if (!method) throw new Error(`bench search: no method '${id}' (known: ${SEARCH_METHODS.map((m) => m.id).join(', ')})`);
  return method;
}
