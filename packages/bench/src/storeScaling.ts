import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from './runProcess.js';
import { median } from './measure.js';
import { parseThroughput } from './sweepScaling.js';

/**
 * How the commands around the runs grow with the number of runs (issue 20, "scale"): a random search of tiny runs
 * (the ravine, 100 steps each) at several sizes, each in a fresh workspace, timing the whole `exp` process of
 * every command a user types on such a sweep, and the bytes it leaves. The growth exponent of a command between
 * two sizes is the slope of its time on log–log axes: 1 is linear, 2 quadratic.
 */

export const SCALE_USAGE = `usage: pnpm --filter @descent/bench scale [--sizes 1000,10000,100000] [--workers n]
  a random search of tiny runs (the ravine, 100 steps) at each size, timing exp run, exp run with nothing left to do,
  exp list, exp show and exp report (the middle three: the median of 3 runs each), the store's bytes per run and
  the report's size; the growth exponent of each command between sizes. Default sizes 1000,10000; workers: one per core.`;

/** The options of `scale`, or what is wrong with them. */
export function parseScaleArgs(args: readonly string[], cores: number): { sizes: number[]; workers: number } | string {
  let sizes = [1000, 10000];
  let workers = cores;
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] === '--sizes' && value !== undefined) {
      const parsed = value.split(',').map(Number);
      if (!parsed.every((size) => Number.isInteger(size) && size >= 2)) return `--sizes: '${value}' is not a list of whole numbers ≥ 2 (e.g. 1000,10000)`;
      if (!parsed.every((size, j) => j === 0 || size > parsed[j - 1])) return `--sizes: '${value}' must grow from one size to the next`;
      sizes = parsed;
      i++;
    } else if (args[i] === '--workers' && value !== undefined) {
      if (!/^[1-9]\d*$/.test(value)) return `--workers: '${value}' is not a whole number ≥ 1`;
      workers = Number(value);
      i++;
    } else return `unknown argument '${args[i]}'`;
  }
  return { sizes, workers };
}

/** The commands timed, in the order they run on each size. */
export const SCALE_COMMANDS = ['run', 'run again', 'list', 'show', 'report'] as const;
export type ScaleCommand = (typeof SCALE_COMMANDS)[number];

/**
 * The commands that leave the store as it is, and that issue 20 gives limits of a second or two: each is run
 * REPEATS times at each size and counted by its median, so one slow moment of a shared machine does not decide
 * whether a limit is met (session 19 saw `exp run` with nothing to do at 1.7–2.6 s, one run at a time).
 */
export const REPEATED_COMMANDS = ['run again', 'list', 'show'] as const satisfies readonly ScaleCommand[];
export const REPEATS = 3;

export interface ScalePoint {
  runs: number;
  /** Whole-process seconds of each command (the median of its REPEATS runs for REPEATED_COMMANDS). */
  seconds: Record<ScaleCommand, number>;
  /** Every run's seconds of each of REPEATED_COMMANDS, in the order they ran. */
  repeated: Record<(typeof REPEATED_COMMANDS)[number], number[]>;
  /** Seconds of `exp run` spent training (from its own throughput line): the rest is bookkeeping. */
  trainingSeconds: number;
  /** Milliseconds of `exp run` per run beyond training. */
  overheadMsPerRun: number;
  /** The bytes of the sweep's files (what `du --apparent-size` counts, folders aside). */
  storeBytesPerRun: number;
  /** What the store takes on disk (`du`): whole blocks per file and per folder, so at least three blocks per run folder. */
  storeDiskBytesPerRun: number;
  reportBytes: number;
}

export interface ScaleResult {
  points: ScalePoint[];
  /** Per command, the growth exponent between each pair of consecutive sizes. */
  exponents: Record<ScaleCommand, number[]>;
}

/** The sweep of `runs` tiny runs: one configuration each (replicates 1), random lr and momentum. */
export function scaleSweep(runs: number): string {
  return `name: scale
description: ${runs} runs of 100 steps on the ravine, random lr and momentum (pnpm --filter @descent/bench scale)
seed: 20
method: random
samples: ${runs}
problem:
  landscape: { name: ravine, condition: 10 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
train: { batch_size: 1, steps: 100 }
metric: { name: loss, goal: minimize }
parameters:
  optimizer.lr: { distribution: log_uniform_values, min: 0.0001, max: 0.1 }
  optimizer.momentum: { distribution: uniform, min: 0, max: 0.99 }
`;
}

/** The slope of log(seconds) against log(runs) between consecutive points. */
export function growthExponents(points: readonly { runs: number; seconds: number }[]): number[] {
  return points.slice(1).map((point, i) => Math.log(point.seconds / points[i].seconds) / Math.log(point.runs / points[i].runs));
}

export interface StoreScalingOptions {
  repoRoot: string;
  sizes: readonly number[];
  workers: number;
  log?: (line: string) => void;
}

export async function measureStoreScaling({ repoRoot, sizes, workers, log = () => {} }: StoreScalingOptions): Promise<ScaleResult> {
  const points: ScalePoint[] = [];
  for (const runs of sizes) {
    const point = await measureSize(repoRoot, runs, workers);
    log(`${runs} runs: ${SCALE_COMMANDS.map((command) => `${command} ${point.seconds[command].toFixed(2)} s`).join(', ')}; store ${(point.storeBytesPerRun / 1e3).toFixed(1)} KB/run (${(point.storeDiskBytesPerRun / 1e3).toFixed(1)} KB on disk), report ${(point.reportBytes / 1e6).toFixed(2)} MB`);
    points.push(point);
  }
  const exponents = Object.fromEntries(
    SCALE_COMMANDS.map((command) => [command, growthExponents(points.map((point) => ({ runs: point.runs, seconds: point.seconds[command] })))]),
  ) as Record<ScaleCommand, number[]>;
  return { points, exponents };
}

async function measureSize(repoRoot: string, runs: number, workers: number): Promise<ScalePoint> {
  const root = mkdtempSync(join(tmpdir(), 'descent-store-scaling-'));
  try {
    mkdirSync(join(root, 'experiments', 'sweeps'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}\n');
    writeFileSync(join(root, 'experiments', 'sweeps', 'scale.yaml'), scaleSweep(runs));
    const exp = async (args: string[]): Promise<{ seconds: number; output: string }> => {
      const started = performance.now();
      // What `pnpm exp` runs once the build is fresh.
      const { code, output } = await runProcess(process.execPath, [join(repoRoot, 'packages', 'cli', 'dist', 'bin.js'), ...args], root, { ...process.env, DESCENT_ROOT: root, INIT_CWD: root, DESCENT_LIVE_REPORT_MS: '0' });
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) throw new Error(`store-scaling: 'exp ${args.join(' ')}' (${runs} runs) exited ${code}:\n${output.slice(-2000)}`);
      return { seconds, output };
    };
    const run = await exp(['run', 'sweeps/scale.yaml', '--yes', '--workers', String(workers), '--no-report']);
    const throughput = parseThroughput(run.output);
    if (throughput === null) throw new Error(`store-scaling: 'exp run' (${runs} runs) printed no throughput line:\n${run.output.slice(-2000)}`);
    const trainingSeconds = throughput.runs / throughput.runsPerSecond;
    const repeatedly = async (args: string[]): Promise<number[]> => {
      const seconds: number[] = [];
      for (let i = 0; i < REPEATS; i++) seconds.push((await exp(args)).seconds);
      return seconds;
    };
    const again = await repeatedly(['run', 'sweeps/scale.yaml', '--yes', '--workers', String(workers), '--no-report']);
    const list = await repeatedly(['list', 'scale']);
    const sweepDir = join(root, 'experiments', 'runs', 'scale');
    const runIds = readdirSync(sweepDir).filter((name) => /^[0-9a-f]{12}$/.test(name));
    if (runIds.length !== runs) throw new Error(`store-scaling: ${runIds.length} runs stored of ${runs}`);
    const show = await repeatedly(['show', runIds[0]]);
    const report = await exp(['report', 'scale']);
    return {
      runs,
      seconds: { run: run.seconds, 'run again': median(again), list: median(list), show: median(show), report: report.seconds },
      repeated: { 'run again': again, list, show },
      trainingSeconds,
      overheadMsPerRun: ((run.seconds - trainingSeconds) * 1000) / runs,
      storeBytesPerRun: folderBytes(sweepDir).apparent / runs,
      storeDiskBytesPerRun: folderBytes(sweepDir).disk / runs,
      reportBytes: statSync(join(root, 'reports', 'scale', 'index.html')).size,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The bytes of every file under `dir` (apparent), and the blocks of every file and folder under it (disk). */
function folderBytes(dir: string): { apparent: number; disk: number } {
  const total = { apparent: 0, disk: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stat = statSync(path);
    total.disk += stat.blocks * 512; // st_blocks counts 512-byte units whatever the file system's block size
    if (entry.isDirectory()) {
      const inside = folderBytes(path);
      total.apparent += inside.apparent;
      total.disk += inside.disk;
    } else total.apparent += stat.size;
  }
  return total;
}

/** Issue 20's limits for a 100,000-run sweep of such runs, to read the largest size measured against. */
export const SCALE_TARGETS: { what: string; limit: number; unit: string; of: (point: ScalePoint) => number }[] = [
  { what: 'exp run overhead per run beyond training', limit: 0.5, unit: 'ms', of: (point) => point.overheadMsPerRun },
  { what: 'exp run with nothing left to do', limit: 2, unit: 's', of: (point) => point.seconds['run again'] },
  { what: 'exp list <sweep>', limit: 1, unit: 's', of: (point) => point.seconds.list },
  { what: 'exp report', limit: 15, unit: 's', of: (point) => point.seconds.report },
  { what: 'exp show <run>', limit: 0.3, unit: 's', of: (point) => point.seconds.show },
  { what: 'the report', limit: 5, unit: 'MB', of: (point) => point.reportBytes / 1e6 },
  { what: 'the store per run', limit: 3, unit: 'KB', of: (point) => point.storeBytesPerRun / 1e3 },
];

/** The table `scale` prints: one row per size, then the exponents, then the largest size against the targets. */
export function formatScale(result: ScaleResult): string[] {
  const lines: string[] = [];
  lines.push(`| runs | ${SCALE_COMMANDS.map((command) => `${command} (s)`).join(' | ')} | training (s) | overhead (ms/run) | store (KB/run) | on disk (KB/run) | report (MB) |`);
  lines.push(`|${'---|'.repeat(SCALE_COMMANDS.length + 6)}`);
  for (const point of result.points) {
    lines.push(
      `| ${point.runs} | ${SCALE_COMMANDS.map((command) => point.seconds[command].toFixed(2)).join(' | ')} | ${point.trainingSeconds.toFixed(2)} | ${point.overheadMsPerRun.toFixed(2)} | ${(point.storeBytesPerRun / 1e3).toFixed(1)} | ${(point.storeDiskBytesPerRun / 1e3).toFixed(1)} | ${(point.reportBytes / 1e6).toFixed(2)} |`,
    );
  }
  lines.push('', `${REPEATED_COMMANDS.join(', ')}: the median of ${REPEATS} runs at each size; every run, in seconds:`);
  for (const point of result.points) {
    lines.push(`  ${point.runs} runs: ${REPEATED_COMMANDS.map((command) => `${command} ${point.repeated[command].map((seconds) => seconds.toFixed(2)).join(', ')}`).join('; ')}`);
  }
  if (result.points.length > 1) {
    const pairs = result.points.slice(1).map((point, i) => `${result.points[i].runs}→${point.runs}`);
    lines.push('', `growth exponents (1 = linear), ${pairs.join(', ')}:`);
    for (const command of SCALE_COMMANDS) lines.push(`  ${command.padEnd(10)} ${result.exponents[command].map((exponent) => exponent.toFixed(2)).join(', ')}`);
  }
  const largest = result.points[result.points.length - 1];
  if (largest !== undefined) {
    lines.push('', `at ${largest.runs} runs, against issue 20's limits for 100,000 runs:`);
    for (const target of SCALE_TARGETS) {
      const value = target.of(largest);
      lines.push(`  ${value <= target.limit ? 'met    ' : 'not met'} ${target.what}: ${value.toFixed(2)} ${target.unit} (limit ${target.limit} ${target.unit})`);
    }
  }
  return lines;
}
