/**
 * A run's status other than 'finished', spelled out rather than imported from the runner: the page script
 * (src/client) draws these symbols too and is type-checked without the runner's Node types.
 * statusMarks.test.ts checks that it is exactly the runner's list.
 */
export type UnfinishedStatus = 'diverged' | 'failed' | 'pruned';

/**
 * The symbol each unfinished status is drawn with, in every chart and key: a run that blew up (✕), one that
 * stopped with an error (!), and one that early termination stopped at a rung (✂, cut: it was not broken,
 * the search chose not to spend more on it).
 */
export const STATUS_SYMBOL: Readonly<Record<UnfinishedStatus, string>> = {
  diverged: '✕',
  failed: '!',
  pruned: '✂',
};

/** What each symbol means, for the keys under charts. */
export const STATUS_MEANING: Readonly<Record<UnfinishedStatus, string>> = {
  diverged: 'diverged: blew up (non-finite or exploding loss)',
  failed: 'failed: stopped with an error (see the table of runs)',
  pruned: 'pruned: stopped at a rung by early termination, its configuration ranked below the cut (see the pruning ledger)',
};
