import {
  advancing,
  bayesStartup,
  bracketsOf,
  pointOfAssignment,
  proposeBayes,
  rungRunId,
  specsOfAssignments,
  type Bracket,
  type EarlyTerminate,
  type Observation,
  type RunSpec,
} from '@descent/sweep';
import { add as addSummary, type ReplicatedSweep, type RoundEvent } from './adaptiveReplicates.js';
import type { ExecuteSummary } from './execute.js';
import type { ExecuteRequest, Executor } from './executor.js';
import { sweepSubStore } from './store.js';
import { encodeRecord } from './recordCodec.js';
import { statusCounts, type Pruning, type RunMeta, type RunRecord, type RunStatus } from './types.js';

/**
 * `early_terminate:` through an executor (the plan is the sweep package's earlyTerminate.ts). Each bracket's
 * configurations train to its first rung; when every run of the rung has a record, they are ranked by the sweep
 * metric at the rung (the mean over replicates; a diverged or failed replicate makes it the worst) and the best
 * ⌊n/eta⌋ go on to the next rung; the others end `pruned`, their record the rung's, saying why. A rung's
 * decision reads only its records, in the bracket's order, so it is the same with any number of workers, on any
 * executor, and after a resume.
 *
 * A run trained to a rung below the full budget is the prefix of the full run (RunSpec.horizon): its record is
 * kept in the rung store, `<sweep folder>/.rungs/`, under its own id (rungRunId). A configuration that goes on
 * trains again from its start to the next rung, which gives the same bits as continuing would (the prefix is
 * deterministic) at the cost of the retrained prefix in wall time; the examples a search is said to have trained
 * (its records' summary.examples) are those continuing would have trained. Runs that reach the full budget are
 * ordinary runs of the sweep, byte-identical to the same configuration's run without early termination.
 *
 * Grid, random and quasirandom search know every configuration at the start: all brackets run side by side,
 * rung after rung. Bayes search proposes each bracket's configurations with TPE from the brackets before it
 * (pruned configurations ranked below every configuration that went further, as Optuna's TPE ranks pruned
 * trials), so its brackets run one after another.
 */

export interface EarlyTerminationOutcome {
  /**
   * Runs whose stored record the search replaced, having decided otherwise (pruned elsewhere, or no longer pruned):
   * empty unless the sweep's early_terminate changed since, or the store was edited.
   */
  redecided: string[];
  /** The sweep's runs (full-budget ids, every replicate of every configuration tried), in the order the search took them. */
  runs: RunSpec[];
  summary: ExecuteSummary;
  /** Rungs trained (a stage of side-by-side brackets counts once). */
  rounds: number;
  configurations: number;
  brackets: number;
  /** How the sweep's runs ended, counted over their records (pruned included). */
  statuses: Record<RunStatus, number>;
  /** Examples the sweep's records trained, and what every configuration trained to the full budget would have. */
  examplesTrained: number;
  examplesOfFullSearch: number;
  stopped: 'done' | 'interrupted' | 'incomplete';
}

/** One configuration of the search in its bracket. */
interface Candidate {
  /** Its place in the search (0-based): the tie-break of every ranking. */
  order: number;
  point: Observation['point'] | null;
  /** Its runs at the full budget, one per replicate. */
  specs: RunSpec[];
  /** The rung it has reached (index into its bracket's rungs), and its value there once known. */
  rung: number;
  value: number;
  pruned: boolean;
}

interface BracketState {
  bracket: Bracket;
  candidates: Candidate[];
  /** The rung the bracket trains next (index into bracket.rungs); rungs.length when it is done. */
  rung: number;
}

export async function runEarlyTerminated(opened: ReplicatedSweep, executor: Executor, request: ExecuteRequest, onRound?: (event: RoundEvent) => void): Promise<EarlyTerminationOutcome> {
  const { sweep, catalog } = opened;
  const et = sweep.earlyTerminate!;
  const goal = opened.specs[0].config.metric.goal;
  const metric = opened.specs[0].config.metric.name;
  const rungStore = sweepSubStore(request.store, request.sweep, 'rungs');
  const summary: ExecuteSummary = { total: 0, skipped: 0, completed: statusCounts(), busy: 0, interrupted: false, workers: 0, elapsedMs: 0 };
  const planned: RunSpec[] = [];
  const plannedIds = new Set<string>();
  const states: BracketState[] = [];
  const redecided: string[] = [];
  let round = 0;

  const outcome = (stopped: EarlyTerminationOutcome['stopped']): EarlyTerminationOutcome => {
    const statuses = statusCounts();
    let examplesTrained = 0;
    let examplesOfFullSearch = 0;
    for (const spec of planned) {
      const record = request.store.has(request.sweep, spec.runId) ? request.store.read(request.sweep, spec.runId).record : null;
      if (record === null) continue;
      statuses[record.status]++;
      examplesTrained += record.summary.examples;
      examplesOfFullSearch += fullRunExamples(record);
    }
    const candidates = states.flatMap((state) => state.candidates);
    return {
      redecided,
      runs: [...planned],
      summary,
      rounds: round,
      configurations: candidates.length,
      brackets: states.length,
      statuses,
      examplesTrained,
      examplesOfFullSearch,
      stopped,
    };
  };

  if (sweep.method === 'bayes') {
    const rounds = bayesRounds(sweep.samples!, et, sweep.bayes!);
    const brackets = bracketsOf(et, sweep.samples!, rounds);
    for (const bracket of brackets) {
      const candidates = bayesCandidates(bracket, states.flatMap((state) => state.candidates));
      const state = { bracket, candidates, rung: 0 };
      states.push(state);
      const stopped = await runStages([state]);
      if (stopped) return outcome(stopped);
    }
  } else {
    const configurations = opened.specs.length / sweep.replicates;
    const byConfiguration: RunSpec[][] = Array.from({ length: configurations }, (_, i) => opened.specs.filter((_, j) => j % configurations === i));
    let taken = 0;
    for (const bracket of bracketsOf(et, configurations)) {
      const candidates = byConfiguration.slice(taken, taken + bracket.size).map((specs, i): Candidate => ({ order: taken + i, point: null, specs, rung: 0, value: NaN, pruned: false }));
      taken += bracket.size;
      states.push({ bracket, candidates, rung: 0 });
    }
    for (const state of states) plan(state.candidates);
    const stopped = await runStages(states);
    if (stopped) return outcome(stopped);
  }
  return outcome('done');

  /** Add the candidates' runs to the sweep's runs (replicate-major within them, as expandSweep orders a sweep). */
  function plan(candidates: readonly Candidate[]): void {
    const added = candidates.flatMap((candidate) => candidate.specs).filter((spec) => !plannedIds.has(spec.runId));
    added.sort((a, b) => a.replicate - b.replicate);
    for (const spec of added) plannedIds.add(spec.runId);
    planned.push(...added);
  }

  /** Train the brackets rung after rung, side by side, until each is done; the reason it stopped early, or null. */
  async function runStages(active: BracketState[]): Promise<EarlyTerminationOutcome['stopped'] | null> {
    for (;;) {
      const training = active.filter((state) => state.rung < state.bracket.rungs.length);
      if (training.length === 0) return null;
      round++;
      const rungSpecs: RunSpec[] = [];
      const fullSpecs: RunSpec[] = [];
      for (const state of training) {
        const budget = state.bracket.rungs[state.rung];
        for (const candidate of state.candidates) {
          if (candidate.pruned) continue;
          for (const spec of candidate.specs) {
            if (!request.force && rungRecord(spec, budget) !== null) continue; // trained to this rung before, or ended already (diverged or failed)
            if (budget === et.fullBudget) fullSpecs.push(spec);
            else rungSpecs.push(rungSpec(spec, budget));
          }
        }
      }
      const byReplicate = (a: RunSpec, b: RunSpec) => a.replicate - b.replicate;
      rungSpecs.sort(byReplicate);
      fullSpecs.sort(byReplicate);
      const pending = rungSpecs.filter((spec) => request.force || !rungStore.has(request.sweep, spec.runId)).length + fullSpecs.filter((spec) => request.force || !request.store.has(request.sweep, spec.runId)).length;
      onRound?.({ round, specs: [...rungSpecs, ...fullSpecs], planned: [...planned], pending });
      if (rungSpecs.length > 0) {
        addSummary(summary, await executor.execute(rungSpecs, { ...request, store: rungStore, storedBefore: undefined /* the sweep's store's, not the rung store's */ }));
        if (summary.interrupted) return 'interrupted';
      }
      // A run whose stored record is pruned (by an earlier definition of the sweep) trains again, replacing it.
      const stale = fullSpecs.filter((spec) => ownRecord(spec)?.status === 'pruned');
      for (const [specs, force] of [[fullSpecs.filter((spec) => !stale.includes(spec)), request.force], [stale, true]] as const) {
        if (specs.length === 0) continue;
        addSummary(summary, await executor.execute(specs, { ...request, force }));
        if (summary.interrupted) return 'interrupted';
      }
      for (const state of training) if (!decide(state)) return 'incomplete';
    }
  }

  /**
   * Rank the bracket's candidates at its current rung and prune all but the best ⌊n/eta⌋; false while a run of the
   * rung has no record (another process holds it, or the queue was left detached).
   */
  function decide(state: BracketState): boolean {
    const { bracket } = state;
    const budget = bracket.rungs[state.rung];
    const reached = state.candidates.filter((candidate) => !candidate.pruned);
    for (const candidate of reached) {
      let sum = 0;
      for (const spec of candidate.specs) {
        const record = rungRecord(spec, budget);
        if (record === null) return false;
        sum += record.status === 'finished' ? record.summary.finalMetric : NaN;
      }
      candidate.value = sum / candidate.specs.length;
      candidate.rung = state.rung;
    }
    // A run that diverged or failed before the rung's end ends so at any budget: its record is the sweep's.
    for (const candidate of reached) for (const spec of candidate.specs) endedEarly(spec, budget);
    state.rung++;
    if (state.rung === bracket.rungs.length) return true;
    const ranked = [...reached].sort((a, b) => compareValues(a.value, b.value, goal) || a.order - b.order);
    const kept = advancing(ranked.length, et.eta);
    const cutAt = ranked[kept - 1].value;
    ranked.forEach((candidate, i) => {
      if (i < kept) return;
      candidate.pruned = true;
      const pruning: Pruning = {
        rung: state.rung,
        rungs: bracket.rungs.length,
        bracket: bracket.index,
        budget,
        fullBudget: et.fullBudget,
        unit: et.unit,
        metric,
        value: candidate.value,
        rank: i + 1,
        of: ranked.length,
        advanced: kept,
        cutAt,
        reason: pruningReason(state.rung, bracket.rungs.length, budget, et, metric, candidate.value, i + 1, ranked.length, cutAt),
      };
      for (const spec of candidate.specs) prune(spec, budget, pruning);
    });
    return true;
  }

  /**
   * The record of `spec` at `budget`: below the full budget the rung store's (or, when it has none, the sweep's own:
   * the run ended before this rung, diverged or failed, and is skipped), at the full budget the sweep's own.
   */
  function rungRecord(spec: RunSpec, budget: number): RunRecord | null {
    if (budget < et.fullBudget) {
      const id = rungRunId(spec.runId, budget);
      if (rungStore.has(request.sweep, id)) return rungStore.read(request.sweep, id).record;
    }
    const own = ownRecord(spec);
    // A pruned record is no full-budget result (one of an earlier definition of the sweep, pruned elsewhere, is retrained).
    return (budget === et.fullBudget && own?.status !== 'pruned') || own?.status === 'diverged' || own?.status === 'failed' ? own : null;
  }

  function ownRecord(spec: RunSpec): RunRecord | null {
    return request.store.has(request.sweep, spec.runId) ? request.store.read(request.sweep, spec.runId).record : null;
  }

  /**
   * Store `record` as the run's own: kept when the store holds these very bytes (a resumed or re-run search),
   * replacing what an earlier definition of the sweep decided otherwise (run ids do not depend on early_terminate:
   * another eta or min_budget prunes the same runs elsewhere); the store follows the sweep file as it is now.
   */
  function settle(record: RunRecord, meta: RunMeta | null): void {
    const stored = request.store.has(request.sweep, record.runId) ? request.store.recordBytes(request.sweep, record.runId) : null;
    if (stored === encodeRecord(record)) return;
    if (stored !== null) redecided.push(record.runId);
    request.store.write(record, meta, { replace: stored !== null });
  }

  function endedEarly(spec: RunSpec, budget: number): void {
    if (budget === et.fullBudget) return;
    const id = rungRunId(spec.runId, budget);
    if (!rungStore.has(request.sweep, id)) return;
    const stored = rungStore.read(request.sweep, id);
    if (stored.record.status === 'finished') return;
    settle({ ...stored.record, runId: spec.runId }, stored.meta === null ? null : { ...stored.meta, runId: spec.runId });
  }

  function prune(spec: RunSpec, budget: number, pruning: Pruning): void {
    const own = ownRecord(spec);
    if (own?.status === 'diverged' || own?.status === 'failed') return; // it ended at this rung or before: that is its result
    const stored = rungStore.read(request.sweep, rungRunId(spec.runId, budget));
    settle(prunedRecord(stored.record, spec.runId, pruning), stored.meta === null ? null : { ...stored.meta, runId: spec.runId });
  }

  /** A bracket of bayes search: quasirandom points while fewer than `startup` configurations have results, then TPE's proposals. */
  function bayesCandidates(bracket: Bracket, before: readonly Candidate[]): Candidate[] {
    const start = before.length;
    // TPE proposes once `startup` configurations have results; until then the quasirandom sequence goes on.
    const assignments =
      start < sweep.bayes!.startup
        ? bayesStartup(sweep, start + bracket.size).slice(start)
        : proposeBayes(sweep, rankedHistory(before), { batch: bracket.index - 1, size: bracket.size, goal: 'minimize' });
    const known = new Set(before.map((candidate) => candidate.specs[0].runId));
    const candidates: Candidate[] = [];
    for (const assignment of assignments) {
      const specs = specsOfAssignments(sweep, catalog, [assignment]);
      if (known.has(specs[0].runId)) continue; // a configuration tried before is not tried twice
      known.add(specs[0].runId);
      candidates.push({ order: start + candidates.length, point: pointOfAssignment(assignment), specs, rung: 0, value: NaN, pruned: false });
    }
    bracket.size = candidates.length;
    plan(candidates);
    return candidates;
  }

  /**
   * What TPE sees of the configurations tried: their rank, best 0, ordered first by the rung they reached (a
   * configuration that went further beats every one pruned before it), then by their value there (NaN last).
   * TPE uses only the order of the values (its split into good and bad), so ranks lose nothing.
   */
  function rankedHistory(candidates: readonly Candidate[]): Observation[] {
    const depth = (candidate: Candidate) => budgetOf(candidate);
    const ranked = [...candidates].sort((a, b) => depth(b) - depth(a) || compareValues(a.value, b.value, goal) || a.order - b.order);
    return ranked.map((candidate, rank) => ({ point: candidate.point!, value: rank }));
  }

  function budgetOf(candidate: Candidate): number {
    const state = states.find((s) => s.candidates.includes(candidate))!;
    return state.bracket.rungs[candidate.rung];
  }
}

/** Bayes search's rounds: with Hyperband its brackets (bracketsOf sizes them); with successive halving the startup round, then rounds of `batch`. */
function bayesRounds(samples: number, et: EarlyTerminate, bayes: { startup: number; batch: number }): number[] {
  if (et.type === 'hyperband') return [];
  const rounds = [bayes.startup];
  for (let left = samples - bayes.startup; left > 0; left -= bayes.batch) rounds.push(Math.min(bayes.batch, left));
  return rounds;
}

/**
 * The record of a run pruned at a rung: its rung record (trained to the rung's budget) under the run's own id,
 * ended `pruned`, saying why. `exp verify` re-trains the rung and rebuilds it with this too.
 */
export function prunedRecord(rungRecord: RunRecord, runId: string, pruning: Pruning): RunRecord {
  const { summary, ...rest } = rungRecord;
  return { ...rest, runId, status: 'pruned', pruning, summary };
}

/** A run trained to a rung: the full run's spec (its schedule and logging), stopped at `budget`, under its own id. */
export function rungSpec(spec: RunSpec, budget: number): RunSpec {
  return { ...spec, runId: rungRunId(spec.runId, budget), horizon: budget };
}

/** Better first: by the goal, NaN (diverged, failed) last. */
function compareValues(a: number, b: number, goal: 'minimize' | 'maximize'): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
  return goal === 'minimize' ? a - b : b - a;
}

/** "rung 2 of 4 (3 of 27 epochs): test_loss 0.31, rank 7 of 9, cut at 0.22" */
export function pruningReason(rung: number, rungs: number, budget: number, et: EarlyTerminate, metric: string, value: number, rank: number, of: number, cutAt: number): string {
  return `rung ${rung} of ${rungs} (${budget} of ${et.fullBudget} ${et.unit}): ${metric} ${formatValue(value)}, rank ${rank} of ${of}, cut at ${formatValue(cutAt)}`;
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'none (diverged or failed)' : String(value);
  return String(Number(value.toPrecision(3)));
}

/**
 * The examples a run would have trained without early termination: a pruned run's at the rate it trained them
 * (exact for a budget in epochs, and in steps of equal batches); any other run's own (a run that diverged or
 * failed ends there with or without early termination).
 */
export function fullRunExamples(record: RunRecord): number {
  const pruning = record.pruning;
  return record.status === 'pruned' && pruning !== undefined ? (record.summary.examples * pruning.fullBudget) / pruning.budget : record.summary.examples;
}
