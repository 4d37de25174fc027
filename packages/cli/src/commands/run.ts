import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, relative } from 'node:path';
import { localExecutor, parseShard, roundsRunner, RunStore, selectShard, sweepInfoOf, type BayesOutcome, type EarlyTerminationOutcome, type Executor, type ReplicatesOutcome, type Shard, type SweepInfo } from '@descent/runner';
import type { QueueAddress } from '@descent/runner/queue';
import { bracketsOf, countConfigurations, REPLICATES_TO_DECIDE_A_DIRECTION, roundsOf, rungBudgets, shellCommand, valueAtKey, varyingKeys, type Sweep } from '@descent/sweep';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { reportsRoot, storeRoot, workspaceRoot } from '../paths.js';
import { expInvocation } from '../expInvocation.js';
import { formatClaimVerdicts, storedClaimVerdicts } from '../claims.js';
import { Progress } from '../progress.js';
import { loadSweepFile, plural, type LoadedSweep } from '../sweepFile.js';
import { outdatedRunsNote } from '../outdatedRuns.js';
import { allowOutsideOption, guardWrites, sweepWritePaths } from '../workspaceGuard.js';
import { setAsideDamaged } from '../damagedRuns.js';
import { allowPluginOption, pluginTrust } from '../pluginTrust.js';
import { startLiveReport } from '../liveReport.js';
import { consoleOutput, OrderedOutputs, type SweepOutput } from '../sweepOutputs.js';

export const spec: CommandSpec = {
  name: 'run',
  summary: 'run a sweep: every run not yet finished, in parallel, then render its report',
  usage: 'pnpm exp run <sweep.yaml> [more sweep files] [options]',
  options: {
    workers: { type: 'number', placeholder: 'n', description: 'worker threads, one run each (default: CPU cores)' },
    'dry-run': { type: 'boolean', description: 'print the expanded runs and exit without running' },
    yes: { type: 'boolean', description: `run even if the sweep expands to more than ${confirmThreshold()} runs` },
    force: { type: 'boolean', description: 'redo runs that already have a record' },
    timeout: { type: 'number', placeholder: 'seconds', description: 'per-run time limit; a run over it is recorded as failed (default: none)' },
    'no-report': { type: 'boolean', description: 'do not render the HTML report at the end' },
    queue: { type: 'string', placeholder: 'redis://host:port', description: 'run on `exp worker` processes (any machines) through this Redis server; results come back here' },
    detach: { type: 'boolean', description: 'with --queue: enqueue and return; `exp status` follows, a later `exp run --queue` or `exp report --queue` collects' },
    shard: { type: 'string', placeholder: 'i/n', description: 'run only part i of n (0 ≤ i < n, split by run id) into a shared store, e.g. one per Slurm array task' },
    'allow-outside': allowOutsideOption,
    'allow-plugin': allowPluginOption,
  },
  details: [
    'Finished runs are skipped, so an interrupted sweep (Ctrl-C, a kill) continues where it stopped.',
    'While the runs train, the report is rewritten every 5 s or so (DESCENT_LIVE_REPORT_MS sets the milliseconds, 0 turns',
    'it off) with the runs done so far, as a page that reloads itself; the final report, written at the end or on Ctrl-C, does not.',
    'A damaged run (its record or meta unreadable) is moved into the store\'s .damaged/ folder and trained again.',
    'Several sweep files run at once on the same worker threads (one after another with --workers 1): a thread free while',
    'a sweep decides its next round trains another sweep\'s runs, the smallest round first. Their output comes in the order',
    'of the files, as if one ran after another. Every file is read and checked before any run starts; an error that stops',
    'one sweep stops all of them (finished runs are kept).',
    'Exit codes: 0 all runs finished or diverged; 1 some run failed or the sweep file is invalid; 130 interrupted.',
  ],
};

/**
 * --workers at most this many threads per CPU core. A run trains on one core, so threads beyond the cores
 * only wait, each holding its own copy of the training stack (~7 MB) and taking time to start; a few per
 * core still allow for a machine that reports fewer cores than it lends (a container's share).
 */
const WORKERS_PER_CORE = 4;
const maxWorkers = () => WORKERS_PER_CORE * availableParallelism();

/** Runs above which `exp run` asks for --yes: DESCENT_CONFIRM_RUNS if it is a whole number ≥ 0, else 500. */
function confirmThreshold(): number {
  const given = process.env.DESCENT_CONFIRM_RUNS?.trim() ?? '';
  // An unreadable value must not switch the question off (Number('x') is NaN, and NaN compares false with every count).
  return /^\d+$/.test(given) ? Number(given) : 500;
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`run: expected a sweep file (got none)\n\n${formatHelp(spec)}`);
  const workers = options.workers as number | undefined;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new UsageError(`run: --workers takes a whole number ≥ 1 (got ${workers})`);
  if (workers !== undefined && workers > maxWorkers()) throw new UsageError(`run: --workers ${workers} is more than ${maxWorkers()}, ${WORKERS_PER_CORE} per CPU core (${availableParallelism()} here): each run trains on one core, so more threads only cost memory and start-up time; use --workers ${maxWorkers()} or fewer, or leave it out for one per core`);
  const timeout = options.timeout as number | undefined;
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`run: --timeout takes a number of seconds > 0 (got ${timeout})`);
  const shard = typeof options.shard === 'string' ? parseShard(options.shard) : null;
  if (shard && 'problem' in shard) throw new UsageError(`run: ${shard.problem}`);
  // The queue's code (and with it BullMQ) is loaded only for --queue.
  const queue = typeof options.queue === 'string' ? await queueOption(options.queue) : null;
  if (options.detach && !queue) throw new UsageError('run: --detach needs --queue redis://host:port (it leaves the runs on that queue)');
  if (queue && (workers !== undefined || timeout !== undefined)) throw new UsageError(`run: --workers and --timeout apply to local runs; with --queue each \`exp worker --concurrency n\` sets its own`);

  // Every sweep file is read and validated before any worker thread starts: an invalid file costs no threads
  // (256 of them took 10 s and 1.9 GB before the one-line error). Then the threads start, when a sweep has runs to
  // train (localExecutor); every way out closes them.
  const sweeps = await loadSweepFiles(positionals, options);
  for (const { loaded } of sweeps) refuseShardOfRounds(loaded, shard);
  if (!options['dry-run']) guardWrites(sweeps.flatMap(({ loaded }) => sweepWritePaths(loaded.sweep.name, { report: !options['no-report'] })), options);
  const fileOf = new Map<string, string>();
  const detach = Boolean(options.detach);
  const executor: Executor | null = options['dry-run']
    ? null
    : queue
      ? queue.module.queueExecutor(queue.address, {
          root: workspaceRoot(),
          detach,
          onQueued: ({ sweep, added, outstanding, workers: connected }) => console.log(queuedMessage(sweep, fileOf.get(sweep)!, queue.address.shown, added, outstanding, connected, detach)),
        })
      : localExecutor({ workers, timeoutMs: timeout ? timeout * 1000 : 0 });
  try {
    // One thread has no idle time for another sweep to fill, and runs of different sweeps taking turns on it ran
    // ~3% slower (their code, optimised for one sweep's shapes, meets another's): one thread keeps them in turn.
    const threads = workers ?? availableParallelism();
    if (executor && !queue && sweeps.length > 1 && threads > 1) return await runTogether(sweeps.map(({ loaded }) => loaded), options, shard, executor);
    let code = 0;
    for (const [i, { arg, loaded }] of sweeps.entries()) {
      if (i > 0) console.log('');
      fileOf.set(loaded.sweep.name, arg);
      const sweepCode = executor ? await runSweep(loaded, options, shard, executor) : dryRun(loaded, shard);
      if (sweepCode === 130) return 130; // interrupted: the sweeps after it are not started
      code = Math.max(code, sweepCode);
    }
    return code;
  } catch (error) {
    // An unreachable or lost Redis server is the user's to fix: its message, no stack trace.
    throw queue && error instanceof queue.module.QueueError ? new CliError(`run: ${error.message}`) : error;
  } finally {
    await executor?.close();
  }
}

/**
 * Several sweeps on local threads, all at once on the one pool: a thread that one sweep leaves idle while it decides
 * its next round or writes its report trains another's runs, the sweep with the fewest runs left to start in its
 * round first (RunSlots). One after another left the threads idle: the tuning sweep's rounds are often a single run.
 * Every shipped sweep on 2 workers went from 32.9–34.4 s to 31.0–32.4 s (the bench README's *Sweep scaling*).
 *
 * Their lines print in the files' order (OrderedOutputs). Ctrl-C stops them all. An error that stops one sweep (a
 * full disk, a plugin edited under it) stops the others too, as it stopped the files after it when they ran one after
 * another: their finished runs are kept, and the error is thrown once every sweep has ended and printed.
 */
async function runTogether(sweeps: LoadedSweep[], options: ReturnType<typeof parseArgs>['options'], shard: Shard | null, executor: Executor): Promise<number> {
  const outputs = new OrderedOutputs(sweeps.length);
  console.log(`${plural(sweeps.length, 'sweep')} at once on the same threads: a thread one leaves idle trains another's runs; the output of each follows in the order of the files`);
  const controller = new AbortController();
  const removeHandlers = stopOnSignals(controller);
  try {
    const ended = await Promise.allSettled(
      sweeps.map(async (loaded, i) => {
        const output = outputs.output(i);
        if (i > 0) output.log('');
        try {
          return await runSweep(loaded, options, shard, executor, { output, signal: controller.signal });
        } catch (error) {
          controller.abort();
          throw error;
        } finally {
          outputs.finish(i);
        }
      }),
    );
    const failed = ended.find((end) => end.status === 'rejected');
    if (failed) throw failed.reason;
    const codes = ended.map((end) => (end as PromiseFulfilledResult<number>).value);
    return codes.includes(130) ? 130 : Math.max(...codes);
  } finally {
    removeHandlers();
  }
}

/**
 * Ctrl-C (or SIGTERM) aborts `controller`: the runs in flight stop, finished runs are kept. A second Ctrl-C does
 * not wait. Returns what removes the handlers.
 */
function stopOnSignals(controller: AbortController): () => void {
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: stopping; finished runs are kept, the next `exp run` continues\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/**
 * Every sweep file, read and validated before anything runs: the problems of all of them at once, or none.
 * Two files may not give one sweep name (their runs would share a folder of the store).
 */
async function loadSweepFiles(args: string[], options: ReturnType<typeof parseArgs>['options']): Promise<{ arg: string; loaded: LoadedSweep }[]> {
  const sweeps: { arg: string; loaded: LoadedSweep }[] = [];
  const problems: string[] = [];
  const trust = pluginTrust('run', options);
  for (const arg of args) {
    try {
      const loaded = await loadSweepFile(arg, trust);
      const count = loaded.runCount;
      const twin = sweeps.find((s) => s.loaded.sweep.name === loaded.sweep.name);
      if (twin) {
        problems.push(`${loaded.shown}: name '${loaded.sweep.name}' is also the name of ${twin.loaded.shown}; sweeps run together need names of their own (their runs are stored by name)`);
      } else if (count > confirmThreshold() && !options.yes && !options['dry-run']) {
        problems.push(`${loaded.shown}: the sweep expands to ${count} runs (more than ${confirmThreshold()}); run again with --yes to start them, or --dry-run to list them.`);
      } else {
        sweeps.push({ arg, loaded });
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 0) return sweeps;
  const count = args.length - sweeps.length;
  throw new CliError(args.length === 1 ? problems[0] : `${problems.join('\n')}\n${count} of ${args.length} sweep files ${count === 1 ? 'has' : 'have'} problems; nothing was run.`);
}

/** --dry-run: the runs a sweep would train, with the keys that vary between them. */
/**
 * A sweep decided in rounds (adaptive replicates, Bayesian search, early termination) has no fixed set of runs to
 * split into shards: which runs come next depends on all the results before them, so one process must decide.
 */
function refuseShardOfRounds(loaded: LoadedSweep, shard: Shard | null): void {
  if (shard === null) return;
  const rounds = roundsOf(loaded.sweep);
  if (rounds !== null) throw new CliError(`run: --shard splits a fixed set of runs; ${loaded.shown} ${rounds} in rounds decided by one coordinating process (spread its runs with --queue instead)`);
}

function dryRun(loaded: LoadedSweep, shard: Shard | null): number {
  refuseShardOfRounds(loaded, shard); // --dry-run answers as the run would
  const { sweep } = loaded;
  const allSpecs = loaded.specs;
  const specs = shard ? selectShard(allSpecs, shard) : allSpecs;
  const varied = varyingKeys(allSpecs);
  if (sweep.earlyTerminate) {
    for (const line of earlyTerminationPlan(sweep, allSpecs.length / sweep.replicates)) console.log(line);
    console.log(sweep.bayes ? `first bracket's configurations (quasirandom), at the full budget:` : 'the configurations, at the full budget (the rungs train them part of the way):');
    if (sweep.bayes) return 0;
  } else if (sweep.adaptive) {
    for (const line of adaptiveRunCount(sweep, allSpecs.length / sweep.replicates)) console.log(line);
    console.log(`first round (replicates 0 to ${sweep.replicates - 1} of every configuration):`);
  } else if (sweep.bayes) {
    for (const line of bayesRunCount(sweep)) console.log(line);
    console.log(`first round (${plural(sweep.bayes.startup, 'startup point')}, quasirandom):`);
  } else {
    console.log(`${sweep.name}: ${plural(specs.length, 'run')} ${shard ? `(shard ${shard.index}/${shard.count} of ${allSpecs.length})` : `(${specs.length / sweep.replicates} configurations × ${sweep.replicates} replicates)`}`);
  }
  for (const s of specs) {
    const values = varied
      .filter((key) => key !== 'plugins' && valueAtKey(s.config, key) !== undefined) // keys another optimizer has are not this run's
      .map((key) => `${key}=${JSON.stringify(valueAtKey(s.config, key))}`)
      .join(' ');
    console.log(`  ${s.runId}  replicate ${s.replicate}  ${values || '(no varied keys)'}`);
  }
  return 0;
}

/**
 * How many runs adaptive replicates may take: "between N and M runs: min 3 … max 30 replicates of 40
 * configurations", the round size, and why a `min` below what a rank test can decide with spends a round.
 */
export function adaptiveRunCount(sweep: Sweep, configurations: number): string[] {
  const { min, max, step } = sweep.adaptive!;
  const lines = [
    `${sweep.name}: between ${configurations * min} and ${configurations * max} runs: min ${min} … max ${max} replicates of ${plural(configurations, 'configuration')}`,
    `  after the first ${min} replicates of each, rounds of ${step} more go only to configurations whose verdict against the best is still undecided`,
  ];
  if (min < REPLICATES_TO_DECIDE_A_DIRECTION)
    lines.push(`  note: with fewer than ${REPLICATES_TO_DECIDE_A_DIRECTION} replicates no rank test reaches p ≤ 0.05, so the first round can only find configurations equivalent to the best`);
  return lines;
}

/** How bayes search proceeds: "12 configurations × 1 replicate: 4 startup points, then up to 8 more in rounds of 4, proposed by TPE". */
function bayesRunCount(sweep: Sweep): string[] {
  const { startup, batch } = sweep.bayes!;
  const samples = sweep.samples!;
  const more = samples - startup;
  return [
    `${sweep.name}: up to ${plural(samples * sweep.replicates, 'run')} (${plural(samples, 'configuration')} × ${plural(sweep.replicates, 'replicate')}), method bayes`,
    `  ${plural(startup, 'quasirandom startup point')}${more > 0 ? `, then up to ${more} more in rounds of ${batch}, proposed by TPE from the finished runs` : ''}`,
  ];
}

/**
 * Early termination's plan: "hyperband: rungs at 1, 3, 9 and 27 epochs (eta 3); 40 configurations in 5 brackets:
 * 27 from 1 epoch, 12 from 3 epochs, …".
 */
export function earlyTerminationPlan(sweep: Sweep, configurations: number): string[] {
  const et = sweep.earlyTerminate!;
  const rungs = rungBudgets(et);
  const budgets = `${rungs.slice(0, -1).join(', ')} and ${rungs.at(-1)} ${et.unit}`;
  const from = (budget: number) => `from ${plural(budget, et.unit.slice(0, -1))}`;
  const total = sweep.bayes ? sweep.samples! : configurations;
  const lines = [`${sweep.name}: ${et.type.replace('_', ' ')}: rungs at ${budgets} (the best 1/${et.eta} of each rung go on)`];
  if (sweep.bayes && et.type === 'successive_halving') {
    lines.push(`  up to ${plural(total, 'configuration')}: each round of TPE's (the ${sweep.bayes.startup} startup points, then rounds of ${sweep.bayes.batch}) is a bracket ${from(rungs[0])}`);
    return lines;
  }
  const brackets = bracketsOf(et, total);
  const sizes = brackets.map((b) => `${b.size} ${from(b.rungs[0])}`);
  lines.push(`  ${plural(total, 'configuration')} × ${plural(sweep.replicates, 'replicate')} in ${plural(brackets.length, 'bracket')}: ${sizes.join('; ')}${sweep.bayes ? ' (each bracket proposed by TPE from those before it)' : ''}`);
  return lines;
}

/** How early termination ended: "sha: 27 configurations in 1 bracket: 3 finished, 24 pruned; 20% of the examples of a full search". */
function earlyTerminationOutcome(name: string, outcome: EarlyTerminationOutcome): string {
  const { statuses } = outcome;
  const share = outcome.examplesOfFullSearch > 0 ? `; ${Math.round((100 * outcome.examplesTrained) / outcome.examplesOfFullSearch)} % of the examples a search without early termination would train` : '';
  const ended = `${statuses.finished} finished, ${statuses.pruned} pruned${statuses.diverged ? `, ${statuses.diverged} diverged` : ''}${statuses.failed ? `, ${statuses.failed} failed` : ''}`;
  const done = `${plural(outcome.configurations, 'configuration')} in ${plural(outcome.brackets, 'bracket')}, ${plural(outcome.runs.length, 'run')}: ${ended}${share}`;
  switch (outcome.stopped) {
    case 'done':
      return `${name}: search done, ${done}`;
    case 'incomplete':
      return `${name}: round ${outcome.rounds} is not complete yet (runs left to another process or to the queue); the next \`exp run\` decides it`;
    default:
      return `${name}: stopped in round ${outcome.rounds} (${done} so far); the next \`exp run\` continues with the same decisions`;
  }
}

/** How bayes rounds ended: "tpe: 12 configurations in 3 rounds: 24 runs". */
function bayesOutcome(name: string, outcome: BayesOutcome): string {
  const done = `${plural(outcome.configurations, 'configuration')} in ${plural(outcome.rounds, 'round')}: ${plural(outcome.runs.length, 'run')}`;
  switch (outcome.stopped) {
    case 'sampled':
      return `${name}: search done, ${done}`;
    case 'incomplete':
      return `${name}: round ${outcome.rounds} is not complete yet (runs left to another process or to the queue); the next \`exp run\` proposes the next round`;
    default:
      return `${name}: stopped in round ${outcome.rounds} (${done} planned so far); the next \`exp run\` continues with the same proposals`;
  }
}

/**
 * Run a sweep's missing runs, write its report, and (unless `printClaims` is false) print its claims' verdicts.
 * Its lines go to `output`. Without a `signal`, Ctrl-C stops it; with one, the caller stops it.
 */
export async function runSweep(
  loaded: LoadedSweep,
  options: ReturnType<typeof parseArgs>['options'],
  shard: Shard | null,
  executor: Executor,
  { printClaims = true, output = consoleOutput, signal }: { printClaims?: boolean; output?: SweepOutput; signal?: AbortSignal } = {},
): Promise<number> {
  const { sweep } = loaded;
  refuseShardOfRounds(loaded, shard);
  const store = new RunStore(storeRoot());
  // Runs to train for sure (nothing stored yet, or all of them again): the threads start now and load the training
  // stack while this thread expands the sweep. Otherwise they start if the look finds runs to do.
  if (options.force || !existsSync(store.sweepDir(sweep.name))) executor.warmUp?.();
  // One look at every run folder serves the repairs, the note, the count to do and executeRuns (100,000 runs: each
  // look is 200,000 stats), taken on another thread while this one expands the sweep; a run not stored then is
  // looked at again, and each run once more when it is claimed.
  const look = store.lookAside(sweep.name, loaded.runCount);
  const allSpecs = loaded.specs;
  // --shard i/n: this invocation's part of the runs. The sweep info keeps all of them, so `exp report` merges the parts.
  const specs = shard ? selectShard(allSpecs, shard) : allSpecs;
  const file = relative(workspaceRoot(), loaded.file).startsWith('..') ? loaded.file : relative(workspaceRoot(), loaded.file);
  const info: SweepInfo = sweepInfoOf(sweep, allSpecs, file, expInvocation());
  const states = await store.runStatesAside(sweep.name, look);
  setAsideDamaged(store, sweep.name, specs.map((s) => s.runId), states, output.error); // kept in .damaged/, trained again
  store.writeSweepInfo(info);
  // Outdated runs (an older engine's records under the same ids) are not done: they are trained again, replacing their records.
  const storedBefore = new Set(states.flatMap(({ runId, state }) => (state.state === 'current' ? [runId] : [])));

  const outdated = outdatedRunsNote(store, sweep.name, states);
  if (outdated) output.error(outdated);
  if (sweep.earlyTerminate) for (const line of earlyTerminationPlan(sweep, allSpecs.length / sweep.replicates)) output.log(line);
  else if (sweep.adaptive) for (const line of adaptiveRunCount(sweep, allSpecs.length / sweep.replicates)) output.log(line);
  else if (sweep.bayes) for (const line of bayesRunCount(sweep)) output.log(line);
  const toDo = (roundSpecs: readonly { runId: string }[]) =>
    options.force ? roundSpecs.length : roundSpecs.filter((s) => !(storedBefore.has(s.runId) || store.has(sweep.name, s.runId))).length;

  const ownStop = signal ? null : new AbortController();
  const removeHandlers = ownStop ? stopOnSignals(ownStop) : () => {};
  // While the runs train, the report says how many are done and reloads itself; the final report replaces it on
  // every way out. --detach leaves the runs to the queue's workers: nothing here follows them.
  const writesReport = !options['no-report'] && !options.detach;
  // --force trains every run again: until then, a run's old record is not a run done.
  const doneNow = options.force ? new Set<string>() : undefined;
  const live = writesReport ? startLiveReport(store, reportsRoot(), sweep.name, { doneNow }) : null;
  const writeReport = async () => {
    // Loaded only now: the renderer (Plot, a server-side DOM) is not needed to run, --dry-run or --no-report.
    const { writeReports } = await import('../reports.js');
    for (const path of writeReports(store, reportsRoot(), [sweep.name])) output.log(`report: ${relative(process.cwd(), path)}`);
  };
  let progress: Progress | null = null;
  let outcome: ReplicatesOutcome | BayesOutcome | EarlyTerminationOutcome;
  try {
    outcome = await roundsRunner(sweep)(
      { sweep, catalog: loaded.catalog, specs },
      executor,
      {
        sweep: sweep.name,
        baseDir: dirname(loaded.file),
        plugins: sweep.plugins,
        catalog: loaded.catalog,
        store,
        force: Boolean(options.force),
        storedBefore,
        signal: signal ?? ownStop!.signal,
        onProgress: (event) => {
          doneNow?.add(event.record.runId);
          progress?.update(event);
        },
      },
      ({ round, specs: roundSpecs, planned, pending: known }) => {
        // The sweep's runs are those the rounds asked for: the store's sweep info lists them before they run.
        if (!shard) info.runIds = planned.map((s) => s.runId);
        store.writeSweepInfo(info);
        const pending = known ?? toDo(roundSpecs);
        const where = round === 1 ? `; store ${relative(process.cwd(), store.sweepDir(sweep.name))}` : '';
        const why = sweep.earlyTerminate ? 'of the configurations still in' : sweep.bayes ? 'proposed by TPE from the finished runs' : 'where the verdict is open';
        const what = sweep.earlyTerminate
          ? `round ${round}: ${plural(roundSpecs.length, 'run')} ${why} (${planned.length} runs in the search so far)`
          : round === 1
            ? plural(roundSpecs.length, 'run')
            : `round ${round}: ${plural(roundSpecs.length, 'more run')} ${why} (${planned.length} in all)`;
        output.log(`${sweep.name}: ${what}, ${pending} to do${pending < roundSpecs.length ? ` (${roundSpecs.length - pending} already finished)` : ''}${where}`);
        progress = new Progress(output.progress, roundSpecs.length, pending, info.metric);
      },
    );
  } catch (error) {
    // A sweep stopped by an error (a full disk, a plugin edited mid-sweep): its report must not go on reloading.
    // The error is what the user needs to see; if the final report cannot be written either, the page left says
    // how to write it.
    if (live?.stop()) await writeReport().catch(() => {});
    throw error;
  } finally {
    live?.stop();
    removeHandlers();
    // A sweep stopped by a full disk or an edited plugin: its one-line message starts on a line of its own.
    (progress as Progress | null)?.end();
  }
  const { summary } = outcome;
  const { completed } = summary;
  if (!('statuses' in outcome))
    output.log(
      `${sweep.name}: ${completed.finished} finished, ${completed.diverged} diverged, ${completed.failed} failed this time` +
        (summary.skipped ? `; ${summary.skipped} skipped (already finished)` : '') +
        (summary.busy ? `; ${summary.busy} left to another process running this sweep` : ''),
    );
  const ran = completed.finished + completed.diverged + completed.failed;
  if (ran > 0 && summary.elapsedMs > 0) {
    const seconds = summary.elapsedMs / 1000;
    output.log(`${plural(ran, 'run')} in ${seconds.toFixed(1)} s on ${summary.workers} worker${summary.workers === 1 ? '' : 's'} (${(ran / seconds).toFixed(1)} runs/s)`);
  }
  if ('standings' in outcome && sweep.adaptive) output.log(adaptiveOutcome(sweep.name, outcome));
  if ('statuses' in outcome) {
    output.log(earlyTerminationOutcome(sweep.name, outcome));
    if (outcome.redecided.length > 0)
      output.error(`${sweep.name}: ${plural(outcome.redecided.length, 'stored run')} decided otherwise by the sweep's early_terminate as it is now (pruned elsewhere, or no longer pruned): replaced`);
  }
  else if ('configurations' in outcome) output.log(bayesOutcome(sweep.name, outcome));
  if (summary.interrupted) {
    // The page rewritten while the runs trained reloads itself: the report of the runs done so far replaces it.
    if (live?.stop()) await writeReport();
    return 130;
  }
  if (options.detach) return 0; // the runs are on the queue; their report comes when they are collected

  if (writesReport) await writeReport();
  // A shard holds part of the runs: its claims are checked once every part is in (`exp check` or `exp report`).
  if (printClaims && !shard && sweep.claims.length > 0) for (const line of formatClaimVerdicts(sweep.name, storedClaimVerdicts(store, sweep, info.runIds))) output.log(line);
  if (completed.failed > 0) {
    const planned = new Set(info.runIds);
    for (const run of store.readAll(sweep.name)) {
      if (run.record.status === 'failed' && planned.has(run.record.runId)) output.error(`failed: ${run.record.runId}: ${run.record.error?.message}`);
    }
    return 1;
  }
  return 0;
}

/**
 * How the rounds ended: "momentum: every verdict decided in 4 rounds: 440 runs, 3 to 12 replicates per
 * configuration" ("11 replicates per configuration" when every configuration took as many).
 */
export function adaptiveOutcome(name: string, outcome: Pick<ReplicatesOutcome, 'runs' | 'rounds' | 'stopped' | 'standings'>): string {
  // A reduce, not Math.min(...counts): an argument per configuration overflows the call stack past ~100,000.
  const counts = outcome.standings.map((s) => s.replicates);
  const fewest = counts.reduce((a, b) => Math.min(a, b), Infinity);
  const most = counts.reduce((a, b) => Math.max(a, b), -Infinity);
  const spread = counts.length === 0 ? '' : `, ${fewest === most ? fewest : `${fewest} to ${most}`} replicates per configuration`;
  const runs = `${plural(outcome.runs.length, 'run')}${spread}`;
  switch (outcome.stopped) {
    case 'decided':
      return `${name}: every verdict decided in ${plural(outcome.rounds, 'round')}: ${runs}`;
    case 'max': {
      const open = outcome.standings.filter((s) => s.verdict === 'undecided' || s.verdict === 'worse').length;
      return `${name}: ${plural(open, 'configuration')} still undecided at the maximum of replicates after ${plural(outcome.rounds, 'round')}: ${runs}`;
    }
    case 'incomplete':
      return `${name}: round ${outcome.rounds} is not complete yet (runs left to another process or to the queue); the next \`exp run\` decides the next round`;
    default:
      return `${name}: stopped in round ${outcome.rounds} (${plural(outcome.runs.length, 'run')} planned so far); the next \`exp run\` continues`;
  }
}

/** --queue's value with the queue's module, or a usage error naming the value. */
async function queueOption(text: string): Promise<{ address: QueueAddress; module: typeof import('@descent/runner/queue') }> {
  const module = await import('@descent/runner/queue');
  try {
    return { address: module.parseQueueAddress(text), module };
  } catch (error) {
    if (error instanceof module.QueueError) throw new UsageError(`run: ${error.message}`);
    throw error;
  }
}

function queuedMessage(sweep: string, file: string, queue: string, added: number, outstanding: number, workers: number | null, detached: boolean): string {
  const queued = `${sweep}: ${plural(outstanding, 'run')} on ${queue} (${added} queued now)`;
  if (detached) return `${queued}; follow them with \`${shellCommand('pnpm', 'exp', 'status', sweep, '--queue', queue)}\`, collect them with \`${shellCommand('pnpm', 'exp', 'run', file, '--queue', queue)}\``;
  const connected = workers === null ? '' : `${plural(workers, 'worker')} connected; `;
  return `${queued}; ${connected}start workers anywhere with \`${shellCommand('pnpm', 'exp', 'worker', '--queue', queue)}\``;
}
