import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { searchMethod, SEARCH_METHODS } from './methods.js';
import { SEARCH_OBJECTIVES } from './objectives.js';
import { requireOptunaPython } from './optunaProcess.js';
import { runSearchBenchmark } from './runSearchBenchmark.js';
import { searchMarkdown } from './searchTable.js';

export const SEARCH_USAGE = `usage: pnpm bench search [--quick] [--seeds N] [--budgets 16,32,64] [--objectives ${SEARCH_OBJECTIVES.map((o) => o.id).join(',')}] [--methods ${SEARCH_METHODS.map((m) => m.id).join(',')}] [--workers 2]`;

/**
 * `pnpm bench search`: every search method on every objective (objectives.ts, methods.ts), budgets 16, 32 and 64
 * configurations, 10 search seeds; --quick: 3 seeds, budgets 16 and 32. Prints the markdown table and writes it
 * with the raw numbers to reports/bench/search.md and search.json. Returns the exit code.
 */
export async function searchCommand(args: string[], repoRoot: string): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        quick: { type: 'boolean', default: false },
        seeds: { type: 'string' },
        budgets: { type: 'string' },
        objectives: { type: 'string' },
        methods: { type: 'string' },
        workers: { type: 'string', default: '2' },
      },
    }));
  } catch (error) {
    console.error(`bench search: ${(error as Error).message}\n${SEARCH_USAGE}`);
    return 2;
  }
  const seedCount = Number(values.seeds ?? (values.quick ? 3 : 10));
  const budgets = (values.budgets ?? (values.quick ? '16,32' : '16,32,64')).split(',').map(Number);
  const workers = Number(values.workers);
  if (![seedCount, workers, ...budgets].every((n) => Number.isInteger(n) && n >= 1)) {
    console.error(`bench search: --seeds, --budgets and --workers take whole numbers ≥ 1\n${SEARCH_USAGE}`);
    return 2;
  }
  const objectiveIds = values.objectives?.split(',');
  const unknown = objectiveIds?.filter((id) => !SEARCH_OBJECTIVES.some((o) => o.id === id)) ?? [];
  if (unknown.length > 0) {
    console.error(`bench search: no objective ${unknown.join(', ')}\n${SEARCH_USAGE}`);
    return 2;
  }
  let methods;
  try {
    methods = values.methods ? values.methods.split(',').map(searchMethod) : SEARCH_METHODS;
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const python = requireOptunaPython();
  const started = performance.now();
  const results = await runSearchBenchmark({
    objectives: objectiveIds ? SEARCH_OBJECTIVES.filter((o) => objectiveIds.includes(o.id)) : SEARCH_OBJECTIVES,
    methods,
    budgets: budgets.sort((a, b) => a - b),
    seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
    workers,
    python: python.executable,
    log: (line) => console.log(line),
  });
  const markdown = searchMarkdown(results);
  const outDir = join(repoRoot, 'reports', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'search.md'), markdown);
  writeFileSync(join(outDir, 'search.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\n${markdown}`);
  console.log(`whole benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s; wrote ${join(outDir, 'search.md')} and search.json`);
  return 0;
}
