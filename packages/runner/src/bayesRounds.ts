import { bayesStartup, pointOfAssignment, proposeBayes, specsOfAssignments, type Assignment, type Observation, type RunSpec } from '@descent/sweep';
import { add as addSummary, type ReplicatedSweep, type RoundEvent } from './adaptiveReplicates.js';
import type { ExecuteSummary } from './execute.js';
import type { ExecuteRequest, Executor } from './executor.js';
import { statusCounts, type DecidedRun, type RunRecord } from './types.js';

export interface BayesOutcome {
  /** Every run the rounds asked for: round by round, each round replicate-major. */
  runs: RunSpec[];
  summary: ExecuteSummary;
  rounds: number;
  /** Configurations run (startup included). */
  configurations: number;
  /**
   * `sampled` (all `samples` configurations ran, or a space of integers and listed values has no unused point
   * left), `interrupted`, or `incomplete` (a run of the round has no record yet: another process holds it, or the
   * queue was left detached; the next invocation proposes the next round).
   */
  stopped: 'sampled' | 'interrupted' | 'incomplete';
}

/** One configuration of the search: its TPE point and its runs (one per replicate). */
interface Configuration {
  point: Observation['point'];
  specs: RunSpec[];
}

/**
 * `method: bayes` through an executor, in rounds shaped like adaptive replicates' (runReplicates): round 1 runs the
 * `startup` quasirandom configurations; each later round runs `batch` configurations that TPE proposes from every
 * finished configuration's objective (its metric's final value, the mean over its replicates; diverged or failed
 * is the worst), until `samples` configurations have run. A proposal reads only the store's records and the
 * round number, never completion order or timing: a resumed or re-run sweep skips its finished runs and
 * re-derives the same proposals, with any number of workers and on any executor.
 */
export async function runBayes(opened: ReplicatedSweep, executor: Executor, request: ExecuteRequest, onRound?: (event: RoundEvent) => void): Promise<BayesOutcome> {
  const { sweep, catalog } = opened;
  const { batch } = sweep.bayes!;
  const samples = sweep.samples!;
  const summary: ExecuteSummary = { total: 0, skipped: 0, completed: statusCounts(), busy: 0, interrupted: false, workers: 0, elapsedMs: 0 };
  const configurations: Configuration[] = [];
  const planned: RunSpec[] = [];
  const plannedIds = new Set<string>();
  const read = new Map<string, DecidedRun>();
  const goal = opened.specs[0].config.metric.goal;
  let assignments: Assignment[][] = bayesStartup(sweep);
  for (let round = 1; ; round++) {
    const added = addConfigurations(assignments);
    onRound?.({ round, specs: added, planned: [...planned] });
    addSummary(summary, await executor.execute(added, request));
    const outcome = (stopped: BayesOutcome['stopped']): BayesOutcome => ({ runs: [...planned], summary, rounds: round, configurations: configurations.length, stopped });
    if (summary.interrupted) return outcome('interrupted');
    const history = observations(configurations, recordOf);
    if (history === null) return outcome('incomplete');
    const size = Math.min(batch, samples - configurations.length);
    assignments = size > 0 ? proposeBayes(sweep, history, { batch: round - 1, size, goal }) : [];
    if (assignments.length === 0) return outcome('sampled');
  }

  /**
   * What the proposals read of a run (its status and summary, from the store's listing of it, as in runReplicates),
   * or null while it has no record. A stored record never changes once read.
   */
  function recordOf(spec: RunSpec): DecidedRun | null {
    let record = read.get(spec.runId) ?? null;
    if (record === null) {
      record = request.store.listing(request.sweep, spec.runId);
      if (record !== null) read.set(spec.runId, record);
    }
    return record;
  }

  /** The configurations' runs, added to the plan (a run id planned before is not run twice). */
  function addConfigurations(list: Assignment[][]): RunSpec[] {
    const added: RunSpec[] = [];
    for (const assignment of list) {
      const specs = specsOfAssignments(sweep, catalog, [assignment]);
      configurations.push({ point: pointOfAssignment(assignment), specs });
      added.push(...specs.filter((spec) => !plannedIds.has(spec.runId)));
      for (const spec of specs) plannedIds.add(spec.runId);
    }
    // Replicate-major within the round, as expandSweep orders a sweep's runs.
    added.sort((a, b) => a.replicate - b.replicate);
    planned.push(...added);
    return added;
  }
}

/**
 * Each configuration's objective: the mean of its replicates' final metric (summed in replicate order), NaN when
 * one diverged, failed or has no finite metric; null while a run has no record.
 */
export function observations(configurations: readonly Configuration[], record: (spec: RunSpec) => Pick<RunRecord, 'status' | 'summary'> | null): Observation[] | null {
  const history: Observation[] = [];
  for (const { point, specs } of configurations) {
    let sum = 0;
    for (const spec of specs) {
      const found = record(spec);
      if (found === null) return null;
      sum += found.status === 'finished' ? found.summary.finalMetric : NaN;
    }
    history.push({ point, value: sum / specs.length });
  }
  return history;
}
