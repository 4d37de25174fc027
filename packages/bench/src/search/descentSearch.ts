import { roundsRunner } from '@descent/runner';
import { searchSweepText } from './sweepText.js';
import { trialOfRecord, type Trial } from './trials.js';
import { executeRequest, openSearchSweep, storedRecord, type SearchWorkspace } from './searchWorkspace.js';

/**
 * One search by Descent's own machinery: the sweep file (the workspace's objective, `sweepKeys`, `samples`
 * configurations, the workspace's seed) opened and run as `exp run` runs it (roundsRunner: early termination,
 * bayes rounds, or every run at once), then each planned run's record read back in the order the sweep planned them.
 * Without `samples` (a grid) it runs every configuration.
 */
export async function searchWithDescent(workspace: SearchWorkspace, file: string, sweepKeys: Record<string, unknown>, samples?: number): Promise<Trial[]> {
  const text = searchSweepText(workspace.objective, { seed: workspace.seed, sweepKeys, samples });
  const opened = await openSearchSweep(workspace, file, text);
  const outcome = await roundsRunner(opened.sweep)(opened, workspace.executor, executeRequest(workspace, opened));
  if (outcome.stopped === 'interrupted' || outcome.stopped === 'incomplete') throw new Error(`bench search: ${opened.file} stopped ${outcome.stopped}`);
  return outcome.runs.map((spec) => trialOfRecord(storedRecord(workspace, spec.runId)));
}
