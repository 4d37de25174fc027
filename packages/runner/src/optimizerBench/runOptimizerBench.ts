import { checkOptimizer, type Optimizer } from '@descent/optim';
import { isDeterministicConfig } from '@descent/sweep';
import type { BenchPlace } from './benchSweepRunner.js';
import type { BenchEntrant } from './benchSweeps.js';
import { scoreBench } from './scoreBench.js';
import { BENCH_PROTOCOLS, targetOf } from './suite.js';
import { benchMachines, benchTimingResult, timedRuns, type OptimizerBenchTiming } from './timing.js';
import { replicateTuned, tuneOptimizer, type BenchSetting, type TuningOutcome } from './tuneOptimizer.js';
import type { RunRecord } from '../types.js';
import type { BenchResult, OptimizerBenchSummary } from './types.js';
import { heldOutVariant, workloadBudget, type WorkloadSpec } from './workloads.js';

interface BenchEntry {
  workload: WorkloadSpec;
  entrant: BenchOptimizer;
  tuning: TuningOutcome;
  result: BenchResult;
  replicates: RunRecord[];
}

/** An optimizer to bench: how sweeps name it (and its plugin), and the optimizer itself (for the conformance kit and its ranges). */
export interface BenchOptimizer extends BenchEntrant {
  optimizer: Optimizer;
  /** One of the registry's own optimizers: the verdicts compare candidates with the best of these. */
  builtIn: boolean;
}

export type OptimizerBenchOutcome =
  /** The summary (the same bytes on any machine) and the wall times, apart (machine-dependent). */
  | { kind: 'benched'; summary: OptimizerBenchSummary; timing: OptimizerBenchTiming }
  /** Some candidate failed the conformance kit: nothing was trained. */
  | { kind: 'refused'; conformance: OptimizerBenchSummary['conformance'] };

export interface RunOptimizerBenchOptions {
  /**
   * 'gate' (the default, and what `exp optimizers bench` does): a candidate failing the kit refuses the bench.
   * 'record': the results are recorded in the summary and the candidate trains anyway; tests use it to prove
   * the scores put an optimizer the kit would refuse (one that climbs, one that diverges) last without crashing.
   */
  conformance?: 'gate' | 'record';
}

/**
 * Bench `candidates` against `baselines` on the suite: the conformance kit on each candidate first (any failure
 * refuses the whole bench before a run trains: a broken optimizer's scores would mean nothing), then the tuning
 * protocol for every optimizer on every workload (the baselines' runs are cached in the store under names that
 * encode the suite, budget and kernels, so they train once), then the scores, with more paired replicates where a
 * candidate's verdict is undecided (BenchProtocol).
 */
export async function runOptimizerBench(
  place: BenchPlace,
  setting: BenchSetting,
  candidates: readonly BenchOptimizer[],
  baselines: readonly BenchOptimizer[],
  options: RunOptimizerBenchOptions = {},
): Promise<OptimizerBenchOutcome> {
  const candidateNames = new Set(candidates.map((c) => c.name));
  const field = [...baselines.filter((b) => !candidateNames.has(b.name)), ...candidates];
  // The kit takes milliseconds per optimizer: every one's result goes in the summary; only the candidates' gate.
  const conformance: OptimizerBenchSummary['conformance'] = {};
  for (const entrant of field) {
    const report = checkOptimizer(entrant.optimizer);
    conformance[entrant.name] = { ok: report.ok, failed: report.checks.filter((c) => !c.ok).map((c) => c.name) };
  }
  const refused = candidates.filter((c) => !conformance[c.name].ok);
  if ((options.conformance ?? 'gate') === 'gate' && refused.length > 0) return { kind: 'refused', conformance };
  const protocol = BENCH_PROTOCOLS[setting.budget];
  // One entry per workload × optimizer, in that order (the summary's order): what tuning chose, and its replicates.
  const entries: BenchEntry[] = [];
  const deterministic = new Map<string, boolean>();
  for (const workload of setting.suite.workloads) {
    for (const entrant of field) {
      const tuning = await tuneOptimizer(place, setting, workload, entrant, entrant.optimizer);
      const replicated = await replicateTuned(place, setting, workload, entrant, tuning, protocol.replicates);
      entries.push({ workload, entrant, tuning, ...replicated });
      deterministic.set(workload.id, isDeterministicConfig(replicated.replicates[0].config));
    }
  }
  const score = () =>
    scoreBench({
      workloads: setting.suite.workloads.map((w) => ({ id: w.id, goal: w.goal, target: targetOf(setting.suite, w.id), deterministic: deterministic.get(w.id)! })),
      results: entries.map((e) => e.result),
      candidates: candidates.map((c) => c.name),
      builtIns: field.filter((o) => o.builtIn).map((o) => o.name),
      family: setting.suite.version,
    });
  let scores = score();
  // Adaptive replicates: where a verdict is undecided on a workload with randomness, the candidate and the built-in
  // it was compared with get `replicateStep` more paired replicates, until decided or at `maxReplicates`. Which
  // entries grow is decided from the records alone, in the summary's order, so the result stays reproducible.
  for (;;) {
    const grow = new Set<BenchEntry>();
    for (const verdict of scores.verdicts) {
      if (verdict.verdict !== 'undecided' || deterministic.get(verdict.workload)) continue;
      for (const optimizer of [verdict.optimizer, verdict.against]) {
        const entry = entries.find((e) => e.workload.id === verdict.workload && e.entrant.name === optimizer)!;
        if (entry.result.replicates < protocol.maxReplicates) grow.add(entry);
      }
    }
    if (grow.size === 0) break;
    for (const entry of grow) {
      const count = Math.min(entry.result.replicates + protocol.replicateStep, protocol.maxReplicates);
      Object.assign(entry, await replicateTuned(place, setting, entry.workload, entry.entrant, entry.tuning, count));
    }
    scores = score();
  }
  const results = entries.map((e) => e.result);
  const summary: OptimizerBenchSummary = {
    schema: 1,
    suite: setting.suite.version,
    seed: setting.seed,
    budget: setting.budget,
    kernels: setting.kernels,
    timeAxis: 'examples',
    workloads: setting.suite.workloads.map((w) => ({
      id: w.id,
      title: w.title,
      variant: heldOutVariant(w, setting.seed).label,
      metric: w.metric,
      goal: w.goal,
      target: targetOf(setting.suite, w.id),
      ...(w.fixedTarget === undefined ? {} : { targetRule: w.fixedTarget.reason }),
      budget: workloadBudget(w.train),
    })),
    candidates: candidates.map((c) => c.name),
    baselines: field.filter((o) => !candidateNames.has(o.name)).map((o) => o.name),
    results,
    ...scores,
    conformance,
  };
  // Wall times come from the runs' metas, apart from the summary (they differ from machine to machine).
  const timed = entries.map((e) => ({ entry: e, replicates: timedRuns(place.store, e.replicates), trials: timedRuns(place.store, e.tuning.trials) }));
  const timing: OptimizerBenchTiming = {
    schema: 1,
    suite: summary.suite,
    seed: summary.seed,
    budget: summary.budget,
    kernels: summary.kernels,
    machines: benchMachines(timed.flatMap((t) => [...t.replicates, ...t.trials])),
    results: timed.map((t) => benchTimingResult(t.entry.entrant.name, t.entry.workload.id, t.replicates, t.trials)),
  };
  return { kind: 'benched', summary, timing };
}
