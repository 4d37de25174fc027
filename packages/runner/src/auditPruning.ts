import { rng } from '@descent/tensor';
import { canonicalJson, type RunSpec } from '@descent/sweep';
import { fullRunExamples } from './earlyTermination.js';
import type { Pruning, RunRecord } from './types.js';

/**
 * `exp audit`: was early termination right to stop what it stopped? A seeded sample of the pruned configurations
 * is trained to the full budget (the runs a search without early termination would have trained, byte for byte),
 * and each is compared with the search's winner. The share that would have beaten it estimates how often pruning
 * threw away a better configuration; the examples pruning saved say what that risk bought.
 */

/** One configuration of the sweep: its runs' records (one per replicate, in replicate order). */
export interface AuditedConfiguration {
  key: string;
  records: RunRecord[];
}

/** A pruned configuration: where it was stopped, and its runs as specs for training them to the full budget. */
export interface PrunedConfiguration extends AuditedConfiguration {
  pruning: Pruning;
  specs: RunSpec[];
}

/** The sweep's configurations, grouped from its records, in the order the search tried them (`runIds`). */
export function configurationsOf(records: readonly RunRecord[], runIds: readonly string[]): AuditedConfiguration[] {
  const position = new Map(runIds.map((id, i) => [id, i]));
  const groups = new Map<string, RunRecord[]>();
  const ordered = [...records].sort((a, b) => (position.get(a.runId) ?? Infinity) - (position.get(b.runId) ?? Infinity) || a.replicate - b.replicate);
  for (const record of ordered) {
    const key = canonicalJson(record.config);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return [...groups].map(([key, group]) => ({ key, records: group.sort((a, b) => a.replicate - b.replicate) }));
}

/** The configurations early termination pruned (every replicate not diverged or failed was pruned at one rung). */
export function prunedConfigurations(configurations: readonly AuditedConfiguration[]): PrunedConfiguration[] {
  return configurations.flatMap((configuration) => {
    const pruning = configuration.records.find((record) => record.pruning !== undefined)?.pruning;
    if (pruning === undefined) return [];
    const specs = configuration.records.map(({ config, replicate, runId, seed, seeds }) => ({ config, replicate, runId, seed, seeds }));
    return [{ ...configuration, pruning, specs }];
  });
}

/**
 * The configuration with the best mean final metric over its replicates among those whose every run finished the
 * full budget (null when none did). Ties go to the one tried first.
 */
export function winnerOf(configurations: readonly AuditedConfiguration[], goal: 'minimize' | 'maximize'): { configuration: AuditedConfiguration; value: number } | null {
  let best: { configuration: AuditedConfiguration; value: number } | null = null;
  for (const configuration of configurations) {
    if (!configuration.records.every((record) => record.status === 'finished')) continue;
    const value = meanFinalMetric(configuration.records);
    if (Number.isNaN(value)) continue;
    if (best === null || (goal === 'minimize' ? value < best.value : value > best.value)) best = { configuration, value };
  }
  return best;
}

/** The mean final metric of runs (summed in order), NaN when one has none. */
export function meanFinalMetric(records: readonly RunRecord[]): number {
  let sum = 0;
  for (const record of records) sum += record.status === 'finished' ? record.summary.finalMetric : NaN;
  return sum / records.length;
}

/**
 * A seeded sample of `size` pruned configurations (all of them when there are no more), in search order: the
 * same sample for the same sweep seed, so an audit interrupted or re-run goes on with the same configurations.
 */
export function auditSample<T>(pruned: readonly T[], size: number, seed: number): T[] {
  if (size >= pruned.length) return [...pruned];
  const chosen = [...rng(`audit|${seed}`).permutation(pruned.length).slice(0, size)].sort((a, b) => a - b);
  return chosen.map((i) => pruned[i]);
}

/** Examples a pruned configuration's runs trained, and what they would have trained to the full budget. */
export function examplesOfPruned(configuration: AuditedConfiguration): { trained: number; full: number } {
  let trained = 0;
  let full = 0;
  for (const record of configuration.records) {
    trained += record.summary.examples;
    full += fullRunExamples(record);
  }
  return { trained, full };
}

/**
 * The 95 % Wilson score interval of a proportion k/n (Wilson 1927): well-behaved at k = 0 and k = n, where the
 * normal approximation collapses to a point. [0, 1] when n = 0.
 */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denominator = 1 + (z * z) / n;
  return [Math.max(0, (centre - spread) / denominator), Math.min(1, (centre + spread) / denominator)];
}
