import { bestSoFar, examplesSoFar, examplesToReach, spreadOf, type Spread } from './aggregate.js';
import type { SearchMethod } from './methods.js';
import type { SearchObjective } from './objectives.js';
import type { Trial } from './trials.js';

/** What one search seed gave: the grid's trials, and each method's trials at each budget. */
export interface SeedTrials {
  seed: number;
  grid: Trial[];
  /** By method id, then by budget. */
  searches: Record<string, Record<number, Trial[]>>;
}

/** One method at one budget, over the search seeds: the best value found and the examples it took. */
export interface SearchCell {
  method: string;
  label: string;
  budget: number;
  best: Spread;
  examples: Spread;
}

/**
 * Whether a method's search (at the largest budget) reaches the grid's best, within the grid's seed spread (its
 * worse quartile), on at most a third of the examples the grid trained.
 */
export interface GridReach {
  method: string;
  label: string;
  target: number;
  /** Seeds whose search reached the target at all, and those that reached it within a third of their grid's examples. */
  reached: number;
  reachedWithinThird: number;
  of: number;
  /** Examples to reach it, over the seeds that did. */
  examples: Spread;
}

export interface ObjectiveSummary {
  id: string;
  title: string;
  metric: string;
  goal: SearchObjective['goal'];
  gridSize: number;
  grid: { best: Spread; examples: Spread };
  cells: SearchCell[];
  reach: GridReach[];
}

/** The table's numbers for one objective, from every seed's trials (a pure function of them). */
export function summarizeObjective(objective: SearchObjective, methods: readonly SearchMethod[], budgets: readonly number[], seeds: readonly SeedTrials[]): ObjectiveSummary {
  const { goal } = objective;
  const gridBest = seeds.map((s) => bestSoFar(s.grid, goal).at(-1) ?? NaN);
  const gridExamples = seeds.map((s) => examplesSoFar(s.grid).at(-1) ?? 0);
  const grid = { best: spreadOf(gridBest), examples: spreadOf(gridExamples) };
  const cells = methods.flatMap((method) =>
    budgets.map((budget) => {
      const runs = seeds.map((s) => trialsOf(s, method, budget));
      return {
        method: method.id,
        label: method.label,
        budget,
        best: spreadOf(runs.map((trials) => bestSoFar(trials, goal).at(-1) ?? NaN)),
        examples: spreadOf(runs.map((trials) => examplesSoFar(trials).at(-1) ?? 0)),
      };
    }),
  );
  const target = goal === 'minimize' ? grid.best.q75 : grid.best.q25;
  const largest = Math.max(...budgets);
  const reach = methods.map((method) => {
    const toReach = seeds.map((s) => examplesToReach(trialsOf(s, method, largest), target, goal));
    const reachedWithinThird = toReach.filter((examples, i) => examples !== null && examples <= gridExamples[i] / 3).length;
    const reachedExamples = toReach.filter((examples): examples is number => examples !== null);
    return { method: method.id, label: method.label, target, reached: reachedExamples.length, reachedWithinThird, of: seeds.length, examples: spreadOf(reachedExamples) };
  });
  return { id: objective.id, title: objective.title, metric: objective.metric, goal, gridSize: seeds[0]?.grid.length ?? 0, grid, cells, reach };
}

function trialsOf(seed: SeedTrials, method: SearchMethod, budget: number): Trial[] {
  const trials = seed.searches[method.id]?.[budget];
  if (trials === undefined) throw new Error(`bench search: no trials of ${method.id} at budget ${budget} for seed ${seed.seed}`);
  return trials;
}
