/**
 * `@descent/runner/store`: the run store and what it holds, without the training stack. Commands that only read the
 * store (`exp show`, `exp list`) import this rather than the package's index, which loads the trainer, the
 * datasets, the optimizers and the worker pool (at 100,000 runs, most of what `exp show` took). Everything here is
 * also exported by the index.
 */
export type { Divergence, Pruning, RunMeta, RunRecord, RunStatus, RunSummary, SweepInfo } from './types.js';
export { OLDEST_CURRENT_SCHEMA, RECORD_SCHEMA, RUN_STATUSES, statusCounts } from './types.js';
export { RunStore, SWEEP_SUBSTORES, sweepSubStore, type StoredRun } from './store.js';
export { DamagedEntryError, definedRunCount, SET_ASIDE_FOLDER, type Damage, type Leftover, type RunEntry, type SweepInfoEntry } from './storeEntries.js';
export { RUN_STATES_FILE, type RunState } from './runStates.js';
export { RUN_LISTING_FILE, type ListedFacts, type ListedRun, type RunEnvironment, type RunListing } from './runListing.js';
export { encodeJson, decodeJson } from './json.js';
// How a note about stored runs names the command to type (`pnpm exp` here, `npx exp` where installed from npm).
export { installedFromNpm } from './installedFromNpm.js';
