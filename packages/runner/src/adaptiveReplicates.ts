import { compareWithLeader, defaultDelta, leaderComparisonSeed, type Verdict } from '@descent/stats';
import {
  canonicalJson,
  configurationKey,
  expandSweep,
  isDeterministicConfig,
  problemName,
  varyingKeys,
  type Catalog,
  type ResolvedConfig,
  type RunSpec,
  type Sweep,
} from '@descent/sweep';
import type { ExecuteSummary } from './execute.js';
import type { ExecuteRequest, Executor } from './executor.js';
import type { RunStore } from './store.js';
import { RUN_STATUSES, statusCounts, type DecidedRun } from './types.js';

/** What `runReplicates` needs of an opened sweep (see openSweep). */
export interface ReplicatedSweep {
  sweep: Sweep;
  catalog: Catalog;
  /** The first round: every configuration × `sweep.replicates` (all of a fixed sweep's runs). */
  specs: readonly RunSpec[];
}

/** A round about to run: the runs it adds, and every run planned so far (those of this round included). */
export interface RoundEvent {
  /** 1 for the first `min` replicates of every configuration. */
  round: number;
  specs: readonly RunSpec[];
  planned: readonly RunSpec[];
  /** How many of `specs` have no record yet, when the round's runs are not all stored with the sweep's (early termination's rungs). */
  pending?: number;
}

/** Where a configuration's answer stands after the last round (adaptive sweeps only). */
export interface ConfigurationStanding {
  /** The configuration's key (configurationKey over the sweep's varied keys). */
  key: string;
  /** The problem it minimises (verdicts compare configurations of one problem only). */
  problem: string;
  replicates: number;
  /** Against its problem's leader; 'leader' for the leader itself; 'excluded' when a replicate diverged or failed. */
  verdict: Verdict | 'leader' | 'excluded' | 'exact';
}

export interface ReplicatesOutcome {
  /** Every run the rounds asked for, replicate-major as expandSweep orders them: the sweep's runs. */
  runs: RunSpec[];
  /** The executors' summaries of all rounds added up. */
  summary: ExecuteSummary;
  rounds: number;
  /**
   * Why the rounds stopped: `decided` (no verdict open), `max` (some stayed open at `max` replicates),
   * `fixed` (a fixed number of replicates), `interrupted`, or `incomplete` (a run of the round has no
   * record yet: another process holds it, or the queue was left detached; the next invocation goes on).
   */
  stopped: 'fixed' | 'decided' | 'max' | 'interrupted' | 'incomplete';
  /** Each configuration's verdict after the last decision, in key order (empty for a fixed sweep). */
  standings: ConfigurationStanding[];
}

/**
 * Run a sweep's replicates through an executor. A fixed count is one round. Adaptive
 * (`replicates: { min, max, step }`): every configuration gets `min` replicates; then, as long as some
 * verdict against the leader is `undecided` and below `max`, a round adds `step` replicates to exactly
 * those configurations (and the leader, so their pairs grow too). Every decision reads only the store's
 * finished records in a canonical order (by configuration key, then replicate), never completion order,
 * timing or worker count; run ids are those of a fixed sweep's replicate k. So a resumed or re-run sweep
 * skips its finished runs and re-derives the same rounds: the same runs, the same bytes, with any number
 * of workers and on any executor.
 */
export async function runReplicates(opened: ReplicatedSweep, executor: Executor, request: ExecuteRequest, onRound?: (event: RoundEvent) => void): Promise<ReplicatesOutcome> {
  const { sweep } = opened;
  const summary: ExecuteSummary = { total: 0, skipped: 0, completed: statusCounts(), busy: 0, interrupted: false, workers: 0, elapsedMs: 0 };
  const execute = async (round: number, specs: readonly RunSpec[], planned: readonly RunSpec[]): Promise<void> => {
    onRound?.({ round, specs, planned });
    add(summary, await executor.execute(specs, request));
  };
  if (sweep.adaptive === null) {
    await execute(1, opened.specs, opened.specs);
    return { runs: [...opened.specs], summary, rounds: 1, stopped: summary.interrupted ? 'interrupted' : 'fixed', standings: [] };
  }

  const { max, step } = sweep.adaptive;
  const plan = new ReplicatePlan(expandSweep(sweep, opened.catalog, { replicates: max }), varyingKeys(opened.specs));
  let added = plan.grow(new Map(plan.configurations.map((c) => [c.key, sweep.adaptive!.min])));
  for (let round = 1; ; round++) {
    await execute(round, added, plan.planned());
    const outcome = (stopped: ReplicatesOutcome['stopped'], standings: ConfigurationStanding[] = []): ReplicatesOutcome => ({ runs: plan.planned(), summary, rounds: round, stopped, standings });
    if (summary.interrupted) return outcome('interrupted');
    const records = plan.records(request.store, request.sweep);
    if (records === null) return outcome('incomplete');
    const standings = decideStandings(records, { sweep: request.sweep, paired: sweep.pairing === 'paired', delta: sweep.delta });
    const targets = nextReplicates(standings, { max, step });
    added = plan.grow(targets);
    if (added.length === 0) return outcome(standings.some((s) => s.verdict === 'undecided') ? 'max' : 'decided', standings);
  }
}

/** The configurations of the sweep (up to `max` replicates each) and how many replicates each has been given. */
class ReplicatePlan {
  /** In key order: the canonical order every decision reads them in. */
  readonly configurations: { key: string; specs: RunSpec[] }[];
  private readonly given = new Map<string, number>();

  constructor(
    private readonly all: readonly RunSpec[],
    varied: readonly string[],
  ) {
    const byConfig = new Map<string, { key: string; specs: RunSpec[] }>();
    for (const spec of all) {
      const key = configurationKey(spec.config, varied);
      if (!byConfig.has(key)) byConfig.set(key, { key, specs: [] });
      byConfig.get(key)!.specs[spec.replicate] = spec;
    }
    this.configurations = [...byConfig.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Raise each configuration to its target count of replicates; the runs added, replicate-major. */
  grow(targets: ReadonlyMap<string, number>): RunSpec[] {
    const before = new Map(this.given);
    for (const [key, target] of targets) this.given.set(key, Math.max(this.given.get(key) ?? 0, target));
    return this.all.filter((spec) => {
      const key = this.keyOf(spec);
      return spec.replicate >= (before.get(key) ?? 0) && spec.replicate < (this.given.get(key) ?? 0);
    });
  }

  /** Every run given so far, replicate-major (expandSweep's order). */
  planned(): RunSpec[] {
    return this.all.filter((spec) => spec.replicate < (this.given.get(this.keyOf(spec)) ?? 0));
  }

  /**
   * What a decision reads of the runs read in earlier rounds: a stored record never changes afterwards (--force
   * rewrites a round's runs before they are first read), and reading every record again each round costs more
   * than the decision.
   */
  private readonly read = new Map<string, DecidedRun>();

  /**
   * What the decision reads of every planned run, by configuration in key order, or null while one is missing: the
   * record's values as a reader gets them back (the store's listing of the run, noted when this process stored
   * it: the momentum sweep read its 440 records back, 0.25 s of main thread while the worker threads waited).
   */
  records(store: RunStore, sweep: string): { key: string; records: DecidedRun[] }[] | null {
    const result: { key: string; records: DecidedRun[] }[] = [];
    for (const { key, specs } of this.configurations) {
      const records: DecidedRun[] = [];
      for (const spec of specs.slice(0, this.given.get(key) ?? 0)) {
        let record = this.read.get(spec.runId);
        if (record === undefined) {
          const listing = store.listing(sweep, spec.runId);
          if (listing === null) return null;
          this.read.set(spec.runId, (record = listing));
        }
        records.push(record);
      }
      result.push({ key, records });
    }
    return result;
  }

  private readonly keys = new Map<RunSpec, string>();
  private keyOf(spec: RunSpec): string {
    let key = this.keys.get(spec);
    if (key === undefined) {
      key = this.configurations.find((c) => c.specs[spec.replicate] === spec)!.key;
      this.keys.set(spec, key);
    }
    return key;
  }
}

/**
 * Each configuration's verdict against its problem's leader, as the report's winner decides it
 * (compareWithLeader over the configurations whose replicates all finished with a finite metric; δ as the
 * sweep declares it, or by default from every finished run of the problem; bootstrap seeds from the sweep
 * name and the two keys). The leader is
 * the best mean (summed in replicate order, as the report does), ties going to the first key.
 * A configuration with a diverged or failed replicate is `excluded`: it cannot lead and gets no more
 * replicates. Problems without randomness (landscapes with exact gradients) are `exact`: replicates repeat.
 */
export function decideStandings(
  configurations: readonly { key: string; records: readonly DecidedRun[] }[],
  options: { sweep: string; paired: boolean; delta?: number | null },
): ConfigurationStanding[] {
  const standings = new Map<string, ConfigurationStanding>();
  const problems = new Map<string, typeof configurations[number][]>();
  for (const configuration of configurations) {
    const config = configuration.records[0].config;
    const problem = canonicalJson([config.problem.kind, problemName(config)]);
    if (!problems.has(problem)) problems.set(problem, []);
    problems.get(problem)!.push(configuration);
  }
  for (const [problem, group] of problems) {
    const stand = (key: string, replicates: number, verdict: ConfigurationStanding['verdict']) => standings.set(key, { key, problem, replicates, verdict });
    const finite = (record: DecidedRun) => record.status === 'finished' && Number.isFinite(record.summary.finalMetric);
    const eligible = group.filter(({ records }) => records.every(finite));
    for (const { key, records } of group) if (!records.every(finite)) stand(key, records.length, 'excluded');
    if (group.every(({ records }) => records.every((record) => isDeterministicConfig(record.config)))) {
      for (const { key, records } of eligible) stand(key, records.length, 'exact');
      continue;
    }
    if (eligible.length < 2) {
      for (const { key, records } of eligible) stand(key, records.length, 'leader');
      continue;
    }
    const goal = eligible[0].records[0].config.metric.goal;
    const means = new Map(eligible.map(({ key, records }) => [key, naiveMean(records.map((record) => record.summary.finalMetric))]));
    const better = (a: number, b: number) => (goal === 'minimize' ? a < b : a > b);
    const ranked = eligible
      .map((configuration, order) => ({ configuration, order }))
      .sort((a, b) => {
        const [ma, mb] = [means.get(a.configuration.key)!, means.get(b.configuration.key)!];
        return ma !== mb ? (better(ma, mb) ? -1 : 1) : a.order - b.order;
      })
      .map(({ configuration }) => ({ key: configuration.key, records: configuration.records, byReplicate: new Map(configuration.records.map((r) => [r.replicate, r.summary.finalMetric])) }));
    const everyFinished = group.flatMap(({ records }) => records.filter((record) => record.status === 'finished').map((record) => record.summary.finalMetric));
    const verdict = compareWithLeader(ranked, {
      goal,
      paired: options.paired,
      delta: options.delta ?? defaultDelta(everyFinished),
      seed: (leaderKey, otherKey) => leaderComparisonSeed(options.sweep, leaderKey, otherKey),
    });
    stand(verdict.leader.key, verdict.leader.records.length, 'leader');
    for (const { other, decision } of verdict.comparisons) stand(other.key, other.records.length, decision.verdict);
  }
  return configurations.map(({ key }) => standings.get(key)!);
}

/**
 * The replicates each configuration gets next: `step` more (up to `max`) for every undecided (or worse) one, and the
 * leader of its problem as many as the most of them, so every pair it is compared with grows. An empty
 * answer (no count above the current one) ends the rounds.
 */
export function nextReplicates(standings: readonly ConfigurationStanding[], { max, step }: { max: number; step: number }): Map<string, number> {
  const targets = new Map<string, number>();
  // `worse` than the leader: the leader was picked on means over unequal replicates (paired runs share
  // their seed's luck only replicate by replicate). Both get more, until the better one leads.
  const open = standings.filter((s) => (s.verdict === 'undecided' || s.verdict === 'worse') && s.replicates < max);
  if (open.length === 0) return targets;
  for (const s of open) targets.set(s.key, Math.min(max, s.replicates + step));
  // The leader of each problem with open comparisons keeps up with the most replicates any of them gets.
  for (const leader of standings.filter((s) => s.verdict === 'leader')) {
    const most = Math.max(0, ...open.filter((s) => s.problem === leader.problem).map((s) => targets.get(s.key)!));
    if (most > leader.replicates) targets.set(leader.key, most);
  }
  return targets;
}

/** Σx / n summed in order, as the report ranks configurations (so both pick the same leader). */
function naiveMean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Adds a round's summary to the total (bayesRounds.ts too). */
export function add(total: ExecuteSummary, round: ExecuteSummary): void {
  total.total += round.total;
  total.skipped += round.skipped;
  for (const status of RUN_STATUSES) total.completed[status] += round.completed[status];
  total.busy += round.busy;
  total.interrupted ||= round.interrupted;
  total.workers = Math.max(total.workers, round.workers);
  total.elapsedMs += round.elapsedMs;
}
