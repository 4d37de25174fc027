import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatSweepFileIssues, openSweep, RunStore, type ExecuteRequest, type Executor, type OpenedSweep, type RunRecord } from '@descent/runner';
import type { SearchObjective } from './objectives.js';

/**
 * The searches of one objective and one search seed: their sweep files in `folder`, and one store, which every
 * search of the seed shares (the sweep name is the objective's; a configuration trained by one search is read
 * back, not trained again, by another). Runs train on the shared executor's threads.
 */
export interface SearchWorkspace {
  folder: string;
  objective: SearchObjective;
  seed: number;
  store: RunStore;
  executor: Executor;
}

export function searchWorkspace(folder: string, objective: SearchObjective, seed: number, executor: Executor): SearchWorkspace {
  mkdirSync(folder, { recursive: true });
  return { folder, objective, seed, executor, store: new RunStore(join(folder, 'runs')) };
}

/** Write the sweep file `name` into the workspace and open it as `exp run` would. */
export async function openSearchSweep(workspace: SearchWorkspace, name: string, text: string): Promise<OpenedSweep> {
  const file = join(workspace.folder, name);
  writeFileSync(file, text);
  const opened = await openSweep(file);
  if (!('sweep' in opened)) throw new Error(`bench search: ${file} did not open:\n${formatSweepFileIssues(opened).join('\n')}`);
  return opened;
}

/** What an executor needs to train the sweep's runs into the workspace's store. */
export function executeRequest(workspace: SearchWorkspace, opened: OpenedSweep): ExecuteRequest {
  return { sweep: opened.sweep.name, baseDir: dirname(opened.file), plugins: opened.sweep.plugins, catalog: opened.catalog, store: workspace.store };
}

/** A run's record from the workspace's store (it must have one). */
export function storedRecord(workspace: SearchWorkspace, runId: string): RunRecord {
  const sweep = workspace.objective.id;
  if (!workspace.store.has(sweep, runId)) throw new Error(`bench search: run ${runId} of ${sweep} (seed ${workspace.seed}) has no record`);
  return workspace.store.read(sweep, runId).record;
}
