import type { EarlyTerminateType } from './sweepSettings.js';

/**
 * Early termination (`early_terminate:`), the plan only: which budgets the rungs train to and how the search's
 * configurations are grouped into brackets. The runner (earlyTermination.ts) trains the rungs and decides.
 *
 * A bracket is successive halving (Jamieson & Talwalkar 2016): its configurations train to the bracket's first
 * rung; the best ⌊n/eta⌋ of them (at least one) go on to the next rung, eta times the budget, and so on up to the
 * full budget. Hyperband (Li et al. 2018) runs brackets that start at different rungs, so that a configuration
 * slow to start is not always judged at the smallest budget: bracket s (s = K−1 … 0 for K rungs) starts
 * ⌈K/(s+1)·eta^s⌉ configurations at rung K−1−s. Every decision waits for its whole rung (synchronous), so it
 * depends on the rung's results alone, never on which run finished first.
 */

export type BudgetUnit = 'epochs' | 'steps' | 'examples';

/** `early_terminate:` as validated, with the full budget it stops short of (train:'s, the same for every configuration). */
export interface EarlyTerminate {
  type: EarlyTerminateType;
  minBudget: number;
  eta: number;
  unit: BudgetUnit;
  fullBudget: number;
}

/** One bracket: the budgets of its rungs (its last is the full budget) and how many configurations it starts. */
export interface Bracket {
  /** 1-based, in the order the search runs them. */
  index: number;
  rungs: number[];
  size: number;
}

/** The budgets of the rungs: min_budget·eta^i while below the full budget, then the full budget. */
export function rungBudgets({ minBudget, eta, fullBudget }: Pick<EarlyTerminate, 'minBudget' | 'eta' | 'fullBudget'>): number[] {
  const rungs: number[] = [];
  for (let budget = minBudget; budget < fullBudget; budget *= eta) rungs.push(budget);
  rungs.push(fullBudget);
  return rungs;
}

/**
 * Hyperband's bracket s of K rungs: its rungs (the last s+1) and its size, ⌈K/(s+1)·eta^s⌉ configurations
 * (Li et al. 2018, Algorithm 1, with R/r = eta^(K−1)).
 */
export function hyperbandBracket(et: EarlyTerminate, s: number): Omit<Bracket, 'index'> {
  const rungs = rungBudgets(et);
  const k = rungs.length;
  return { rungs: rungs.slice(k - 1 - s), size: Math.ceil((k / (s + 1)) * et.eta ** s) };
}

/**
 * The brackets of `configurations` configurations taken in the search's order. Hyperband cycles through its
 * brackets, most aggressive first (s = K−1, …, 0, K−1, …); the last bracket takes what is left. Successive
 * halving: one bracket per round of the search (`rounds`: the sizes of its rounds; a grid, random or quasirandom
 * search is one round of every configuration; bayes: the startup round, then rounds of `batch`).
 */
export function bracketsOf(et: EarlyTerminate, configurations: number, rounds: readonly number[] = [configurations]): Bracket[] {
  const brackets: Bracket[] = [];
  if (et.type === 'successive_halving') {
    const rungs = rungBudgets(et);
    let left = configurations;
    for (const round of rounds) {
      if (left <= 0) break;
      const size = Math.min(round, left);
      brackets.push({ index: brackets.length + 1, rungs, size });
      left -= size;
    }
    return brackets;
  }
  const k = rungBudgets(et).length;
  let left = configurations;
  for (let turn = 0; left > 0; turn++) {
    const bracket = hyperbandBracket(et, k - 1 - (turn % k));
    const size = Math.min(bracket.size, left);
    brackets.push({ index: brackets.length + 1, rungs: bracket.rungs, size });
    left -= size;
  }
  return brackets;
}

/** How many of a rung's `reached` configurations go on: the best ⌊reached/eta⌋, and always at least one. */
export function advancing(reached: number, eta: number): number {
  return Math.max(1, Math.floor(reached / eta));
}
