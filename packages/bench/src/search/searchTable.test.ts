import { describe, expect, it } from 'vitest';
import { spreadOf } from './aggregate.js';
import type { SearchResults } from './runSearchBenchmark.js';
import { goalLines, searchMarkdown } from './searchTable.js';

const cell = (method: string, label: string, budget: number, bests: number[]) => ({ method, label, budget, best: spreadOf(bests), examples: spreadOf([1000, 2000]) });
const reach = (method: string, label: string, reachedWithinThird: number) => ({ method, label, target: 0.35, reached: 2, reachedWithinThird, of: 3, examples: spreadOf([10, 20]) });

// One objective, budget 16, three seeds: medians are the middle values.
const results: SearchResults = {
  schema: 1,
  date: '2026-12-06T00:00:00.000Z',
  environment: { node: 'v20', cpu: 'a cpu', cores: 2, platform: 'linux x64', workers: 2, optuna: '3.1.0', python: '3.11.2' },
  budgets: [16],
  seeds: [1, 2, 3],
  objectives: [
    {
      id: 'toy',
      title: 'a toy',
      metric: 'test_loss',
      goal: 'minimize',
      gridSize: 4,
      grid: { best: spreadOf([0.2, 0.3, 0.4]), examples: spreadOf([4000, 4000, 4000]) },
      cells: [
        // Descent TPE median 0.5; Optuna TPE 0.1 0.2 0.3: q75 0.25 < 0.5, so not within its spread
        cell('tpe', 'Descent TPE', 16, [0.4, 0.5, 0.6]),
        cell('optuna-tpe', 'Optuna TPE', 16, [0.1, 0.2, 0.3]),
        // quasirandom median 0.3 against random 0.35 0.4 0.5 (q25 0.375): better, beyond random's IQR
        cell('quasirandom', 'Descent quasirandom', 16, [0.2, 0.3, 0.9]),
        cell('random', 'Descent random', 16, [0.35, 0.4, 0.5]),
        cell('optuna-tpe-hyperband', 'Optuna TPE + Hyperband', 16, [0.3, 0.3, 0.3]),
      ],
      reach: [
        reach('tpe', 'Descent TPE', 0),
        reach('optuna-tpe', 'Optuna TPE', 1),
        reach('quasirandom', 'Descent quasirandom', 1),
        reach('random', 'Descent random', 1),
        reach('optuna-tpe-hyperband', 'Optuna TPE + Hyperband', 2),
      ],
      elapsedMs: 1000,
      runsTrained: 40,
    },
  ],
};

describe('the search table', () => {
  it('says each goal met or not met from the medians and spreads', () => {
    expect(goalLines(results)).toEqual([
      'NOT met: toy @16: Descent TPE 0.500 [0.450–0.550] vs Optuna TPE 0.200 [0.150–0.250] (Descent\'s median within or beyond Optuna\'s IQR)',
      "met: toy @16: quasirandom 0.300 [0.250–0.600] beats random 0.400 [0.375–0.450] (median, beyond random's IQR)",
      // 2 of 3 seeds within a third of the grid's examples: most of them
      "met: toy: Optuna TPE + Hyperband reaches the grid best (≤ 0.350) within ⅓ of the grid's examples in 2/3 seeds",
    ]);
  });

  it('prints one row per method with every budget, the grid and the machine', () => {
    const markdown = searchMarkdown(results);
    expect(markdown).toContain('Machine: a cpu (2 cores), linux x64, Node v20, 2 worker thread(s); Optuna 3.1.0 on Python 3.11.2.');
    expect(markdown).toContain('Grid of 4: 0.300 [0.250–0.350] · 4.00k.');
    expect(markdown).toContain('| Descent TPE | 0.500 [0.450–0.550] · 1.50k | 2/3; 0/3 |');
  });
});
