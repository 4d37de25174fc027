import type { SearchObjective } from './objectives.js';

/**
 * The search methods `pnpm bench search` compares, in one table: Descent's, run through its own sweep machinery
 * from the sweep keys given here, and Optuna's, run in its own process (optunaProcess.ts) on Descent's trainer.
 */

export interface DescentMethod {
  id: string;
  label: string;
  engine: 'descent';
  /** Sweep keys written into the sweep file beside `samples:` (the method). */
  sweepKeys: Record<string, unknown>;
  /** `early_terminate:` without its min_budget, which each objective gives in its own budget unit (objectives.ts). */
  earlyTerminate?: { type: 'hyperband' | 'successive_halving'; eta: number };
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
  // Early termination: compute is measured as for every Descent method (trials.ts, aggregate.ts), the sum of the
  // records' summary.examples, a pruned run counting the examples it trained before its rung stopped it; a pruned
  // value never counts as a configuration's result, as Optuna's best value leaves out pruned trials. eta 3 for
  // Hyperband and 4 for successive halving: the reduction factors of Optuna's two pruners.
  { id: 'quasirandom-hyperband', label: 'Descent quasirandom + Hyperband', engine: 'descent', sweepKeys: { method: 'quasirandom' }, earlyTerminate: { type: 'hyperband', eta: 3 } },
  { id: 'tpe-hyperband', label: 'Descent TPE + Hyperband', engine: 'descent', sweepKeys: { method: 'bayes' }, earlyTerminate: { type: 'hyperband', eta: 3 } },
  { id: 'tpe-sha', label: 'Descent TPE + SHA', engine: 'descent', sweepKeys: { method: 'bayes' }, earlyTerminate: { type: 'successive_halving', eta: 4 } },
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

/** The sweep keys of a Descent method on an objective: its own, and `early_terminate:` at the objective's first rung. */
export function sweepKeysOf(method: DescentMethod, objective: SearchObjective): Record<string, unknown> {
  if (method.earlyTerminate === undefined) return method.sweepKeys;
  return { ...method.sweepKeys, early_terminate: { ...method.earlyTerminate, min_budget: objective.minBudget } };
}
