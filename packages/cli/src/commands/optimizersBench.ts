import { join } from 'node:path';
import { builtins, loadPlugins, PluginError, type LoadedPlugins, type Optimizer } from '@descent/optim';
import {
  BENCH_BUDGETS,
  BENCH_SUITE_NAMES,
  benchSuite,
  localExecutor,
  RunStore,
  runOptimizerBench,
  safeName,
  type BenchBudget,
  type BenchOptimizer,
  type OptimizerBenchSummary,
} from '@descent/runner';
import { activeKernels } from '@descent/tensor';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args.js';
import { reportsRoot, storeRoot, workspaceRoot } from '../paths.js';
import { pluginTrust } from '../pluginTrust.js';
import { writeAtomically } from '../writeAtomically.js';

/** The shipped plugins benchmarked as baselines beside the built-ins, as the workspace's experiments/ folder names them. */
const SHIPPED_PLUGINS = ['@descent/optim-lion', 'plugins/signum.ts'] as const;

/** `exp optimizers bench`'s own options and help lines (the optimizers command lists them with its own). */
export const benchSpec: Required<Pick<CommandSpec, 'options' | 'details'>> = {
  options: {
    budget: { type: 'string', placeholder: 'quick|full', description: 'bench: tuning trials and replicates per workload: quick 8 and 3 (default), full 24 and 5' },
    workers: { type: 'number', placeholder: 'n', description: 'bench: worker threads (default: CPU cores)' },
    seed: { type: 'number', placeholder: 'n', description: 'bench: the suite seed, which picks each workload\'s held-out variant (default 0)' },
    suite: { type: 'string', placeholder: BENCH_SUITE_NAMES.join('|'), description: 'bench: the suite (default standard; tiny: three fast landscapes, for trying it out and for tests)' },
  },
  details: [
    'bench runs the conformance kit on each optimizer (any failure: nothing trains, exit 1), then tunes it on every workload of the',
    'suite (quasirandom trials over its search ranges on the published variant, the best by final metric), replicates the best on',
    'a held-out variant with the target set, and scores it against the built-ins and the shipped plugins (lion, signum), whose runs',
    'are cached in experiments/runs/ per suite version, budget and kernels. It writes reports/optimizers-bench/<name>/index.html and summary.json (<name>: the candidates, then the budget and suite when not quick and standard),',
    'and timing.json beside them: wall times to target and training times, which depend on the machine (named there), so they are kept out of summary.json and score nothing.',
  ],
};

type Options = ParsedArgs['options'];

/** `exp optimizers bench`: bench the candidates, write summary.json, print the table and each candidate's answer. */
export async function benchOptimizers(found: readonly { optimizer: Optimizer; plugin: string | null }[], options: Options): Promise<number> {
  const budget = (options.budget ?? 'quick') as BenchBudget;
  if (!BENCH_BUDGETS.includes(budget)) throw new UsageError(`optimizers bench: --budget is ${BENCH_BUDGETS.join(' or ')} (got ${String(options.budget)})`);
  const seed = (options.seed ?? 0) as number;
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`optimizers bench: --seed takes a whole number ≥ 0 (got ${seed})`);
  const workers = options.workers as number | undefined;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new UsageError(`optimizers bench: --workers takes a whole number ≥ 1 (got ${workers})`);
  const suiteName = (options.suite ?? 'standard') as string;
  if (!BENCH_SUITE_NAMES.includes(suiteName)) throw new UsageError(`optimizers bench: --suite is ${BENCH_SUITE_NAMES.join(' or ')} (got ${suiteName})`);

  const candidates: BenchOptimizer[] = found.map(({ optimizer, plugin }) => ({ name: optimizer.name, plugin, optimizer, builtIn: plugin === null }));
  const baselines = [...builtins.map((optimizer): BenchOptimizer => ({ name: optimizer.name, plugin: null, optimizer, builtIn: true })), ...(await shippedPlugins(options))];
  // Quick runs of the standard suite by the candidates' names; a full budget or another suite beside them, never over them.
  const name = safeName([candidates.map((c) => c.name).join('-'), ...(budget === 'quick' ? [] : [budget]), ...(suiteName === 'standard' ? [] : [suiteName])].join('-'));
  const folder = join(reportsRoot(), 'optimizers-bench', name);

  let trained = 0;
  const executor = localExecutor({ workers });
  try {
    const place = {
      store: new RunStore(storeRoot()),
      executor,
      sweepsFolder: join(reportsRoot(), 'optimizers-bench', '.sweeps'),
      trust: benchTrust(options, [...candidates, ...baselines]),
      onSweep: (sweep: string, missing: number, runs: number) => {
        trained += missing;
        if (missing > 0) console.log(`${sweep}: training ${missing} of ${runs} runs`);
      },
    };
    const outcome = await runOptimizerBench(place, { suite: benchSuite(suiteName), budget, seed, kernels: activeKernels().name }, candidates, baselines);
    if (outcome.kind === 'refused') {
      for (const { name: optimizer } of candidates) {
        const result = outcome.conformance[optimizer];
        if (!result.ok) console.error(`optimizers bench: ${optimizer} fails the conformance kit (${result.failed.join('; ')}); nothing was trained. See \`exp optimizers check\`.`);
      }
      return 1;
    }
    const file = join(folder, 'summary.json');
    writeAtomically(file, `${JSON.stringify(outcome.summary, null, 2)}\n`);
    // The wall times apart: they depend on the machine, so summary.json stays the same bytes everywhere.
    writeAtomically(join(folder, 'timing.json'), `${JSON.stringify(outcome.timing, null, 2)}\n`);
    for (const line of summaryLines(outcome.summary)) console.log(line);
    console.log(`\n${trained} runs trained (the rest read from the store); summary: ${file}`);
    // Loaded only now, as `exp run` loads it: the renderer (Plot, a server-side DOM) is not needed to train.
    const { renderOptimizerBench } = await import('@descent/report');
    const report = join(folder, 'index.html');
    writeAtomically(report, renderOptimizerBench(outcome.summary, outcome.timing));
    console.log(`report: ${report}`);
    return 0;
  } finally {
    await executor.close();
  }
}

/** The file a plugin spec was loaded from (one spec, so one source): the bench's sweep files name it by that path. */
export function benchPluginSpec(loaded: LoadedPlugins): string {
  return loaded.sources[0].resolved;
}

/**
 * The command's plugin trust, plus the file of every plugin already loaded to be benched: a package (lion) is
 * trusted by name when loaded, but its file may lie outside the workspace, and the bench's sweeps name the file.
 */
function benchTrust(options: Options, entrants: readonly BenchOptimizer[]) {
  const trust = pluginTrust('optimizers bench', options);
  return { ...trust, allowed: [...trust.allowed, ...entrants.flatMap((e) => (e.plugin === null ? [] : [e.plugin]))] };
}

/** lion and signum from the workspace's experiments/ folder; a workspace without them benches against the built-ins alone. */
async function shippedPlugins(options: Options): Promise<BenchOptimizer[]> {
  const shipped: BenchOptimizer[] = [];
  for (const spec of SHIPPED_PLUGINS) {
    try {
      const loaded = await loadPlugins([spec], { baseDir: join(workspaceRoot(), 'experiments'), trust: pluginTrust('optimizers bench', options) });
      for (const optimizer of loaded.optimizers) shipped.push({ name: optimizer.name, plugin: benchPluginSpec(loaded), optimizer, builtIn: false });
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
    }
  }
  return shipped;
}

/** The terminal's table: examples to target by workload (× the fastest), each candidate's verdict, the profile scores, the answers. */
export function summaryLines(summary: OptimizerBenchSummary): string[] {
  const optimizers = summary.profile.map((p) => p.optimizer);
  const cell = (workload: string, optimizer: string) => {
    const result = summary.results.find((r) => r.workload === workload && r.optimizer === optimizer)!;
    return result.examplesToTarget === null ? `— (${result.reached}/${result.scored})` : String(result.examplesToTarget);
  };
  const header = ['workload (target)', ...optimizers, ...summary.candidates.map((c) => `${c} verdict`)];
  const rows = summary.workloads.map((w) => [
    `${w.id} (${w.metric} ${w.goal === 'minimize' ? '≤' : '≥'} ${w.target})`,
    ...optimizers.map((o) => cell(w.id, o)),
    ...summary.candidates.map((c) => {
      const v = summary.verdicts.find((x) => x.optimizer === c && x.workload === w.id)!;
      return `${v.verdict} vs ${v.against}`;
    }),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row: string[]) => row.map((text, i) => text.padEnd(widths[i])).join('  ').trimEnd();
  return [
    `Optimizer bench, suite ${summary.suite}, budget ${summary.budget}, seed ${summary.seed}, kernels ${summary.kernels}: examples to target (median of replicates; — not reached, reached/replicates)`,
    line(header),
    ...rows.map(line),
    '',
    `Performance profile scores (AlgoPerf, τ ∈ [1, ${summary.tau.at(-1)}], higher better): ${summary.profile.map((p) => `${p.optimizer} ${p.score.toFixed(3)}`).join(', ')}`,
    '',
    ...summary.candidates.map((c) => summary.answers[c]),
  ];
}
