import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decideStandings, localExecutor, openSweep, runReplicates, RunStore, type ConfigurationStanding, type Executor, type OpenedSweep, type RunRecord } from '@descent/runner';
import { configurationKey, varyingKeys } from '@descent/sweep';

export interface AdaptiveMeasureOptions {
  /** A sweep file with `replicates: { min, max, step }` (the shipped momentum sweep). */
  sweepFile: string;
  workers: number;
  log?: (line: string) => void;
}

export interface AdaptiveMeasure {
  /** The fixed count the adaptive sweep is measured against: its `max`. */
  fixedReplicates: number;
  fixedRuns: number;
  adaptiveRuns: number;
  adaptiveRounds: number;
  /** One row per configuration, in key order: its verdict against the leader in each sweep. */
  configurations: { key: string; fixed: ConfigurationStanding['verdict']; adaptive: ConfigurationStanding['verdict']; adaptiveReplicates: number }[];
  agreeing: number;
  elapsedMs: { fixed: number; adaptive: number };
}

/**
 * Adaptive replicates against a fixed `max` replicates of the same sweep: both run (copies of the file in a
 * temporary folder, each with a store of its own and the sweep's own name, so the bootstrap seeds match),
 * then each configuration's verdict against the leader is compared, and the runs counted. The fixed sweep's
 * verdicts come from the same decision (decideStandings) over its records. The folder is removed afterwards.
 */
export async function measureAdaptiveReplicates(options: AdaptiveMeasureOptions): Promise<AdaptiveMeasure> {
  const log = options.log ?? (() => {});
  const folder = mkdtempSync(join(tmpdir(), 'descent-adaptive-'));
  const executor = localExecutor({ workers: options.workers });
  try {
    const text = readFileSync(options.sweepFile, 'utf8');
    const adaptive = await open(join(folder, 'adaptive', 'momentum.yaml'), text);
    if (adaptive.sweep.adaptive === null) throw new Error(`adaptive: ${options.sweepFile} has a fixed number of replicates; give it replicates: { min, max }`);
    const { max } = adaptive.sweep.adaptive;
    const fixed = await open(join(folder, 'fixed', 'momentum.yaml'), text.replace(/^replicates:.*$/m, `replicates: ${max}`));

    log(`fixed: ${fixed.specs.length} runs (${max} replicates) on ${options.workers} worker thread(s)`);
    let started = performance.now();
    const fixedStore = new RunStore(join(folder, 'fixed', 'runs'));
    await run(fixed, executor, fixedStore);
    const fixedMs = performance.now() - started;
    const varied = varyingKeys(fixed.specs);
    const fixedStandings = decideStandings(byConfiguration(fixedStore.readAll(fixed.sweep.name).map((s) => s.record), varied), { sweep: fixed.sweep.name, paired: fixed.sweep.pairing === 'paired', delta: fixed.sweep.delta });

    log(`adaptive: ${JSON.stringify(adaptive.sweep.adaptive)}`);
    started = performance.now();
    const outcome = await run(adaptive, executor, new RunStore(join(folder, 'adaptive', 'runs')), (round, runs) => log(`  round ${round}: ${runs} runs`));
    const adaptiveMs = performance.now() - started;

    const adaptiveOf = new Map(outcome.standings.map((s) => [s.key, s]));
    const configurations = fixedStandings.map((s) => ({ key: s.key, fixed: s.verdict, adaptive: adaptiveOf.get(s.key)!.verdict, adaptiveReplicates: adaptiveOf.get(s.key)!.replicates }));
    return {
      fixedReplicates: max,
      fixedRuns: fixed.specs.length,
      adaptiveRuns: outcome.runs.length,
      adaptiveRounds: outcome.rounds,
      configurations,
      agreeing: configurations.filter((c) => c.fixed === c.adaptive).length,
      elapsedMs: { fixed: fixedMs, adaptive: adaptiveMs },
    };
  } finally {
    await executor.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function open(file: string, text: string): Promise<OpenedSweep> {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  const opened = await openSweep(file);
  if (!('sweep' in opened)) throw new Error(`adaptive: ${file} did not open: ${JSON.stringify(opened)}`);
  return opened;
}

function run(opened: OpenedSweep, executor: Executor, store: RunStore, onRound?: (round: number, runs: number) => void) {
  const request = { sweep: opened.sweep.name, baseDir: dirname(opened.file), plugins: opened.sweep.plugins, catalog: opened.catalog, store };
  return runReplicates(opened, executor, request, ({ round, specs }) => onRound?.(round, specs.length));
}

/** Records by configuration key (key order), each configuration's by replicate: what decideStandings reads. */
function byConfiguration(records: RunRecord[], varied: string[]): { key: string; records: RunRecord[] }[] {
  const groups = new Map<string, RunRecord[]>();
  for (const record of records) {
    const key = configurationKey(record.config, varied);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(record);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, group]) => ({ key, records: group.sort((a, b) => a.replicate - b.replicate) }));
}
