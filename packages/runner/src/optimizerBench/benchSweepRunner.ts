import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PluginTrust } from '@descent/optim';
import type { Executor } from '../executor.js';
import { formatSweepFileIssues, openSweep } from '../openSweep.js';
import { roundsRunner } from '../replaySearch.js';
import type { RunStore } from '../store.js';
import { sweepInfoOf } from '../sweepInfo.js';
import type { RunRecord } from '../types.js';

/** Where the bench trains: the store its cached runs live in, the executor's threads, the folder its sweep files are written to. */
export interface BenchPlace {
  store: RunStore;
  executor: Executor;
  sweepsFolder: string;
  /** Where plugin files may be imported from (the CLI's --allow-plugin). */
  trust?: PluginTrust;
  /** Told how many runs of each sweep were not in the store yet (trained now). */
  onSweep?: (sweep: string, trained: number, runs: number) => void;
}

/**
 * Write a sweep file, open it as `exp run` does and run what the store lacks (finished runs are read back, so a
 * rerun or a resume after a kill trains only the missing ones). The records come back in the sweep's plan order.
 */
export async function runBenchSweep(place: BenchPlace, name: string, text: string): Promise<RunRecord[]> {
  mkdirSync(place.sweepsFolder, { recursive: true });
  const file = join(place.sweepsFolder, `${name}.yaml`);
  writeFileSync(file, text);
  const opened = await openSweep(file, { trust: place.trust });
  if (!('sweep' in opened)) throw new Error(`optimizer bench: ${file} did not open:\n${formatSweepFileIssues(opened).join('\n')}`);
  // Its sweep.json as `exp run` writes it, so `exp list`, `exp report` and `exp doctor` read the bench's sweeps like any other.
  place.store.writeSweepInfo(sweepInfoOf(opened.sweep, opened.specs, file));
  const missing = opened.specs.filter((spec) => !place.store.has(name, spec.runId)).length;
  place.onSweep?.(name, missing, opened.specs.length);
  const request = { sweep: name, baseDir: dirname(file), plugins: opened.sweep.plugins, catalog: opened.catalog, store: place.store };
  const outcome = await roundsRunner(opened.sweep)(opened, place.executor, request);
  if (outcome.stopped === 'interrupted' || outcome.stopped === 'incomplete') throw new Error(`optimizer bench: ${name} stopped ${outcome.stopped}`);
  return outcome.runs.map((spec) => {
    if (!place.store.has(name, spec.runId)) throw new Error(`optimizer bench: run ${spec.runId} of ${name} has no record`);
    return place.store.read(name, spec.runId).record;
  });
}
