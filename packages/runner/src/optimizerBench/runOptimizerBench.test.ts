import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtins, loadPlugins } from '@descent/optim';
import { activeKernels } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { localExecutor } from '../localExecutor.js';
import { RunStore } from '../store.js';
import { tempFolder } from '../testing/tempFolder.js';
import { runOptimizerBench, type BenchOptimizer, type RunOptimizerBenchOptions } from './runOptimizerBench.js';
import { BENCH_PROTOCOLS } from './suite.js';
import { benchSuite } from './suites.js';
import { targetOf } from './suite.js';
import { tuningRanges } from './tuneOptimizer.js';
import type { OptimizerBenchTiming } from './timing.js';
import type { OptimizerBenchSummary } from './types.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}.ts`, import.meta.url));

async function plugin(file: string): Promise<BenchOptimizer> {
  const loaded = await loadPlugins([file], { baseDir: process.cwd() });
  return { name: loaded.optimizers[0].name, plugin: loaded.sources[0].resolved, optimizer: loaded.optimizers[0], builtIn: false };
}

const BASELINES: BenchOptimizer[] = builtins
  .filter((o) => ['sgd', 'momentum', 'adam'].includes(o.name))
  .map((optimizer) => ({ name: optimizer.name, plugin: null, optimizer, builtIn: true }));
const SETTING = { suite: benchSuite('tiny'), budget: 'quick' as const, seed: 0, kernels: activeKernels().name };

/** One bench into `folder`'s store on `workers` threads: the summary's JSON and how many runs it trained. */
async function bench(folder: string, workers: number, candidates: BenchOptimizer[], options: RunOptimizerBenchOptions = { conformance: 'record' }) {
  const executor = localExecutor({ workers });
  let trained = 0;
  try {
    const place = { store: new RunStore(join(folder, 'runs')), executor, sweepsFolder: join(folder, 'sweeps'), onSweep: (_: string, missing: number) => (trained += missing) };
    const outcome = await runOptimizerBench(place, SETTING, candidates, BASELINES, options);
    return { outcome, trained, json: outcome.kind === 'benched' ? JSON.stringify(outcome.summary, null, 2) : null, timing: outcome.kind === 'benched' ? outcome.timing : null };
  } finally {
    await executor.close();
  }
}

/**
 * Checks every timing result against the store's runs and returns how many replicates reached their target.
 * A replicate's wall time to target is its meta's time of the logged step whose trajectory point is the first at
 * or below the target (found here from the trajectory itself, not from the summary), and never above its training time.
 */
function timingAgreesWithMetas(folder: string, summary: OptimizerBenchSummary, timing: OptimizerBenchTiming): number {
  const store = new RunStore(join(folder, 'runs'));
  expect(timing.results.map((t) => `${t.optimizer}/${t.workload}`)).toEqual(summary.results.map((r) => `${r.optimizer}/${r.workload}`));
  expect(timing.machines.length).toBeGreaterThan(0);
  let reached = 0;
  for (const entry of timing.results) {
    const target = targetOf(SETTING.suite, entry.workload);
    const sweep = readdirSync(join(folder, 'runs')).find((name) => name.endsWith(`-${entry.workload}-${entry.optimizer}-replicates`))!;
    const runs = store.readAll(sweep).sort((a, b) => a.record.replicate - b.record.replicate);
    expect(entry.replicates).toHaveLength(runs.length);
    let total = 0;
    runs.forEach(({ record, meta }, k) => {
      total += meta!.wallTimeMs;
      expect(entry.replicates[k].trainingMs).toBe(meta!.wallTimeMs);
      const first = record.trajectory.findIndex((point) => point.loss <= target);
      if (first <= 0) {
        expect(entry.replicates[k].wallTimeToTargetMs).toBe(first === 0 ? 0 : null);
        return;
      }
      const logged = record.steps.findIndex((point) => point.step === record.trajectory[first].step - 1);
      expect(entry.replicates[k].wallTimeToTargetMs).toBe(meta!.stepTimesMs[logged]);
      expect(entry.replicates[k].wallTimeToTargetMs!).toBeLessThanOrEqual(meta!.wallTimeMs);
      reached += 1;
    });
    expect(entry.trainingMs).toBeCloseTo(total, 2);
    const times = entry.replicates.map((r) => r.wallTimeToTargetMs ?? Infinity).sort((a, b) => a - b);
    // Three replicates: the median is the middle one, null when two did not reach the target.
    expect(entry.wallTimeToTargetMs).toBe(Number.isFinite(times[1]) ? times[1] : null);
    expect(entry.tuningMs).toBeGreaterThan(0);
  }
  return reached;
}

describe('runOptimizerBench on the tiny suite', () => {
  it('refuses a candidate the conformance kit fails before training anything', async () => {
    const folder = tempFolder('bench-gate-');
    const { outcome, trained } = await bench(folder, 1, [await plugin(fixture('half-flipped-sgd'))], {});
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.conformance['half-flipped-sgd'].ok).toBe(false);
    expect(outcome.conformance['half-flipped-sgd'].failed.some((name) => name.startsWith('decreases a convex quadratic'))).toBe(true);
    expect(trained).toBe(0);
  });

  it('scores a climbing optimizer and a diverging one last; the summary is the same bytes on 1 or 2 workers, after a resume, and a rerun trains nothing', async () => {
    const candidates = [await plugin(fixture('half-flipped-sgd')), await plugin(fixture('reckless-sgd'))];
    const one = tempFolder('bench-one-');
    const first = await bench(one, 1, candidates);
    expect(first.outcome.kind).toBe('benched');
    const summary = (first.outcome as { summary: OptimizerBenchSummary }).summary;
    const runsPerOptimizer = SETTING.suite.workloads.length * (8 + 3);
    expect(first.trained).toBe((BASELINES.length + candidates.length) * runsPerOptimizer);

    // Clearly last: every baseline scores above both candidates, and the candidates reach no target.
    const score = (name: string) => summary.profile.find((p) => p.optimizer === name)!.score;
    const worstBaseline = Math.min(...BASELINES.map((b) => score(b.name)));
    expect(worstBaseline).toBeGreaterThan(0.3);
    for (const candidate of ['half-flipped-sgd', 'reckless-sgd']) {
      expect(score(candidate)).toBe(0);
      expect(summary.profile.slice(-2).map((p) => p.optimizer)).toContain(candidate);
      expect(summary.answers[candidate]).toContain(`${candidate} reaches none of the 3 targets`);
    }
    // The diverging one is reported as diverged in every replicate, with no final metric, and loses every verdict.
    const reckless = summary.results.filter((r) => r.optimizer === 'reckless-sgd');
    expect(reckless.every((r) => r.diverged === r.replicates && r.finalMetrics.every((m) => m === null) && r.examplesToTarget === null)).toBe(true);
    expect(summary.verdicts.filter((v) => v.optimizer === 'reckless-sgd').map((v) => v.verdict)).toEqual(['worse', 'worse', 'worse']);
    // The climbing one loses to the best built-in on each workload too (the saddle and least squares are exact: no noise).
    expect(summary.verdicts.filter((v) => v.optimizer === 'half-flipped-sgd').map((v) => `${v.workload} ${v.verdict}`)).toEqual(['ravine worse', 'saddle worse', 'least-squares worse']);
    expect(summary.conformance['reckless-sgd'].ok).toBe(false);
    expect(BASELINES.every((b) => summary.conformance[b.name].ok)).toBe(true);

    // Only what tuning searched is reported as tuned: adam's eps is `search: false`, kept at its default.
    const adam = builtins.find((o) => o.name === 'adam')!;
    const searched = tuningRanges(adam).map((range) => range.key);
    expect(searched).not.toContain('eps');
    for (const result of summary.results.filter((r) => r.optimizer === 'adam')) {
      expect(Object.keys(result.tuned).sort()).toEqual([...searched].sort());
      expect(Object.keys(result.fixed).sort()).toEqual(Object.keys(adam.hyperparameters).filter((key) => !searched.includes(key)).sort());
      expect(result.fixed.eps).toBe(adam.hyperparameters.eps.default);
    }

    // Wall time is in the timing, never in the summary; and the timing agrees with the runs' metas.
    expect(first.json).not.toMatch(/wall|Ms"/i);
    expect(timingAgreesWithMetas(one, summary, first.timing!)).toBeGreaterThan(0);

    // Every sweep the bench trained has its sweep.json, as `exp run` writes it: `exp list`, `report` and `doctor` read them.
    const benchStore = new RunStore(join(one, 'runs'));
    const benchSweeps = benchStore.sweeps().filter((name) => name.startsWith('bench-'));
    expect(benchSweeps).toHaveLength((BASELINES.length + candidates.length) * SETTING.suite.workloads.length * 2);
    for (const name of benchSweeps) {
      const entry = benchStore.sweepInfoEntry(name);
      expect(entry.state, name).toBe('valid');
      if (entry.state === 'valid') expect(entry.info.runIds.every((id) => benchStore.has(name, id)), name).toBe(true);
    }

    const two = tempFolder('bench-two-');
    const parallel = await bench(two, 2, candidates);
    expect(parallel.json).toBe(first.json);

    // A resume: what a kill mid-bench leaves is a store missing some runs. Only those are trained again.
    const store = join(one, 'runs');
    const sweeps = readdirSync(store).filter((name) => name.startsWith('bench-'));
    const tune = sweeps.find((name) => name.includes('-saddle-momentum-tune'))!;
    const replicates = sweeps.find((name) => name.includes('-ravine-half-flipped-sgd-replicates'))!;
    const removed = readdirSync(join(store, tune)).filter((entry) => /^[0-9a-f]{12}$/.test(entry)).slice(0, 3);
    expect(removed).toHaveLength(3);
    for (const run of removed) rmSync(join(store, tune, run), { recursive: true });
    rmSync(join(store, replicates), { recursive: true });
    const resumed = await bench(one, 1, candidates);
    expect(resumed.trained).toBe(removed.length + 3);
    expect(resumed.json).toBe(first.json);

    const again = await bench(one, 2, candidates);
    expect(again.trained).toBe(0);
    expect(again.json).toBe(first.json);
  }, 120_000);

  it('adds paired replicates where a verdict is undecided, to the candidate and the built-in it faces only, up to the budget\'s most', async () => {
    // A heavy ball that forgets slightly faster: within noise of the best built-ins on the noisy ravine.
    const twin = await plugin(fixture('heavy-ball-twin'));
    const folder = tempFolder('bench-adaptive-');
    const first = await bench(folder, 1, [twin]);
    const summary = (first.outcome as { summary: OptimizerBenchSummary }).summary;
    const { replicates, replicateStep, maxReplicates } = BENCH_PROTOCOLS.quick;
    const ravine = summary.verdicts.find((v) => v.workload === 'ravine')!;
    const grown = summary.results.filter((r) => r.replicates > replicates);
    expect(grown.map((r) => `${r.workload} ${r.optimizer}`).sort()).toEqual([`ravine ${ravine.against}`, 'ravine heavy-ball-twin'].sort());
    for (const result of grown) {
      expect((result.replicates - replicates) % replicateStep).toBe(0);
      expect(result.replicates).toBeLessThanOrEqual(maxReplicates);
      expect(result.finalMetrics).toHaveLength(result.replicates);
    }
    // Growth stops when the verdict is decided, or at the most replicates the budget allows.
    expect(ravine.verdict !== 'undecided' || grown.every((r) => r.replicates === maxReplicates)).toBe(true);
    // The exact workloads (no noise: every replicate repeats the first) never grow.
    expect(summary.results.filter((r) => r.workload !== 'ravine').every((r) => r.replicates === replicates)).toBe(true);
    const runsPerOptimizer = SETTING.suite.workloads.length * (8 + replicates);
    expect(first.trained).toBe((BASELINES.length + 1) * runsPerOptimizer + grown.reduce((sum, r) => sum + r.replicates - replicates, 0));

    // The replicates added for the verdict are not scored: every baseline's time to target is what a bench of
    // another candidate, which adds none, gives it, so profiles of two benches compare.
    const other = await bench(folder, 1, [await plugin(fixture('reckless-sgd'))]);
    const otherSummary = (other.outcome as { summary: OptimizerBenchSummary }).summary;
    expect(otherSummary.results.every((r) => r.replicates === replicates)).toBe(true);
    const scoredPart = (r: OptimizerBenchSummary['results'][number]) => [r.optimizer, r.workload, r.scored, r.reached, r.stepsToTarget, r.examplesToTarget];
    const baselinesOf = (s: OptimizerBenchSummary) => s.results.filter((r) => s.baselines.includes(r.optimizer)).map(scoredPart);
    expect(baselinesOf(summary)).toEqual(baselinesOf(otherSummary));
    expect(grown.every((r) => r.scored === replicates)).toBe(true);

    const parallel = await bench(tempFolder('bench-adaptive-two-'), 2, [twin]);
    expect(parallel.json).toBe(first.json);
    const again = await bench(folder, 2, [twin]);
    expect(again.trained).toBe(0);
    expect(again.json).toBe(first.json);
  }, 120_000);
});

