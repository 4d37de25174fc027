import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { localExecutor } from '@descent/runner';
import { searchWithDescent } from './descentSearch.js';
import { sweepKeysOf, type SearchMethod } from './methods.js';
import type { SearchObjective } from './objectives.js';
import { OptunaProcess } from './optunaProcess.js';
import { searchWithOptuna } from './optunaSearch.js';
import { searchWorkspace, type SearchWorkspace } from './searchWorkspace.js';
import { summarizeObjective, type ObjectiveSummary, type SeedTrials } from './summarizeSearch.js';
import type { Trial } from './trials.js';

export interface SearchBenchOptions {
  objectives: readonly SearchObjective[];
  methods: readonly SearchMethod[];
  /** Configurations per search, ascending. */
  budgets: readonly number[];
  /** Search seeds: each is the sweep `seed:` of Descent's searches and the sampler seed of Optuna's. */
  seeds: readonly number[];
  /** Worker threads training runs. */
  workers: number;
  /** A python3 that imports optuna. */
  python: string;
  log?: (line: string) => void;
}

export interface SearchResults {
  schema: 1;
  date: string;
  environment: { node: string; cpu: string; cores: number; platform: string; workers: number; optuna: string; python: string };
  budgets: number[];
  seeds: number[];
  objectives: (ObjectiveSummary & { elapsedMs: number; runsTrained: number })[];
}

/**
 * Every method on every objective, at every budget, for every search seed. The seeds of an objective run at the
 * same time (each seed's searches one after another, in a workspace of its own), so the worker threads stay busy
 * while Optuna's searches, one trial at a time, wait for their run.
 *
 * Budgets: a Descent search of each budget is its own sweep (`samples: N`); its runs that a search of another
 * budget already trained (the same configuration and seed) are read from the shared store. An Optuna study is
 * sequential (each ask sees every earlier tell), so its first N trials are exactly a study of N trials: one study
 * of the largest budget gives every budget as a prefix.
 */
export async function runSearchBenchmark(options: SearchBenchOptions): Promise<SearchResults> {
  const log = options.log ?? (() => {});
  const folder = mkdtempSync(join(tmpdir(), 'descent-search-bench-'));
  const executor = localExecutor({ workers: options.workers });
  const optuna = new OptunaProcess(options.python);
  try {
    const versions = await optuna.hello();
    const date = new Date().toISOString();
    const objectives: SearchResults['objectives'] = [];
    for (const objective of options.objectives) {
      log(`${objective.title} ...`);
      const started = performance.now();
      const seeds = await Promise.all(
        options.seeds.map((seed) => searchSeed(searchWorkspace(join(folder, objective.id, `seed-${seed}`), objective, seed, executor), options, optuna)),
      );
      const elapsedMs = performance.now() - started;
      const runsTrained = seeds.reduce((sum, s) => sum + s.runsTrained, 0);
      log(`  ${runsTrained} runs trained in ${(elapsedMs / 1000).toFixed(0)} s`);
      objectives.push({ ...summarizeObjective(objective, options.methods, options.budgets, seeds), elapsedMs, runsTrained });
    }
    const cpu = cpus();
    return {
      schema: 1,
      date,
      environment: { node: process.version, cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, platform: `${process.platform} ${process.arch}`, workers: options.workers, ...versions },
      budgets: [...options.budgets],
      seeds: [...options.seeds],
      objectives,
    };
  } finally {
    optuna.dispose();
    await executor.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One seed's grid and searches, one after another (two searches never train one run at the same time). */
async function searchSeed(workspace: SearchWorkspace, options: SearchBenchOptions, optuna: OptunaProcess): Promise<SeedTrials & { runsTrained: number }> {
  const grid = await searchWithDescent(workspace, 'grid.yaml', { method: 'grid' });
  const searches: SeedTrials['searches'] = {};
  const largest = Math.max(...options.budgets);
  for (const method of options.methods) {
    const byBudget: Record<number, Trial[]> = {};
    if (method.engine === 'optuna') {
      const trials = await searchWithOptuna(optuna, workspace, method, largest);
      for (const budget of options.budgets) byBudget[budget] = trials.slice(0, budget);
    } else {
      // Largest first: a smaller search whose configurations the larger one already trained trains nothing.
      for (const budget of [...options.budgets].sort((a, b) => b - a)) byBudget[budget] = await searchWithDescent(workspace, `${method.id}-${budget}.yaml`, sweepKeysOf(method, workspace.objective), budget);
    }
    searches[method.id] = byBudget;
  }
  return { seed: workspace.seed, grid, searches, runsTrained: workspace.store.readAll(workspace.objective.id).length };
}

