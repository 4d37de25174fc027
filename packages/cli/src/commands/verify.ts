import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { PluginError } from '@descent/optim';
import { decodeJson, encodeRecord, isAbandoned, loadCatalog, prunedRecord, replaySearch, rerunInFreshThread, RunStore, type LoadedCatalog, type RunRecord, type SweepInfo } from '@descent/runner';
import type { PluginTrust } from '@descent/optim';
import { describeThrown } from '@descent/settings';
import { canonicalJson, problemShape, roundsOf, runIdentity, streamSeeds, sweepNameProblem } from '@descent/sweep';
import { loadSweepFile } from '../sweepFile.js';
import { outdatedRunsNote } from '../outdatedRuns.js';
import { warnDamaged } from '../damagedRuns.js';
import { activeKernels } from '@descent/tensor';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { storeRoot, workspaceRoot } from '../paths.js';
import { sweepName } from './report.js';
import { allowPluginOption, loadedPluginLines, pluginTrust } from '../pluginTrust.js';

export const spec: CommandSpec = {
  name: 'verify',
  summary: 're-run a sample of finished runs and compare their records bit for bit',
  usage: 'pnpm exp verify <sweep-name | sweep.yaml> [--sample n | --all]',
  options: {
    sample: { type: 'number', placeholder: 'n', description: 'how many runs to re-run, spread evenly over the sweep (default 5)' },
    all: { type: 'boolean', description: 're-run every stored run' },
    'allow-plugin': allowPluginOption,
  },
  details: [
    'Exit code 0 when every re-run record is byte-identical to the stored one, 1 otherwise (or when a stored run is damaged:',
    'it is named, and `exp run` trains it again).',
    'Runs stopped from outside their training (over --timeout, or their worker thread died) are not re-run.',
    'Each run is re-run in a worker thread of its own that imports only its own plugin, with frozen built-ins.',
  ],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`verify: expected one sweep name\n\n${formatHelp(spec)}`);
  const sample = options.all ? Infinity : ((options.sample as number | undefined) ?? 5);
  if (!options.all && (!Number.isInteger(sample) || sample < 1)) throw new UsageError(`verify: --sample takes a whole number ≥ 1 (got ${sample})`);
  const sweep = sweepName(positionals[0]);
  const store = new RunStore(storeRoot());
  const known = () => `sweeps: ${store.sweeps().join(', ') || 'none'}`;
  const unsafe = sweepNameProblem(sweep);
  if (unsafe) throw new UsageError(`verify: sweep name ${unsafe}`);
  const info = store.readSweepInfo(sweep);
  // Runs in an older record format cannot be re-run by this version: they are left out, as everywhere.
  const outdated = new Set(store.outdatedRunIds(sweep));
  const stored = store.runIds(sweep).filter((id) => !outdated.has(id));
  const outdatedNote = outdatedRunsNote(store, sweep);
  if (outdatedNote) console.error(outdatedNote);
  const damaged = info ? warnDamaged(store, sweep) : 0; // not re-run; they make the exit code 1
  if (!info || stored.length === 0) throw new CliError(`verify: no stored runs for sweep '${sweep}' (${known()})`);
  const ids = stored.filter((id) => !isAbandoned(store.read(sweep, id).record));
  const skipped = stored.length - ids.length;
  if (skipped) console.log(`${skipped} of ${stored.length} runs were stopped from outside their training (timeout or dead worker thread): not re-run`);
  if (ids.length === 0) throw new CliError(`verify: sweep '${sweep}' has no run with a training result to re-run`);
  // Evenly spaced over the sorted ids: deterministic, and covers the sweep rather than its start.
  const chosen = ids.length <= sample ? ids : Array.from({ length: sample }, (_, i) => ids[Math.floor((i * ids.length) / sample)]);

  const sweepDir = dirname(resolve(workspaceRoot(), info.file));
  const records = new Map(chosen.map((runId) => [runId, store.read(sweep, runId).record]));
  // Only the plugins the chosen runs used (to check their hashes), in the sweep's order.
  const used = new Set([...records.values()].flatMap((r) => r.config.plugins.map((p) => p.source)));
  const catalog = await load(
    info.plugins.filter((p) => used.has(p)),
    sweepDir,
    pluginTrust('verify', options),
  );
  // Each run trains again in a fresh, hardened thread of its own (several at once), never in this one.
  const limit = Math.max(1, Math.min(availableParallelism(), chosen.length));
  let running = 0;
  const waiting: (() => void)[] = [];
  const rerun = async (record: RunRecord): Promise<RunRecord> => {
    if (running >= limit) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      // A pruned run: its rung trained again to the budget where it stopped, then pruned as the search pruned it.
      const horizon = record.pruning === undefined ? {} : { horizon: record.pruning.budget };
      const again = await rerunInFreshThread({ config: record.config, replicate: record.replicate, runId: record.runId, seed: record.seed, seeds: record.seeds, ...horizon }, { sweep, baseDir: sweepDir });
      return record.pruning !== undefined && again.status === 'finished' ? prunedRecord(again, record.runId, record.pruning) : again;
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  const problems = new Map(chosen.map((runId) => [runId, cannotReproduce(records.get(runId)!, runId, catalog, sweepDir)]));
  const reruns = new Map(chosen.filter((runId) => problems.get(runId) === null).map((runId) => [runId, rerun(records.get(runId)!)]));
  for (const promise of reruns.values()) promise.catch(() => {}); // awaited in order below
  let mismatches = 0;
  for (const runId of chosen) {
    const record = records.get(runId)!;
    const problem = problems.get(runId);
    if (problem) {
      console.log(`✗ ${runId}: ${problem}`);
      mismatches++;
      continue;
    }
    let again: { record: RunRecord };
    try {
      again = { record: await reruns.get(runId)! };
    } catch (error) {
      // The thread could not train it (its plugin no longer loads there, say): a failure to reproduce, in one line.
      console.log(`✗ ${runId}: could not be re-run: ${describeThrown(error)}`);
      mismatches++;
      continue;
    }
    const storedBytes = store.recordBytes(sweep, runId);
    const againBytes = encodeRecord(again.record);
    if (againBytes === storedBytes) {
      console.log(`✓ ${runId} (${record.status}) identical`);
      continue;
    }
    mismatches++;
    const where = firstDifference(decodeJson(storedBytes), decodeJson(againBytes), '');
    // Kernels sum in different orders, so a record made with other kernels differs in its last bits.
    const madeWith = store.read(sweep, runId).meta?.kernels;
    const kernelNote = madeWith && madeWith !== activeKernels().name ? ` (it was made with the '${madeWith}' kernels, this run used '${activeKernels().name}': set DESCENT_KERNELS=${madeWith} to compare like with like)` : '';
    console.log(`✗ ${runId} (${record.status}) DIFFERS from the stored record${where ? `, first at ${where}` : ''}${kernelNote}`);
  }
  console.log(`${chosen.length - mismatches} of ${chosen.length} runs reproduced bit for bit${damaged ? `; ${damaged} damaged (named above)` : ''}`);
  const searchAgrees = await verifySearch(info, store, options);
  return mismatches === 0 && damaged === 0 && searchAgrees ? 0 : 1;
}

/**
 * The search path of a sweep decided in rounds (TPE's proposals, early termination's pruning, adaptive replicates'
 * rounds): decided again from the stored records alone, it must ask for the runs the store lists, in order, and
 * prune them as they were pruned. Nothing is trained; a sweep whose runs are fixed by its file passes at once.
 */
async function verifySearch(info: SweepInfo, store: RunStore, options: Parameters<typeof pluginTrust>[1]): Promise<boolean> {
  const file = resolve(workspaceRoot(), info.file);
  if (!existsSync(file)) {
    if (info.method === 'bayes' || info.earlyTerminate !== undefined) console.log(`search path not checked: its sweep file ${info.file} is gone`);
    return true;
  }
  const loaded = await loadSweepFile(file, pluginTrust('verify', options));
  if (roundsOf(loaded.sweep) === null) return true;
  if (loaded.sweep.name !== info.name) throw new CliError(`verify: ${info.file} now names its sweep '${loaded.sweep.name}', not '${info.name}': its search cannot be checked against this store`);
  const replay = await replaySearch({ sweep: loaded.sweep, catalog: loaded.catalog, specs: loaded.specs }, store, info.name, info.runIds);
  if (replay.problems.length === 0) {
    const pruned = info.runIds.filter((id) => store.has(info.name, id) && store.read(info.name, id).record.status === 'pruned').length;
    console.log(`✓ search path: decided again from the stored records, it asks for the same ${info.runIds.length} runs in the same order${pruned ? ` and prunes the same ${pruned}` : ''}`);
    return true;
  }
  const shown = 5;
  for (const problem of replay.problems.slice(0, shown)) console.log(`✗ search path: ${problem}`);
  if (replay.problems.length > shown) console.log(`✗ search path: and ${replay.problems.length - shown} more`);
  return false;
}

/** Why re-running cannot reproduce this record (edited, or its plugin changed since), or null. */
function cannotReproduce(record: RunRecord, runId: string, catalog: LoadedCatalog, baseDir: string): string | null {
  const identity = runIdentity(record.config, record.replicate);
  if (identity.runId !== runId || identity.seed !== record.seed)
    return `the stored config hashes to ${identity.runId} (seed ${identity.seed}): the record was edited or written by another version`;
  const seeds = streamSeeds(record.config, record.replicate, problemShape(record.config, catalog, { baseDir }));
  if (canonicalJson(seeds) !== canonicalJson(record.seeds))
    return `the stored config gives the stream seeds ${canonicalJson(seeds)}, the record has ${canonicalJson(record.seeds)}: the record was edited or written by another version`;
  const source = catalog.optimizerSource(record.config.optimizer.name);
  const recorded = source && record.config.plugins.find((p) => p.source === source.source);
  if (source && recorded && recorded.sha256 !== source.sha256)
    return `plugin ${source.source} has changed since this run (sha256 ${recorded.sha256.slice(0, 12)}… then, ${source.sha256.slice(0, 12)}… now)`;
  return null;
}

async function load(plugins: string[], baseDir: string, trust: PluginTrust): Promise<LoadedCatalog> {
  try {
    const catalog = await loadCatalog(plugins, baseDir, { trust });
    for (const line of loadedPluginLines(catalog.plugins)) console.log(line);
    return catalog;
  } catch (error) {
    if (error instanceof PluginError) throw new CliError(`verify: the sweep's plugins no longer load, so its runs cannot be re-run:\n${error.message}`);
    throw error;
  }
}

/** The first place two decoded records differ, as `path: stored value, re-run value`, or null. */
export function firstDifference(stored: unknown, again: unknown, path: string): string | null {
  if (Object.is(stored, again)) return null;
  const bothObjects = typeof stored === 'object' && stored !== null && typeof again === 'object' && again !== null;
  if (!bothObjects || Array.isArray(stored) !== Array.isArray(again)) return `${path || 'the record'}: ${show(stored)} stored, ${show(again)} now`;
  const a = stored as Record<string, unknown>;
  const b = again as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const difference = firstDifference(a[key], b[key], Array.isArray(stored) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (difference) return difference;
  }
  return null;
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value)?.slice(0, 60) ?? String(value));
}
