import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  auditSample,
  configurationsOf,
  examplesOfPruned,
  localExecutor,
  meanFinalMetric,
  prunedConfigurations,
  RunStore,
  sweepSubStore,
  wilsonInterval,
  winnerOf,
  type AuditedConfiguration,
  type PrunedConfiguration,
} from '@descent/runner';
import { sweepNameProblem, valueAtKey } from '@descent/sweep';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { storeRoot, workspaceRoot } from '../paths.js';
import { allowPluginOption, pluginTrust } from '../pluginTrust.js';
import { loadSweepFile, plural } from '../sweepFile.js';
import { allowOutsideOption, guardWrites, sweepWritePaths } from '../workspaceGuard.js';
import { sweepName } from './report.js';

export const spec: CommandSpec = {
  name: 'audit',
  summary: 'train a seeded sample of the configurations early termination pruned to the full budget: would any have won?',
  usage: 'pnpm exp audit <sweep-name | sweep.yaml> [--sample n] [--workers n]',
  options: {
    sample: { type: 'number', placeholder: 'n', description: 'how many pruned configurations to train to the full budget (default 10; the sample is seeded by the sweep seed)' },
    all: { type: 'boolean', description: 'audit every pruned configuration' },
    workers: { type: 'number', placeholder: 'n', description: 'worker threads (default: one per core)' },
    'allow-plugin': allowPluginOption,
    'allow-outside': allowOutsideOption,
  },
  details: [
    'Each audited configuration trains every replicate to the full budget, as a search without early termination would',
    'have (byte for byte), in the sweep\'s .audit/ folder; an audit interrupted or run again trains only what it lacks.',
    'It is then compared with the winner (the best mean final metric among configurations trained to the end). The',
    'share of audited configurations that would have beaten it, with its 95 % interval, estimates how often pruning',
    'stopped a configuration better than the one the search chose; the examples pruning saved say what it bought.',
  ],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`audit: expected one sweep name\n\n${formatHelp(spec)}`);
  const sample = options.all ? Infinity : ((options.sample as number | undefined) ?? 10);
  if (!options.all && (!Number.isInteger(sample) || sample < 1)) throw new UsageError(`audit: --sample takes a whole number ≥ 1 (got ${sample})`);
  const workers = options.workers as number | undefined;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new UsageError(`audit: --workers takes a whole number ≥ 1 (got ${workers})`);
  const name = sweepName(positionals[0]);
  const unsafe = sweepNameProblem(name);
  if (unsafe) throw new UsageError(`audit: sweep name ${unsafe}`);

  const store = new RunStore(storeRoot());
  const info = store.readSweepInfo(name);
  if (info === null) throw new CliError(`audit: no stored runs for sweep '${name}' (sweeps: ${store.sweeps().join(', ') || 'none'})`);
  if (info.earlyTerminate === undefined) throw new CliError(`audit: sweep '${name}' has no early_terminate: nothing was pruned, so there is nothing to audit`);
  const records = info.runIds.filter((id) => store.has(name, id)).map((id) => store.read(name, id).record);
  const configurations = configurationsOf(records, info.runIds);
  const pruned = prunedConfigurations(configurations);
  const winner = winnerOf(configurations, info.metric.goal);
  if (pruned.length === 0) {
    console.log(`${name}: no configuration was pruned (${plural(configurations.length, 'configuration')} stored): nothing to audit`);
    return 0;
  }
  if (winner === null) throw new CliError(`audit: no configuration of '${name}' finished the full budget yet, so there is no winner to compare with (\`exp run\` completes the search)`);

  const file = resolve(workspaceRoot(), info.file);
  if (!existsSync(file)) throw new CliError(`audit: the sweep file ${info.file} is gone: its plugins and data files cannot be found to train the audited runs`);
  const loaded = await loadSweepFile(file, pluginTrust('audit', options));
  guardWrites(sweepWritePaths(name, { report: false }), options);
  const chosen = auditSample(pruned, sample, info.seed);
  const auditStore = sweepSubStore(store, name, 'audit');
  const specs = chosen.flatMap((configuration) => configuration.specs).sort((a, b) => a.replicate - b.replicate);
  const toDo = specs.filter((s) => !auditStore.has(name, s.runId)).length;
  console.log(
    `${name}: ${plural(pruned.length, 'configuration')} pruned; training ${chosen.length === pruned.length ? 'every one' : `a seeded sample of ${chosen.length}`} to the full budget (${plural(specs.length, 'run')}, ${toDo} to do)`,
  );

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  const executor = localExecutor({ workers });
  try {
    const summary = await executor.execute(specs, { sweep: name, baseDir: dirname(loaded.file), plugins: loaded.sweep.plugins, catalog: loaded.catalog, store: auditStore, signal: controller.signal });
    if (summary.interrupted) {
      console.error('interrupted: the audited runs finished so far are kept; the next `exp audit` goes on');
      return 130;
    }
  } finally {
    process.off('SIGINT', onSignal);
    await executor.close();
  }

  const label = (configuration: AuditedConfiguration) => settingsLabel(configuration, info.varied);
  const metric = info.metric.name;
  const better = (a: number, b: number) => (info.metric.goal === 'minimize' ? a < b : a > b);
  let beat = 0;
  let auditExamples = 0;
  for (const configuration of chosen) {
    const full = configuration.specs.map((s) => auditStore.read(name, s.runId).record);
    auditExamples += full.reduce((sum, record) => sum + record.summary.examples, 0);
    const value = meanFinalMetric(full);
    const wins = !Number.isNaN(value) && better(value, winner.value);
    if (wins) beat++;
    const where = `pruned at ${configuration.pruning.reason}`;
    const outcome = Number.isNaN(value)
      ? `at the full budget: ${full.some((r) => r.status === 'diverged') ? 'diverged' : 'failed'}`
      : `at the full budget: ${metric} ${format(value)}, ${wins ? `would have BEATEN the winner (${format(winner.value)}) by ${format(Math.abs(value - winner.value))}` : `no better than the winner (${format(winner.value)})`}`;
    console.log(`  ${wins ? '✗' : '✓'} ${label(configuration)}: ${where}; ${outcome}`);
  }
  console.log(`winner: ${label(winner.configuration)}, ${metric} ${format(winner.value)} (the mean of ${plural(winner.configuration.records.length, 'replicate')})`);
  const [low, high] = wilsonInterval(beat, chosen.length);
  const percent = (x: number) => `${Math.round(100 * x)} %`;
  console.log(
    `${beat} of ${chosen.length} audited pruned configurations would have beaten the winner (${percent(beat / chosen.length)}; 95 % interval ${percent(low)} to ${percent(high)} of the ${pruned.length} pruned)`,
  );
  const saved = savedExamples(pruned);
  console.log(`pruning saved ${formatCount(saved.full - saved.trained)} examples of training (${percent((saved.full - saved.trained) / searchWithoutPruning(configurations))} of the search without it); this audit trained ${formatCount(auditExamples)}`);
  return 0;
}

/** What the pruned configurations trained, and what they would have to the full budget. */
function savedExamples(pruned: readonly PrunedConfiguration[]): { trained: number; full: number } {
  return pruned.reduce((sum, configuration) => {
    const { trained, full } = examplesOfPruned(configuration);
    return { trained: sum.trained + trained, full: sum.full + full };
  }, { trained: 0, full: 0 });
}

/** Examples every stored configuration would have trained without early termination. */
function searchWithoutPruning(configurations: readonly AuditedConfiguration[]): number {
  return configurations.reduce((sum, configuration) => sum + examplesOfPruned(configuration).full, 0);
}

/** "optimizer.lr=0.0123 optimizer.momentum=0.5": the settings that vary across the sweep. */
function settingsLabel(configuration: AuditedConfiguration, varied: readonly string[]): string {
  const config = configuration.records[0].config;
  const shown = varied.filter((key) => key !== 'plugins' && valueAtKey(config, key) !== undefined).map((key) => {
    const value = valueAtKey(config, key);
    return `${key}=${typeof value === 'number' ? format(value) : JSON.stringify(value)}`;
  });
  return shown.join(' ') || configuration.records[0].runId;
}

function format(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
