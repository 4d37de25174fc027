import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeRates, type Rate } from './measure.js';
import { runProcess } from './runProcess.js';
import { sweepsOnOnePool } from './warmPool.js';

/** One measured `exp run` of the sweep from scratch. */
export interface SweepRun {
  workers: number;
  runs: number;
  /** From the CLI's summary line: runs ÷ seconds from starting the pool to the last result. */
  runsPerSecond: number;
  /** The whole process, from spawn to exit (includes loading the CLI and writing the sweep info). */
  processSeconds: number;
  /** CPU seconds of the whole process, every thread (user + system): what the sweep cost apart from waiting for a core. */
  cpuSeconds: number;
  /** Seconds of training as the CLI reports them (runs ÷ runs/s of each sweep's line, summed over the sweeps). */
  trainingSeconds: number;
}

export interface SweepScalingResult {
  sweep: string;
  rounds: number;
  /** Runs per second with 1 and 2 workers, one value per round. */
  oneWorker: Rate;
  twoWorkers: Rate;
  /** Two workers' runs/s ÷ one worker's, paired within each round. */
  ratio: Rate;
  /** The same from each whole process's wall time (runs ÷ seconds from spawn to exit), start-up included. */
  processRatio: Rate;
  /** The same ratio for a pure CPU loop: two processes' total loop rate ÷ one process's, paired per round. */
  computePeerRatio: Rate;
  /**
   * The cores the 1-worker process used: its CPU seconds (every thread, user + system) ÷ its wall seconds, per round.
   * Above 1, the work beside the training thread (the main thread's, V8's compiler and collector) ran on the second
   * core for free; with 2 workers it competes with training, so on 2 cores they can give at most 2 ÷ this.
   */
  coresOfOneWorker: Rate;
  /**
   * The sweep in two independent `exp run --workers 1` processes at once (two workspaces): their runs/s summed ÷ the
   * round's 1-worker run alone. What two cores give this workload with no pool shared: the ceiling a pool's 2 workers
   * are read against, where the CPU loop (a chain of multiply-adds, nothing beside it) shows only the cores' own.
   */
  independentRatio: Rate;
  /**
   * Rounds (1-based) whose CPU loop gave less than QUIET_PEER_RATIO: something else was using the cores then,
   * and that round's ratios say more about the machine than about Descent.
   */
  disturbedRounds: number[];
  /**
   * The sweep three times in a row on one pool of threads, in this process (see warmPool.ts): runs/s of
   * the first (cold) sweep and of the last (on threads already warmed up), with 1 and 2 threads, and
   * the 2 ÷ 1 ratio of each, paired per round.
   */
  pool: { oneCold: Rate; twoCold: Rate; oneWarm: Rate; twoWarm: Rate; coldRatio: Rate; warmRatio: Rate };
  /**
   * Every shipped sweep in one `exp run` (one pool of threads for all of them), from scratch with 1 and 2 workers:
   * issue 20 measures worker scaling on a sweep of at least 30 s of training, cold start included, and on the
   * shipped sweeps run together. Absent when not measured (`shipped: false`).
   */
  shipped?: ShippedSweepsScaling;
}

export interface ShippedSweepsScaling {
  sweeps: string[];
  runs: number;
  /** Seconds of training with 1 worker, the sum of each sweep's own throughput line (the runs only). */
  trainingSecondsOneWorker: Rate;
  /** Whole-process wall seconds, spawn to exit: loading the CLI, expanding, starting the threads, every run, writing. */
  oneWorkerSeconds: Rate;
  twoWorkersSeconds: Rate;
  /** 1 worker's whole-process seconds ÷ 2 workers', paired per round: 2 workers' speed-up, cold start included. */
  ratio: Rate;
}

/**
 * Below this, two processes of a CPU loop did not get two cores' worth of time: the machine was busy. A quiet
 * 2-core machine here gives 1.95–1.99x.
 */
export const QUIET_PEER_RATIO = 1.85;

/**
 * The CLI's throughput line, `120 runs in 4.1 s on 2 workers (29.3 runs/s)`: runs and runs per second
 * recomputed from runs ÷ seconds would lose digits to the rounding of "4.1 s", so the printed rate is read.
 */
export function parseThroughput(output: string): { runs: number; workers: number; runsPerSecond: number } | null {
  return parseThroughputs(output)[0] ?? null;
}

/** Every throughput line of the output, one per sweep of an `exp run` of several files, in order. */
export function parseThroughputs(output: string): { runs: number; workers: number; runsPerSecond: number }[] {
  return [...output.matchAll(/(\d+) runs? in [\d.]+ s on (\d+) workers? \(([\d.]+) runs\/s\)/g)].map((match) => ({ runs: Number(match[1]), workers: Number(match[2]), runsPerSecond: Number(match[3]) }));
}

// Loaded before the CLI (--import): on exit, the process's CPU time, all threads, as one line on stderr.
const CPU_REPORT_LINE = '@descent-process-cpu ';
const REPORT_CPU_ON_EXIT = `data:text/javascript,process.on('exit', () => process.stderr.write('\\n${CPU_REPORT_LINE}' + JSON.stringify(process.cpuUsage()) + '\\n'))`;

/** CPU seconds from the line REPORT_CPU_ON_EXIT prints, or null when there is none. */
export function parseProcessCpu(output: string): number | null {
  const line = output.split('\n').find((l) => l.startsWith(CPU_REPORT_LINE));
  if (line === undefined) return null;
  const { user, system } = JSON.parse(line.slice(CPU_REPORT_LINE.length)) as { user: number; system: number };
  return (user + system) / 1e6;
}

/** Ratio of each round's pair, numerator[i] / denominator[i], with their median and range. */
export function pairedRatios(numerator: readonly number[], denominator: readonly number[]): Rate {
  if (numerator.length !== denominator.length) throw new Error(`pairedRatios: ${numerator.length} numerators for ${denominator.length} denominators`);
  return summarizeRates(numerator.map((n, i) => n / denominator[i]));
}

/** `1.53x (1.41–1.60x)`: median and range of a ratio. */
export function formatScaling(rate: Rate): string {
  return `${rate.median.toFixed(2)}x (${rate.min.toFixed(2)}–${rate.max.toFixed(2)}x)`;
}

export interface SweepScalingOptions {
  /** The Descent repository root (its experiments/ holds the sweep and its plugins). */
  repoRoot: string;
  /** A shipped sweep, by name under experiments/sweeps/ (default momentum). */
  sweep?: string;
  rounds?: number;
  /** Iterations of the CPU loop of the compute peer per process (default sized to about 1 s alone). */
  loopIterations?: number;
  /** Also time every shipped sweep in one `exp run` with 1 and 2 workers (default true; about 1.5 minutes a round). */
  shipped?: boolean;
  log?: (line: string) => void;
}

/**
 * Run a shipped sweep from scratch with 1 and 2 workers, interleaved over rounds (the order alternates,
 * so a busy moment of a shared machine lands on both), with a pure-compute peer in the same rounds:
 * one process of a CPU loop against two at once, which shows what two cores of this machine allow.
 */
export async function measureSweepScaling(options: SweepScalingOptions): Promise<SweepScalingResult> {
  const sweep = options.sweep ?? 'momentum';
  const rounds = options.rounds ?? 3;
  const loopIterations = options.loopIterations ?? 150_000_000;
  const log = options.log ?? (() => {});
  const one: number[] = [];
  const two: number[] = [];
  const peer: number[] = [];
  const cores: number[] = [];
  const independent: number[] = [];
  const oneProcess: number[] = [];
  const twoProcess: number[] = [];
  const pooled = { oneCold: [] as number[], twoCold: [] as number[], oneWarm: [] as number[], twoWarm: [] as number[] };
  const everySweep = options.shipped === false ? null : shippedSweeps(options.repoRoot);
  const together = { training: [] as number[], one: [] as number[], two: [] as number[], runs: 0 };
  const sweepFile = join(options.repoRoot, 'experiments', 'sweeps', `${sweep}.yaml`);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [1, 2] : [2, 1];
    for (const workers of order) {
      const run = await runSweepFromScratch(options.repoRoot, sweep, workers);
      (workers === 1 ? one : two).push(run.runsPerSecond);
      (workers === 1 ? oneProcess : twoProcess).push(run.runs / run.processSeconds);
      if (workers === 1) cores.push(run.cpuSeconds / run.processSeconds);
      log(`round ${round + 1}: ${run.runs} runs on ${workers} worker${workers === 1 ? '' : 's'}: ${run.runsPerSecond.toFixed(1)} runs/s (process ${run.processSeconds.toFixed(1)} s, ${(run.cpuSeconds / run.processSeconds).toFixed(2)} cores)`);
    }
    const apart = await Promise.all([runSweepFromScratch(options.repoRoot, sweep, 1), runSweepFromScratch(options.repoRoot, sweep, 1)]);
    independent.push(apart[0].runsPerSecond + apart[1].runsPerSecond);
    log(`round ${round + 1}: two processes of 1 worker at once: ${apart.map((run) => run.runsPerSecond.toFixed(1)).join(' + ')} runs/s`);
    for (const workers of order) {
      const rates = await sweepsOnOnePool(sweepFile, workers, 3);
      (workers === 1 ? pooled.oneCold : pooled.twoCold).push(rates[0]);
      (workers === 1 ? pooled.oneWarm : pooled.twoWarm).push(rates[rates.length - 1]);
      log(`round ${round + 1}: 3 sweeps on one pool of ${workers} thread${workers === 1 ? '' : 's'}: ${rates.map((r) => r.toFixed(1)).join(', ')} runs/s`);
    }
    if (everySweep !== null) {
      for (const workers of order) {
        const run = await runSweepFromScratch(options.repoRoot, everySweep, workers);
        if (workers === 1) together.training.push(run.trainingSeconds);
        (workers === 1 ? together.one : together.two).push(run.processSeconds);
        together.runs = run.runs;
        const training = workers === 1 ? ` (training ${run.trainingSeconds.toFixed(1)} s)` : '';
        log(`round ${round + 1}: every shipped sweep (${everySweep.length}, ${run.runs} runs) in one exp run on ${workers} worker${workers === 1 ? '' : 's'}: ${run.processSeconds.toFixed(1)} s${training}`);
      }
    }
    const alone = await loopRate(loopIterations, 1);
    const pair = await loopRate(loopIterations, 2);
    peer.push(pair / alone);
    log(`round ${round + 1}: CPU loop, 2 processes ÷ 1: ${(pair / alone).toFixed(2)}x`);
  }
  return {
    sweep,
    rounds,
    oneWorker: summarizeRates(one),
    twoWorkers: summarizeRates(two),
    ratio: pairedRatios(two, one),
    processRatio: pairedRatios(twoProcess, oneProcess),
    computePeerRatio: summarizeRates(peer),
    coresOfOneWorker: summarizeRates(cores),
    independentRatio: pairedRatios(independent, one),
    disturbedRounds: peer.flatMap((ratio, i) => (ratio < QUIET_PEER_RATIO ? [i + 1] : [])),
    pool: {
      oneCold: summarizeRates(pooled.oneCold),
      twoCold: summarizeRates(pooled.twoCold),
      oneWarm: summarizeRates(pooled.oneWarm),
      twoWarm: summarizeRates(pooled.twoWarm),
      coldRatio: pairedRatios(pooled.twoCold, pooled.oneCold),
      warmRatio: pairedRatios(pooled.twoWarm, pooled.oneWarm),
    },
    ...(everySweep === null
      ? {}
      : {
          shipped: {
            sweeps: everySweep,
            runs: together.runs,
            trainingSecondsOneWorker: summarizeRates(together.training),
            oneWorkerSeconds: summarizeRates(together.one),
            twoWorkersSeconds: summarizeRates(together.two),
            ratio: pairedRatios(together.one, together.two),
          },
        }),
  };
}

export interface FromScratchOptions {
  /** The folder whose sweeps/ and plugins/ are copied into the workspace (default the repository's experiments/). */
  experiments?: string;
  /** Called with the workspace's run store root (…/experiments/runs) after the run, before the workspace is removed. */
  inspectStore?: (storeRoot: string) => void;
}

/**
 * `exp run sweeps/<sweep>.yaml --workers n --no-report` in a fresh temporary workspace (a copy of the sweeps, plugins
 * and data, and a link to the packages the sweeps' plugins name). Several sweeps: one `exp run` of all their files on
 * one pool of threads (at once with 2 workers or more, one after another with 1); runs and training seconds are
 * summed over them, so the training seconds are those of the runs only with 1 worker (at once, the sweeps' spans overlap).
 */
export async function runSweepFromScratch(repoRoot: string, sweep: string | readonly string[], workers: number, options: FromScratchOptions = {}): Promise<SweepRun> {
  const sweeps = typeof sweep === 'string' ? [sweep] : sweep;
  const root = mkdtempSync(join(tmpdir(), 'descent-sweep-scaling-'));
  try {
    mkdirSync(join(root, 'experiments'));
    const experiments = options.experiments ?? join(repoRoot, 'experiments');
    for (const folder of ['sweeps', 'plugins', 'data']) if (existsSync(join(experiments, folder))) cpSync(join(experiments, folder), join(root, 'experiments', folder), { recursive: true });
    // Plugin packages (the optimizers sweep's Lion) resolve from experiments/node_modules, links into the repository's packages.
    if (existsSync(join(experiments, 'node_modules'))) symlinkSync(join(experiments, 'node_modules'), join(root, 'experiments', 'node_modules'), 'dir');
    writeFileSync(join(root, 'package.json'), '{}\n');
    const args = [
      '--import',
      REPORT_CPU_ON_EXIT,
      // What `pnpm exp` runs once the build is fresh (`pnpm bench` built it first).
      join(repoRoot, 'packages', 'cli', 'dist', 'bin.js'),
      'run',
      ...sweeps.map((name) => `sweeps/${name}.yaml`),
      '--workers',
      String(workers),
      '--no-report',
      '--yes',
    ];
    const started = performance.now();
    const { code, output } = await runProcess(process.execPath, args, root, { ...process.env, DESCENT_ROOT: root, INIT_CWD: root });
    const processSeconds = (performance.now() - started) / 1000;
    const throughputs = parseThroughputs(output);
    const cpuSeconds = parseProcessCpu(output);
    const command = `'exp run ${sweeps.map((name) => `sweeps/${name}.yaml`).join(' ')} --workers ${workers}'`;
    if (code !== 0 || throughputs.length !== sweeps.length || cpuSeconds === null) throw new Error(`sweep-scaling: ${command} exited ${code} with ${throughputs.length} throughput line(s) for ${sweeps.length} sweep(s):\n${output}`);
    options.inspectStore?.(join(root, 'experiments', 'runs'));
    const runs = throughputs.reduce((sum, t) => sum + t.runs, 0);
    const trainingSeconds = throughputs.reduce((sum, t) => sum + t.runs / t.runsPerSecond, 0);
    return { workers, runs, runsPerSecond: runs / trainingSeconds, processSeconds, cpuSeconds, trainingSeconds };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The sweeps shipped in `experiments/sweeps/`, by name, sorted. */
export function shippedSweeps(repoRoot: string): string[] {
  return readdirSync(join(repoRoot, 'experiments', 'sweeps'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

// A float loop with a data dependency, so it cannot be folded away; no allocation, so no GC.
const LOOP_SOURCE = `let x = 0.5; const n = Number(process.argv[1]); const t = performance.now();
for (let i = 0; i < n; i++) x = x * 1.0000001 + 1e-9 * (i & 7);
process.stdout.write(String((performance.now() - t) / 1000) + ' ' + x);`;

/** Total loop iterations per second of `processes` processes each running `iterations` at once. */
async function loopRate(iterations: number, processes: number): Promise<number> {
  const outputs = await Promise.all(Array.from({ length: processes }, () => runProcess(process.execPath, ['-e', LOOP_SOURCE, String(iterations)], process.cwd(), process.env)));
  // Each process times its own loop (not its start-up); the pair's rate is the sum of theirs.
  return outputs.reduce((sum, { output }) => sum + iterations / Number(output.split(' ')[0]), 0);
}
