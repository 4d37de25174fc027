import { percentileOfSorted } from '@descent/stats';
import type { Trial } from './trials.js';

export type Goal = 'minimize' | 'maximize';

/** Median, quartiles and extremes of the finite values (over search seeds); `of` counts every value given. */
export interface Spread {
  median: number;
  q25: number;
  q75: number;
  min: number;
  max: number;
  /** How many values were finite, of how many. */
  finite: number;
  of: number;
}

/** The spread of `values` (numpy's linear percentiles); NaN throughout when none is finite. */
export function spreadOf(values: readonly number[]): Spread {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? NaN : percentileOfSorted(sorted, q));
  return { median: at(50), q25: at(25), q75: at(75), min: at(0), max: at(100), finite: sorted.length, of: values.length };
}

/** The best value after each trial (NaN until a trial has one): pruned, diverged and failed trials never count. */
export function bestSoFar(trials: readonly Trial[], goal: Goal): number[] {
  let best = NaN;
  return trials.map((trial) => {
    if (Number.isFinite(trial.value) && !trial.pruned && (Number.isNaN(best) || better(trial.value, best, goal))) best = trial.value;
    return best;
  });
}

/** The examples trained after each trial, every trial counted (pruned ones for what they trained). */
export function examplesSoFar(trials: readonly Trial[]): number[] {
  let sum = 0;
  return trials.map((trial) => (sum += trial.examples));
}

/**
 * The examples trained until the best so far first reaches `target` (at or beyond it in the goal's direction),
 * or null if the trials never do.
 */
export function examplesToReach(trials: readonly Trial[], target: number, goal: Goal): number | null {
  const best = bestSoFar(trials, goal);
  const examples = examplesSoFar(trials);
  const index = best.findIndex((value) => value === target || better(value, target, goal));
  return index < 0 ? null : examples[index];
}

/** a is strictly better than b (false when either is NaN). */
function better(a: number, b: number, goal: Goal): boolean {
  return goal === 'minimize' ? a < b : a > b;
}
