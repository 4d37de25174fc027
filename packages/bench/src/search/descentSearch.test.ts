import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localExecutor, RunStore } from '@descent/runner';
import { tempFolder } from '@descent/runner/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from '../runProcess.js';
import { bestSoFar } from './aggregate.js';
import { searchWithDescent } from './descentSearch.js';
import { searchMethod, sweepKeysOf, type DescentMethod } from './methods.js';
import { searchWorkspace } from './searchWorkspace.js';
import { searchSweepText } from './sweepText.js';
import { TINY_OBJECTIVE } from './_tinyObjective.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const executor = localExecutor({ workers: 2 });
afterAll(() => executor.close());

/** The same sweep file run by `exp run` (the built CLI) in a workspace of its own: its runs' final metrics. */
async function finalMetricsByTheCli(text: string): Promise<number[]> {
  return (await recordsByTheCli(text)).map((record) => record.summary.finalMetric);
}

/** The same sweep file run by `exp run` (the built CLI) in a workspace of its own: its runs' records. */
async function recordsByTheCli(text: string) {
  const root = tempFolder('descent-search-cli-');
  mkdirSync(join(root, 'experiments', 'sweeps'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}\n');
  writeFileSync(join(root, 'experiments', 'sweeps', 'search.yaml'), text);
  const args = [join(repoRoot, 'packages', 'cli', 'dist', 'bin.js'), 'run', 'sweeps/search.yaml', '--workers', '1', '--no-report'];
  const { code, output } = await runProcess(process.execPath, args, root, { ...process.env, DESCENT_ROOT: root, INIT_CWD: root });
  if (code !== 0) throw new Error(`exp run exited ${code}:\n${output}`);
  return new RunStore(join(root, 'experiments', 'runs')).readAll(TINY_OBJECTIVE.id).map((s) => s.record);
}

describe("a search by Descent's own machinery", () => {
  it.each([
    ['quasirandom', 6],
    ['bayes', 12], // 10 quasirandom startup configurations, then a round of 2 TPE proposals
  ])('%s of %i configurations returns the trials `exp run` trains for that sweep file, and its best', async (method, samples) => {
    const workspace = searchWorkspace(tempFolder('descent-search-'), TINY_OBJECTIVE, 4, executor);
    const trials = await searchWithDescent(workspace, `${method}.yaml`, { method }, samples);
    const byTheCli = await finalMetricsByTheCli(searchSweepText(TINY_OBJECTIVE, { seed: 4, sweepKeys: { method }, samples }));
    expect(trials).toHaveLength(samples);
    expect(trials.map((t) => t.value).sort((a, b) => a - b)).toEqual(byTheCli.sort((a, b) => a - b));
    expect(bestSoFar(trials, 'minimize').at(-1)).toBe(Math.min(...byTheCli));
  }, 60_000);

  it('with Hyperband (early_terminate at the objective\'s first rung) counts pruned runs by what they trained, as `exp run` stores them', async () => {
    const method = searchMethod('quasirandom-hyperband') as DescentMethod;
    const sweepKeys = sweepKeysOf(method, TINY_OBJECTIVE);
    expect(sweepKeys).toEqual({ method: 'quasirandom', early_terminate: { type: 'hyperband', eta: 3, min_budget: 5 } });
    const workspace = searchWorkspace(tempFolder('descent-search-'), TINY_OBJECTIVE, 4, executor);
    const trials = await searchWithDescent(workspace, 'hyperband.yaml', sweepKeys, 12);
    const byTheCli = await recordsByTheCli(searchSweepText(TINY_OBJECTIVE, { seed: 4, sweepKeys, samples: 12 }));
    expect(trials).toHaveLength(12);
    const pruned = byTheCli.filter((record) => record.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(trials.filter((t) => t.pruned)).toHaveLength(pruned.length);
    expect(trials.reduce((sum, t) => sum + t.examples, 0)).toBe(byTheCli.reduce((sum, record) => sum + record.summary.examples, 0));
    const finished = byTheCli.filter((record) => record.status === 'finished').map((record) => record.summary.finalMetric);
    expect(bestSoFar(trials, 'minimize').at(-1)).toBe(Math.min(...finished));
  }, 60_000);
});
