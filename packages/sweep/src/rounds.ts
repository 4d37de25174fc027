import type { Sweep } from './sweep.js';

/**
 * What decides a sweep's runs in rounds, as a phrase ("adds replicates"), or null for a sweep whose runs are
 * fixed by its file (expandSweep lists them all). A sweep decided in rounds is run by one coordinating process
 * (its runs can be spread with --queue, not split with --shard), and its runs are those its store's sweep info lists.
 */
export function roundsOf(sweep: Pick<Sweep, 'adaptive' | 'bayes' | 'earlyTerminate'>): string | null {
  if (sweep.earlyTerminate !== null) return 'stops configurations early at rungs';
  if (sweep.adaptive !== null) return 'adds replicates';
  if (sweep.bayes !== null) return 'proposes configurations';
  return null;
}
