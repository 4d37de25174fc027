import type { RunRecord } from '@descent/runner';

/**
 * Whether replicate k of every configuration of these runs shares its random streams (initial weights, data,
 * batch order, gradient noise), so that comparisons may use the per-replicate differences A_k − B_k.
 *
 * Always false today: a run's seed hashes its whole config, so replicate k of two configurations starts from
 * unrelated weights and sees unrelated batches, and pairing them would treat unrelated noise as shared.
 * Once records carry the sweep's `pairing` setting (issue 16, paired seeds), this returns true exactly when
 * every record says `pairing: paired`; nothing else in the reporter needs to change.
 */
export function isPaired(records: readonly RunRecord[]): boolean {
  void records; // read once records say how they were seeded; see above
  return false;
}
