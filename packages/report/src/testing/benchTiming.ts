import type { BenchMachine, OptimizerBenchSummary, OptimizerBenchTiming } from '@descent/runner';
import { wiggle } from './fixtures.js';

export const BENCH_TIMING_MACHINE: BenchMachine = { machine: 'bench-host (linux-x64, 8 × Example CPU @ 3.0GHz)', node: 'v22.11.0', kernels: 'js-f64', runs: 0 };

/**
 * A timing.json for a bench summary fixture: per replicate, roughly 0.4 ms a step on a landscape and 2.1 ms on a
 * net, deterministic (wiggle, no clock), on one machine, or on `machines` when given.
 */
export function benchTimingFixture(summary: OptimizerBenchSummary, machines: readonly BenchMachine[] = [BENCH_TIMING_MACHINE]): OptimizerBenchTiming {
  const results = summary.results.map((result) => {
    const w = summary.workloads.findIndex((workload) => workload.id === result.workload);
    const perStep = (w < 4 ? 0.4 : 2.1) * (1 + 0.05 * wiggle(result.optimizer, w));
    const trainingPerReplicate = Math.round(summary.workloads[w].budget.steps * perStep);
    const replicates = Array.from({ length: result.replicates }, (_, k) => ({
      wallTimeToTargetMs: k < result.reached && result.stepsToTarget !== null ? Math.round(result.stepsToTarget * perStep * (1 + 0.02 * k)) : null,
      trainingMs: trainingPerReplicate,
    }));
    return {
      optimizer: result.optimizer,
      workload: result.workload,
      wallTimeToTargetMs: result.stepsToTarget === null ? null : Math.round(result.stepsToTarget * perStep * 1.02),
      replicates,
      trainingMs: trainingPerReplicate * result.replicates,
      tuningMs: trainingPerReplicate * result.trials,
    };
  });
  const runs = summary.results.reduce((sum, result) => sum + result.replicates + result.trials, 0);
  return {
    schema: 1,
    suite: summary.suite,
    seed: summary.seed,
    budget: summary.budget,
    kernels: summary.kernels,
    machines: machines.map((machine, i) => ({ ...machine, runs: machines.length === 1 ? runs : i === 0 ? runs - (machines.length - 1) : 1 })),
    results,
  };
}
