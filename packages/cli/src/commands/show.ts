import { encodeJson, RunStore } from '@descent/runner/store';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { storeRoot } from '../paths.js';

export const spec: CommandSpec = {
  name: 'show',
  summary: 'show one run: its config, status, summary and where its files are',
  usage: 'pnpm exp show <runId | prefix> [--json]',
  options: { json: { type: 'boolean', description: 'print the whole stored record as JSON' } },
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`show: expected one run id\n\n${formatHelp(spec)}`);
  const wanted = positionals[0];
  const store = new RunStore(storeRoot());
  // Damaged runs too: reading one names its damaged file (exp.ts prints the DamagedEntryError).
  // A whole run id names its folder: looked up directly, since listing a sweep of 100,000 folders to find one was
  // half of `exp show`. Otherwise folder names only (reading every record to find one took seconds on a large store).
  const sweeps = store.sweeps();
  const exact = sweeps.flatMap((sweep) => (store.hasRunFolder(sweep, wanted) ? [{ sweep, id: wanted }] : []));
  const matches = exact.length > 0 ? exact : sweeps.flatMap((sweep) => store.runFolders(sweep).flatMap((id) => (id.startsWith(wanted) ? [{ sweep, id }] : [])));
  if (matches.length === 0) throw new CliError(`show: no run '${wanted}' in ${store.root}`);
  if (new Set(matches.map((m) => m.id)).size > 1) throw new CliError(`show: '${wanted}' is ambiguous: ${matches.map((m) => `${m.sweep}/${m.id}`).join(', ')}`);
  const { sweep, id } = matches[0];
  const { record, meta } = store.read(sweep, id);
  if (options.json) {
    console.log(encodeJson({ record, meta }, 2));
    return 0;
  }
  const s = record.summary;
  console.log(`run ${record.runId} of sweep ${sweep} (replicate ${record.replicate}, seed ${record.seed})`);
  // Records of an older format (schema 1) have no stream seeds.
  if (record.seeds) {
    const streams = Object.entries(record.seeds).filter(([, seed]) => seed !== null);
    console.log(`streams (pairing: ${record.config.pairing}): ${streams.map(([name, seed]) => `${name} ${seed}`).join(', ')}`);
  }
  console.log(`status: ${record.status}`);
  if (record.divergence) console.log(`diverged at step ${record.divergence.step} (${record.divergence.reason}; last finite loss ${record.divergence.lastFiniteLoss})`);
  if (record.pruning) console.log(`pruned at bracket ${record.pruning.bracket}, ${record.pruning.reason}`);
  if (record.error) console.log(`error${record.error.plugin ? ` (plugin ${record.error.plugin})` : ''}: ${record.error.message}`);
  console.log(`config: ${encodeJson(record.config, 2)}`);
  console.log(`steps ${s.steps}, examples ${s.examples}, final loss ${s.finalLoss}, best loss ${s.bestLoss}`);
  console.log(`${record.config.metric.name}: final ${s.finalMetric}, best ${s.bestMetric}` + (s.stepsToTarget !== null ? `, target reached at step ${s.stepsToTarget}` : ''));
  if (s.finalTestAccuracy !== null) console.log(`test accuracy ${(s.finalTestAccuracy * 100).toFixed(1)}%`);
  if (typeof s.finalValidationAccuracy === 'number') console.log(`validation accuracy ${(s.finalValidationAccuracy * 100).toFixed(1)}%`);
  if (meta) console.log(`wall time ${(meta.wallTimeMs / 1000).toFixed(2)} s on ${meta.machine}, Node ${meta.node}, commit ${meta.gitCommit ?? 'unknown'}`);
  console.log(`files: ${store.runDir(sweep, id)}`);
  return 0;
}
