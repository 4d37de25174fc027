import type { RunRecord } from '@descent/runner';

/**
 * Whether replicate k of every configuration of these runs shares its random streams (initial weights, data,
 * batch order, gradient noise), so that comparisons may use the per-replicate differences A_k − B_k: true
 * exactly when every record was seeded with `pairing: paired` (the default; see @descent/sweep's README for
 * which settings each stream depends on). One independent run, or none at all, makes the comparison unpaired.
 */
export function isPaired(records: readonly RunRecord[]): boolean {
  return records.length > 0 && records.every((record) => record.config.pairing === 'paired');
}
