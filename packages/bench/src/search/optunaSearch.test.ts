import { spawnSync } from 'node:child_process';
import { localExecutor, type RunRecord } from '@descent/runner';
import { tempFolder } from '@descent/runner/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptunaMethod } from './methods.js';
import { OptunaProcess, requireOptunaPython } from './optunaProcess.js';
import { optunaSpace, searchWithOptuna, type OptunaStudies } from './optunaSearch.js';
import { searchWorkspace } from './searchWorkspace.js';
import { metricCurve } from './trials.js';
import { TINY_OBJECTIVE } from './_tinyObjective.js';

const RANDOM: OptunaMethod = { id: 'optuna-random', label: 'Optuna random', engine: 'optuna', sampler: 'random', pruner: 'none' };
const TPE_HYPERBAND: OptunaMethod = { id: 'optuna-tpe-hyperband', label: 'Optuna TPE + Hyperband', engine: 'optuna', sampler: 'tpe', pruner: 'hyperband' };

// No skipping: without Optuna every test here fails, saying how to install it (requireOptunaPython's message).
let python: { executable: string; optunaVersion: string };
let optuna: OptunaProcess;
const executor = localExecutor({ workers: 1 });

beforeAll(() => {
  python = requireOptunaPython();
  optuna = new OptunaProcess(python.executable);
}, 60_000);

afterAll(async () => {
  optuna?.dispose();
  await executor.close();
});

const records = (workspace: ReturnType<typeof searchWorkspace>): RunRecord[] => workspace.store.readAll(TINY_OBJECTIVE.id).map((s) => s.record);

/** What Optuna's RandomSampler proposes on its own for the tiny space, asked in a separate python (nothing told). */
function randomProposals(seed: number, count: number): Record<string, number | string>[] {
  const script = `
import json, sys, optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution
optuna.logging.set_verbosity(optuna.logging.WARNING)
space = json.loads(sys.argv[1])
dists = {d["name"]: CategoricalDistribution(d["choices"]) if d["kind"] == "categorical" else FloatDistribution(d["low"], d["high"], log=d["log"]) for d in space}
study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=${seed}))
print(json.dumps([study.ask(dists).params for _ in range(${count})]))
`;
  const out = spawnSync(python.executable, ['-c', script, JSON.stringify(optunaSpace(TINY_OBJECTIVE))], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as Record<string, number | string>[];
}

describe('Optuna driving Descent over JSON lines', () => {
  it('answers hello with the Optuna it imported, and a failing request with its traceback while carrying on', async () => {
    expect((await optuna.hello()).optuna).toBe(python.optunaVersion);
    await expect(optuna.ask('no such study')).rejects.toThrow(/Optuna: 'ask' failed in Python: KeyError: 'no such study'/);
    expect((await optuna.hello()).optuna).toBe(python.optunaVersion);
  }, 30_000);

  it("trains Optuna's own proposals: 4 random trials are the configurations RandomSampler proposes, each told its run's result", async () => {
    const workspace = searchWorkspace(tempFolder('descent-search-optuna-'), TINY_OBJECTIVE, 5, executor);
    const trials = await searchWithOptuna(optuna, workspace, RANDOM, 4);
    const proposals = randomProposals(5, 4);
    const trained = records(workspace);
    expect(trained).toHaveLength(4);
    // Each proposal became one run of exactly that configuration (floats cross JSON exactly), and its trial is that run's result.
    proposals.forEach((params, i) => {
      const run = trained.find((r) => r.config.optimizer.lr === params['optimizer.lr']);
      expect(run, `proposal ${i}: ${JSON.stringify(params)}`).toBeDefined();
      expect(run!.config.optimizer.momentum).toBe(params['optimizer.momentum']);
      expect(JSON.stringify(run!.config.train.batch_size)).toBe(params['train.batch_size']);
      expect(trials[i]).toEqual({ value: run!.status === 'finished' ? run!.summary.finalMetric : NaN, examples: run!.summary.examples, pruned: false });
    });
  }, 30_000);

  it('keeps TPE with Hyperband inside the declared ranges and choices', async () => {
    const workspace = searchWorkspace(tempFolder('descent-search-optuna-'), TINY_OBJECTIVE, 6, executor);
    const trials = await searchWithOptuna(optuna, workspace, TPE_HYPERBAND, 12);
    expect(trials).toHaveLength(12);
    for (const run of records(workspace)) {
      const { lr, momentum } = run.config.optimizer;
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(0.05);
      expect(momentum).toBeGreaterThanOrEqual(0);
      expect(momentum).toBeLessThanOrEqual(0.9);
      expect([1, 4]).toContain(run.config.train.batch_size);
    }
  }, 30_000);

  it('counts a pruned trial as the examples up to the last point reported to it, and no value', async () => {
    // Optuna's side stands in here, so that the trial is pruned after its 2nd of 4 points for sure.
    const told: { curve: readonly number[]; final: number | null }[] = [];
    const fake: OptunaStudies = {
      create: async () => {},
      ask: async () => ({ trial: 0, params: { 'optimizer.lr': 0.01, 'optimizer.momentum': 0.5, 'train.batch_size': '4' } }),
      tell: async (_study, _trial, curve, final) => (told.push({ curve, final }), { state: 'pruned', reported: 2 }),
      drop: async () => {},
    };
    const workspace = searchWorkspace(tempFolder('descent-search-optuna-'), TINY_OBJECTIVE, 7, executor);
    const [trial] = await searchWithOptuna(fake, workspace, TPE_HYPERBAND, 1);
    const [run] = records(workspace);
    // 20 steps of batch 4, the path kept at steps 0, 1, 6, 11, 16, 20 (max_points 5 past the start, the last step
    // always kept); the start is no evaluation. Pruned after 2 points: step 6, 6 × 4 = 24 examples.
    expect(metricCurve(run).map((p) => p.examples)).toEqual([4, 24, 44, 64, 80]);
    expect(told[0].curve).toEqual(metricCurve(run).map((p) => p.value));
    expect(told[0].final).toBe(run.summary.finalMetric);
    expect(trial).toEqual({ value: NaN, examples: 24, pruned: true });
  }, 30_000);
});
