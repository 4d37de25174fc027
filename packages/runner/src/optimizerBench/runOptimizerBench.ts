import { checkOptimizer, type Optimizer } from '@descent/optim';
import { isDeterministicConfig } from '@descent/sweep';
import type { BenchPlace } from './benchSweepRunner.js';
import type { BenchEntrant } from './benchSweeps.js';
import { scoreBench } from './scoreBench.js';
import { targetOf } from './suite.js';
import { tuneOptimizer, type BenchSetting } from './tuneOptimizer.js';
import { benchMachines, benchTimingResult, timedRuns, type BenchTimingResult, type OptimizerBenchTiming, type TimedRun } from './timing.js';
import type { BenchResult, OptimizerBenchSummary } from './types.js';
import { heldOutVariant, workloadBudget } from './workloads.js';

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

/**
 * Bench `candidates` against `baselines` on the suite: the conformance kit on each candidate first (any failure
 * refuses the whole bench before a run trains: a broken optimizer's scores would mean nothing), then the tuning
 * protocol for every optimizer on every workload (the baselines' runs are cached in the store under names that
 * encode the suite, budget and kernels, so they train once), then the scores.
 */
export interface RunOptimizerBenchOptions {
  /**
   * 'gate' (the default, and what `exp optimizers bench` does): a candidate failing the kit refuses the bench.
   * 'record': the results are recorded in the summary and the candidate trains anyway; tests use it to prove
   * the scores put an optimizer the kit would refuse (one that climbs, one that diverges) last without crashing.
   */
  conformance?: 'gate' | 'record';
}

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
  const results: BenchResult[] = [];
  const timings: BenchTimingResult[] = [];
  const timed: TimedRun[] = [];
  const deterministic = new Map<string, boolean>();
  for (const workload of setting.suite.workloads) {
    for (const entrant of field) {
      const tuned = await tuneOptimizer(place, setting, workload, entrant, entrant.optimizer);
      results.push(tuned.result);
      const replicates = timedRuns(place.store, tuned.replicates);
      const trials = timedRuns(place.store, tuned.trials);
      timings.push(benchTimingResult(entrant.name, workload.id, replicates, trials));
      timed.push(...replicates, ...trials);
      deterministic.set(workload.id, isDeterministicConfig(tuned.replicates[0].config));
    }
  }
  const scores = scoreBench({
    workloads: setting.suite.workloads.map((w) => ({ id: w.id, goal: w.goal, target: targetOf(setting.suite, w.id), deterministic: deterministic.get(w.id)! })),
    results,
    candidates: candidates.map((c) => c.name),
    builtIns: field.filter((o) => o.builtIn).map((o) => o.name),
    family: setting.suite.version,
  });
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
      budget: workloadBudget(w.train),
    })),
    candidates: candidates.map((c) => c.name),
    baselines: field.filter((o) => !candidateNames.has(o.name)).map((o) => o.name),
    results,
    ...scores,
    conformance,
  };
  const timing: OptimizerBenchTiming = {
    schema: 1,
    suite: summary.suite,
    seed: summary.seed,
    budget: summary.budget,
    kernels: summary.kernels,
    machines: benchMachines(timed),
    results: timings,
  };
  return { kind: 'benched', summary, timing };
}
