import type { Spread } from './aggregate.js';
import type { SearchResults } from './runSearchBenchmark.js';
import type { ObjectiveSummary } from './summarizeSearch.js';

/** 3 significant digits; examples in k or M. */
const value = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : '–');
const examples = (v: number) => (!Number.isFinite(v) ? '–' : v >= 1e6 ? `${(v / 1e6).toPrecision(3)}M` : v >= 1e3 ? `${(v / 1e3).toPrecision(3)}k` : String(v));
/** median [q25–q75] */
const spread = (s: Spread) => `${value(s.median)} [${value(s.q25)}–${value(s.q75)}]${s.finite < s.of ? ` (${s.finite}/${s.of} seeds)` : ''}`;

/**
 * The benchmark as markdown: the machine, then per objective the best metric each method reached at each budget
 * (median [interquartile range] over the search seeds) with the examples it trained (median), the grid for
 * reference, and whether each search reached the grid's best within a third of the grid's examples.
 */
export function searchMarkdown(results: SearchResults): string {
  const env = results.environment;
  const lines = [
    `Machine: ${env.cpu} (${env.cores} cores), ${env.platform}, Node ${env.node}, ${env.workers} worker thread(s); Optuna ${env.optuna} on Python ${env.python}.`,
    `${results.seeds.length} search seeds (${results.seeds.join(', ')}); budgets ${results.budgets.join(', ')} configurations. ${results.date}`,
    '',
  ];
  for (const objective of results.objectives) lines.push(...objectiveTable(objective, results.budgets), '');
  lines.push('Goals:', ...goalLines(results).map((g) => `- ${g}`));
  return lines.join('\n') + '\n';
}

function objectiveTable(objective: SearchResults['objectives'][number], budgets: readonly number[]): string[] {
  const direction = objective.goal === 'minimize' ? 'lower is better' : 'higher is better';
  const lines = [
    `### ${objective.title}`,
    '',
    `Best final ${objective.metric} (${direction}), median [IQR] over seeds · examples trained (median). ` +
      `Grid of ${objective.gridSize}: ${spread(objective.grid.best)} · ${examples(objective.grid.examples.median)}. ` +
      `${objective.runsTrained} distinct runs in ${(objective.elapsedMs / 1000).toFixed(0)} s.`,
    '',
    `| method | ${budgets.map((b) => `${b} configurations`).join(' | ')} | reaches grid best ${objective.goal === 'minimize' ? '≤' : '≥'} ${value(objective.reach[0]?.target ?? NaN)} (seeds; within ⅓ of grid examples) |`,
    `|---|${budgets.map(() => '---|').join('')}---|`,
  ];
  const methods = [...new Set(objective.cells.map((c) => c.method))];
  for (const method of methods) {
    const cells = budgets.map((b) => objective.cells.find((c) => c.method === method && c.budget === b)!);
    const reach = objective.reach.find((r) => r.method === method)!;
    lines.push(`| ${cells[0].label} | ${cells.map((c) => `${spread(c.best)} · ${examples(c.examples.median)}`).join(' | ')} | ${reach.reached}/${reach.of}; ${reach.reachedWithinThird}/${reach.of} |`);
  }
  return lines;
}

/**
 * The issue's goals, each said met or not met from the medians and spreads above:
 * Descent TPE's median at least as good as Optuna TPE's worse quartile (equal within the spread, or better);
 * quasirandom's median better than random's; and a search that reaches the grid's best within a third of the
 * grid's examples in most seeds.
 */
export function goalLines(results: SearchResults): string[] {
  const lines: string[] = [];
  for (const objective of results.objectives) {
    const cell = (method: string, budget: number) => objective.cells.find((c) => c.method === method && c.budget === budget);
    const better = (a: number, b: number) => (objective.goal === 'minimize' ? a <= b : a >= b);
    for (const budget of results.budgets) {
      const descentTpe = cell('tpe', budget);
      const optunaTpe = cell('optuna-tpe', budget);
      if (descentTpe && optunaTpe) {
        const worseQuartile = objective.goal === 'minimize' ? optunaTpe.best.q75 : optunaTpe.best.q25;
        const met = better(descentTpe.best.median, worseQuartile);
        lines.push(`${met ? 'met' : 'NOT met'}: ${objective.id} @${budget}: Descent TPE ${spread(descentTpe.best)} vs Optuna TPE ${spread(optunaTpe.best)} (Descent's median within or beyond Optuna's IQR)`);
      }
      const quasi = cell('quasirandom', budget);
      const random = cell('random', budget);
      if (quasi && random) {
        const met = better(quasi.best.median, random.best.median) && quasi.best.median !== random.best.median;
        // A median ahead by less than the seeds' spread is a lean, not a clear win: say which.
        const clear = better(quasi.best.median, objective.goal === 'minimize' ? random.best.q25 : random.best.q75);
        const how = met ? (clear ? ", beyond random's IQR" : ", inside random's IQR") : '';
        lines.push(`${met ? 'met' : 'NOT met'}: ${objective.id} @${budget}: quasirandom ${spread(quasi.best)} beats random ${spread(random.best)} (median${how})`);
      }
    }
    for (const reach of objective.reach.filter((r) => r.method.includes('hyperband'))) {
      const met = reach.reachedWithinThird > reach.of / 2;
      lines.push(`${met ? 'met' : 'NOT met'}: ${objective.id}: ${reach.label} reaches the grid best (≤ ${value(reach.target)}) within ⅓ of the grid's examples in ${reach.reachedWithinThird}/${reach.of} seeds`);
    }
  }
  return lines;
}
