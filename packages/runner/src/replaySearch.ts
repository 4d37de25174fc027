import type { RunSpec, Sweep } from '@descent/sweep';
import { runReplicates, type ReplicatedSweep, type ReplicatesOutcome } from './adaptiveReplicates.js';
import { runBayes, type BayesOutcome } from './bayesRounds.js';
import { runEarlyTerminated, type EarlyTerminationOutcome } from './earlyTermination.js';
import type { ExecuteRequest, Executor } from './executor.js';
import { RunStore } from './store.js';
import { statusCounts, type RunMeta, type RunRecord } from './types.js';

/** How a sweep's runs are decided: in rounds by early termination, TPE or adaptive replicates, or (runReplicates with a fixed count) all at once. */
export function roundsRunner(sweep: Pick<Sweep, 'earlyTerminate' | 'bayes'>): (opened: ReplicatedSweep, executor: Executor, request: ExecuteRequest, onRound?: Parameters<typeof runReplicates>[3]) => Promise<ReplicatesOutcome | BayesOutcome | EarlyTerminationOutcome> {
  return sweep.earlyTerminate !== null ? runEarlyTerminated : sweep.bayes !== null ? runBayes : runReplicates;
}

/** What replaying a search from its stored records found: every problem in one line (none: the search path agrees). */
export interface SearchReplay {
  /** The runs the search asks for when it decides again from the stored records. */
  runs: RunSpec[];
  problems: string[];
}

/**
 * Decide a sweep's search again from its stored records alone, training nothing and writing nothing: the same
 * proposals (bayes), the same pruning decisions (early termination), the same rounds (adaptive replicates) must
 * come out, in the order the store's sweep info lists its runs. A search is a pure function of its file and its
 * results; this checks that the store holds such a search (`exp verify`).
 */
export async function replaySearch(opened: ReplicatedSweep, store: RunStore, sweepName: string, listed: readonly string[]): Promise<SearchReplay> {
  const readOnly = new ReadOnlyRunStore(store.root);
  const executor: Executor = {
    async execute(specs, request) {
      if (request.force && specs.length > 0) throw new ReplayWouldWrite(`the search decided again would train ${specs[0].runId} to the full budget, where the store has it pruned`);
      const missing = specs.filter((spec) => !request.store.has(request.sweep, spec.runId)).length;
      return { total: specs.length, skipped: specs.length - missing, completed: statusCounts(), busy: missing, interrupted: false, workers: 0, elapsedMs: 0 };
    },
    async close() {},
  };
  const problems: string[] = [];
  let outcome: ReplicatesOutcome | BayesOutcome | EarlyTerminationOutcome;
  try {
    outcome = await roundsRunner(opened.sweep)(opened, executor, { sweep: sweepName, baseDir: '', plugins: [], catalog: null as never, store: readOnly });
  } catch (error) {
    if (!(error instanceof ReplayWouldWrite)) throw error;
    return { runs: [], problems: [error.message] };
  }
  if (outcome.stopped === 'incomplete') problems.push('a run the search asks for has no record: the store holds part of the search (`exp run` completes it)');
  const runs = outcome.runs.map((spec) => spec.runId);
  const differs = runs.findIndex((id, i) => id !== listed[i]);
  if (differs >= 0 || runs.length !== listed.length) {
    const at = differs >= 0 ? differs : Math.min(runs.length, listed.length);
    problems.push(`the search decided again asks for ${runs[at] ?? 'no more runs'} as run ${at + 1}, where the store lists ${listed[at] ?? 'no more'} (${runs.length} runs decided, ${listed.length} listed)`);
  }
  return { runs: outcome.runs, problems };
}

class ReplayWouldWrite extends Error {}

/** The store, for reading: a search replayed from it must find every record it would write already there. */
class ReadOnlyRunStore extends RunStore {
  override write(record: RunRecord, _meta: RunMeta | null): boolean {
    const stored = this.has(record.sweep, record.runId) ? this.read(record.sweep, record.runId).record : null;
    const now = record.pruning ? `pruned, ${record.pruning.reason}` : record.status;
    const then = stored === null ? 'which the store lacks (`exp run` completes the search)' : `where the store has it ${stored.pruning ? `pruned, ${stored.pruning.reason}` : stored.status}`;
    throw new ReplayWouldWrite(`the search decided again would store ${record.runId} as ${now}, ${then}`);
  }
}
