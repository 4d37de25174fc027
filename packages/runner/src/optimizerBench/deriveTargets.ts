import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtins } from '@descent/optim';
import { activeKernels } from '@descent/tensor';
import { localExecutor } from '../localExecutor.js';
import { RunStore } from '../store.js';
import type { BenchPlace } from './benchSweepRunner.js';
import { BENCH_SUITE_NAMES, benchSuite } from './suites.js';
import { runBenchSweep } from './benchSweepRunner.js';
import { benchSweepName, replicatesSweepText } from './benchSweeps.js';
import { BENCH_PROTOCOLS } from './suite.js';
import { bestTrial, hyperparametersOf, runTuningTrials, sweepNameParts, type BenchSetting } from './tuneOptimizer.js';
import type { WorkloadSpec } from './workloads.js';

/** How many tuned built-ins must reach a target on the published variant: the third best sets it. */
export const TARGET_RANK = 3;
/** How far the target is relaxed from that value, as a fraction of its size, so held-out variants can reach it. */
export const TARGET_RELAXATION = { minimize: 0.25, maximize: 0.02 } as const;

/**
 * Each workload's target, derived once from the tuned built-ins on the published variant: every built-in tuned by
 * the protocol, its best trial replicated (the budget's replicates) on the published variant, the median final
 * metric of those replicates; the TARGET_RANK-th best of the built-ins' medians, relaxed by TARGET_RELAXATION of
 * its size toward easier and rounded to 3 significant digits toward easier. AlgoPerf derives its targets from the
 * tuned baselines' median in the same spirit; the third best rather than the best keeps a target reachable by
 * more than one method, and the median over replicates (new data, weights and batches each) keeps one lucky
 * draw of the data from setting a target the held-out variant cannot meet. A workload that declares a fixed
 * target (workloads.ts `fixedTarget`) keeps it and trains nothing: its target is a threshold of the problem.
 */
export async function deriveTargets(place: BenchPlace, setting: BenchSetting): Promise<Record<string, number>> {
  const targets: Record<string, number> = {};
  for (const workload of setting.suite.workloads) {
    // A declared target needs no runs (targetOf reads it from the declaration; it is written here for the reader of targets.ts).
    const medians = workload.fixedTarget === undefined ? await builtInMedians(place, setting, workload) : [];
    targets[workload.id] = targetByRule(workload, medians);
  }
  return targets;
}

/** Each built-in tuned on the workload, its best trial replicated on the published variant: the replicates' median final metric. */
async function builtInMedians(place: BenchPlace, setting: BenchSetting, workload: WorkloadSpec): Promise<number[]> {
  const medians: number[] = [];
  for (const optimizer of builtins) {
    const entrant = { name: optimizer.name, plugin: null };
    const trials = await runTuningTrials(place, setting, workload, entrant, optimizer);
    const name = benchSweepName(sweepNameParts(setting, workload, entrant), 'published-replicates');
    const tuned = hyperparametersOf(bestTrial(trials, workload));
    const text = replicatesSweepText(name, workload, workload.variants[0], entrant, tuned, BENCH_PROTOCOLS[setting.budget].replicates, null);
    medians.push(median((await runBenchSweep(place, name, text)).map((r) => r.summary.finalMetric), workload.goal));
  }
  return medians;
}

/**
 * The rule for one workload: the target its declaration fixes, else the TARGET_RANK-th best of the built-ins'
 * median final metrics (`medians`, one per built-in; NaN for one that diverged), relaxed.
 */
export function targetByRule(workload: Pick<WorkloadSpec, 'id' | 'goal' | 'fixedTarget'>, medians: readonly number[]): number {
  if (workload.fixedTarget !== undefined) return workload.fixedTarget.value;
  const ranked = medians.filter(Number.isFinite).sort((a, b) => (workload.goal === 'minimize' ? a - b : b - a));
  const value = ranked[Math.min(TARGET_RANK, ranked.length) - 1];
  if (value === undefined) throw new Error(`deriveTargets: no built-in finished ${workload.id}`);
  return relaxed(value, workload.goal);
}

/** The median final metric, a diverged replicate (NaN) counting as the worst value: NaN when that decides it. */
function median(values: readonly number[], goal: 'minimize' | 'maximize'): number {
  const worst = goal === 'minimize' ? Infinity : -Infinity;
  const sorted = values.map((v) => (Number.isNaN(v) ? worst : v)).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return Number.isFinite(value) ? value : NaN;
}

function relaxed(value: number, goal: 'minimize' | 'maximize'): number {
  const loose = goal === 'minimize' ? value + TARGET_RELAXATION.minimize * Math.abs(value) : value - TARGET_RELAXATION.maximize * Math.abs(value);
  if (loose === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(loose))) - 2);
  return Number(((goal === 'minimize' ? Math.ceil(loose / scale) : Math.floor(loose / scale)) * scale).toPrecision(3));
}

const TARGETS_FILE = fileURLToPath(new URL('./targets.ts', import.meta.url));

/** `derive-targets [suite] [store folder]`: derive the suite's targets with the quick budget and write them into targets.ts. */
async function main(argv: string[]): Promise<void> {
  const [suiteName = 'standard', folder = join(process.cwd(), '.bench-targets')] = argv;
  const suite = { ...benchSuite(suiteName), targets: {} };
  const executor = localExecutor({});
  try {
    const place: BenchPlace = { store: new RunStore(join(folder, 'runs')), executor, sweepsFolder: join(folder, 'sweeps'), onSweep: (name, trained) => console.log(`${name}: ${trained} to train`) };
    const targets = await deriveTargets(place, { suite, budget: 'quick', seed: 0, kernels: activeKernels().name });
    const current = readFileSync(TARGETS_FILE, 'utf8').match(/= (\{[\s\S]*\});\s*$/)?.[1] ?? '{}';
    // The other suites' targets stay; those of versions no suite declares any more go (nothing could read them).
    const declared = new Set(BENCH_SUITE_NAMES.map((name) => benchSuite(name).version));
    const kept = Object.entries(JSON.parse(current) as Record<string, unknown>).filter(([version]) => declared.has(version) && version !== suite.version);
    const all = Object.fromEntries([...kept, [suite.version, targets]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFileSync(
      TARGETS_FILE,
      '// Written by deriveTargets.ts (`pnpm --filter @descent/runner derive-targets <suite>`), with the quick budget (8 trials and\n' +
        '// 3 replicates per built-in on the published variant); not edited by hand. The rule is deriveTargets\'s doc comment.\n' +
        `export const DERIVED_TARGETS: Readonly<Record<string, Readonly<Record<string, number>>>> = ${JSON.stringify(all, null, 2)};\n`,
    );
    console.log(JSON.stringify(targets, null, 2));
  } finally {
    await executor.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
