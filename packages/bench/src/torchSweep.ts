import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore, type RunRecord } from '@descent/runner';
import { pythonScript } from './_pythonProcess.js';
import { ONE_THREAD_ENV } from './contenders/_torchProcess.js';
import type { TorchPython } from './contenders/findTorchPython.js';
import { median, summarizeRates, type Rate } from './measure.js';
import { runProcess } from './runProcess.js';
import { pairedRatios, runSweepFromScratch } from './sweepScaling.js';

/** The PyTorch version of a sweep (see the top of that file for what it computes per run). */
export const TORCH_SWEEP_SCRIPT = pythonScript('torch_sweep.py');

/** A run as torch_sweep.py receives it: Descent's own resolved configuration, as its record holds it. */
export interface TorchSweepRun {
  runId: string;
  replicate: number;
  config: RunRecord['config'];
}

/** What torch_sweep.py prints as its last line. */
export interface TorchSweepTiming {
  runs: number;
  /** From the first run's start to the results written (torch's import before the clock starts). */
  seconds: number;
  /** The process's CPU seconds over the same span: on a busy machine, what the runs cost apart from waiting for a core. */
  cpuSeconds: number;
  torch: string;
  threads: number;
}

/** What torch_sweep.py writes per run (the series are kept in the file, not read here). */
export interface TorchRunResult {
  runId: string;
  status: 'finished' | 'diverged';
  steps: unknown[];
  epochs: unknown[];
  summary: { steps: number; examples: number; evaluations: number; finalMetric: number | null; bestMetric: number; examplesToTarget: number | null };
}

export interface TorchSweepResult {
  sweep: string;
  /** Runs of the whole sweep (Descent's adaptive rounds included); PyTorch trains the same runs. */
  runs: number;
  rounds: number;
  torch: string;
  /** Runs per second: Descent's `exp run --workers 1` as it reports it; PyTorch as torch_sweep.py times itself. */
  descent: Rate;
  pytorch: Rate;
  /** Descent's runs/s ÷ PyTorch's, paired per round. */
  ratio: Rate;
  /** The same from whole processes, spawn to exit (loading Node and the CLI, importing torch). */
  processRatio: Rate;
  /**
   * Runs per CPU second, Descent's whole `exp run` process (every thread, start-up and adaptive rounds included)
   * ÷ PyTorch's runs (its process from the first run to the results written): per core, whatever else the
   * machine ran meanwhile.
   */
  cpuRatio: Rate;
  /** Median final test loss over the runs, each side's own: equivalent runs land in the same place. */
  finalMetric: { descent: number; pytorch: number };
}

/** The JSON object on torch_sweep.py's last line; an Error quoting the output when there is none. */
export function parseTorchSweepTiming(output: string): TorchSweepTiming {
  const last = output.trimEnd().split('\n').at(-1) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    parsed = null;
  }
  const timing = parsed as Partial<TorchSweepTiming> | null;
  if (
    timing === null ||
    typeof timing !== 'object' ||
    !Number.isInteger(timing.runs) ||
    typeof timing.seconds !== 'number' ||
    !(timing.seconds > 0) ||
    typeof timing.cpuSeconds !== 'number' ||
    typeof timing.torch !== 'string' ||
    typeof timing.threads !== 'number'
  ) {
    throw new Error(`torch_sweep.py: expected a last line {"runs", "seconds", "cpuSeconds", "torch", "threads"}; the output ends:\n${output.slice(-2000)}`);
  }
  return { runs: timing.runs!, seconds: timing.seconds, cpuSeconds: timing.cpuSeconds, torch: timing.torch, threads: timing.threads };
}

/** The runs of a sweep's store, in the order of their ids, as torch_sweep.py takes them. */
export function runsOfStore(storeRoot: string, sweep: string): { runs: TorchSweepRun[]; records: RunRecord[] } {
  const records = new RunStore(storeRoot).readAll(sweep).map(({ record }) => record);
  return { runs: records.map(({ runId, replicate, config }) => ({ runId, replicate, config })), records };
}

/**
 * Differences in the work done between Descent's records and PyTorch's results: runs only one side trained,
 * and per run the optimizer steps, the evaluations and the logged steps (empty when they did the same).
 * A run that diverged on either side stops early, so its counts are not compared.
 */
export function workDifferences(records: readonly RunRecord[], results: readonly TorchRunResult[]): string[] {
  const torchById = new Map(results.map((r) => [r.runId, r]));
  const differences: string[] = [];
  for (const record of records) {
    const torch = torchById.get(record.runId);
    if (!torch) {
      differences.push(`${record.runId}: trained by Descent, not by PyTorch`);
      continue;
    }
    torchById.delete(record.runId);
    if (record.status !== 'finished' || torch.status !== 'finished') continue;
    const pairs: [string, number, number][] = [
      ['steps', record.summary.steps, torch.summary.steps],
      ['evaluations', record.epochs.length, torch.summary.evaluations],
      ['logged steps', record.steps.length, torch.steps.length],
    ];
    for (const [what, descent, pytorch] of pairs) if (descent !== pytorch) differences.push(`${record.runId}: ${what} ${descent} in Descent, ${pytorch} in PyTorch`);
  }
  for (const runId of torchById.keys()) differences.push(`${runId}: trained by PyTorch, not by Descent`);
  return differences;
}

/** torch_sweep.py over `runs`, on one thread; its own timing, its results and the whole process's seconds. */
export async function runTorchSweep(python: TorchPython, runs: readonly TorchSweepRun[]): Promise<{ timing: TorchSweepTiming; results: TorchRunResult[]; processSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'descent-torch-sweep-'));
  try {
    const runsFile = join(dir, 'runs.json');
    const resultsFile = join(dir, 'results.json');
    writeFileSync(runsFile, JSON.stringify(runs));
    const started = performance.now();
    const { code, output } = await runProcess(python.executable, [TORCH_SWEEP_SCRIPT, runsFile, resultsFile], dir, { ...process.env, ...ONE_THREAD_ENV });
    const processSeconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`torch_sweep.py exited ${code}:\n${output.slice(-4000)}`);
    const timing = parseTorchSweepTiming(output);
    if (timing.threads !== 1) throw new Error(`torch_sweep.py ran torch on ${timing.threads} threads; the comparison needs 1`);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as TorchRunResult[];
    return { timing, results, processSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TorchSweepOptions {
  repoRoot: string;
  python: TorchPython;
  /** A sweep by name under `experiments`' sweeps/ (default momentum). */
  sweep?: string;
  /** The folder holding sweeps/ and plugins/ (default the repository's experiments/). */
  experiments?: string;
  /** Rounds of both whole sweeps, interleaved (default 1: PyTorch's takes minutes). */
  rounds?: number;
  log?: (line: string) => void;
}

/**
 * The whole sweep both ways, per round: `exp run --workers 1` from scratch, then torch_sweep.py on one thread
 * over exactly the runs that Descent's store then holds (their resolved configurations, adaptive replicates
 * included), so the two cannot drift apart. Throws when the two did different work (workDifferences).
 */
export async function measureTorchSweep(options: TorchSweepOptions): Promise<TorchSweepResult> {
  const sweep = options.sweep ?? 'momentum';
  const rounds = options.rounds ?? 1;
  const log = options.log ?? (() => {});
  const descent: number[] = [];
  const pytorch: number[] = [];
  const descentProcess: number[] = [];
  const pytorchProcess: number[] = [];
  const descentCpu: number[] = [];
  const pytorchCpu: number[] = [];
  let runsCount = 0;
  let torchVersion = '';
  const finalMetric = { descent: NaN, pytorch: NaN };
  for (let round = 0; round < rounds; round++) {
    let stored: ReturnType<typeof runsOfStore> | null = null;
    const run = await runSweepFromScratch(options.repoRoot, sweep, 1, { experiments: options.experiments, inspectStore: (root) => (stored = runsOfStore(root, sweep)) });
    const { runs, records } = stored!;
    if (runs.length !== run.runs) throw new Error(`torch sweep: exp run reported ${run.runs} runs but its store holds ${runs.length}`);
    descent.push(run.runsPerSecond);
    descentProcess.push(run.runs / run.processSeconds);
    descentCpu.push(run.runs / run.cpuSeconds);
    log(`round ${round + 1}: Descent, 1 worker: ${run.runs} runs, ${run.runsPerSecond.toFixed(1)} runs/s, ${((run.cpuSeconds / run.runs) * 1000).toFixed(1)} ms of CPU a run (process ${run.processSeconds.toFixed(1)} s)`);

    const torch = await runTorchSweep(options.python, runs);
    const differences = workDifferences(records, torch.results);
    if (differences.length > 0) throw new Error(`torch sweep: PyTorch did not do Descent's work:\n  ${differences.slice(0, 10).join('\n  ')}`);
    pytorch.push(torch.timing.runs / torch.timing.seconds);
    pytorchProcess.push(torch.timing.runs / torch.processSeconds);
    pytorchCpu.push(torch.timing.runs / torch.timing.cpuSeconds);
    const { runs: trained, seconds, cpuSeconds } = torch.timing;
    log(`round ${round + 1}: PyTorch ${torch.timing.torch}, 1 thread: ${trained} runs, ${(trained / seconds).toFixed(2)} runs/s, ${((cpuSeconds / trained) * 1000).toFixed(0)} ms of CPU a run (process ${torch.processSeconds.toFixed(1)} s)`);
    runsCount = runs.length;
    torchVersion = torch.timing.torch;
    finalMetric.descent = median(records.map((r) => r.summary.finalMetric).filter(Number.isFinite));
    finalMetric.pytorch = median(torch.results.map((r) => r.summary.finalMetric ?? NaN).filter(Number.isFinite));
  }
  return {
    sweep,
    runs: runsCount,
    rounds,
    torch: torchVersion,
    descent: summarizeRates(descent),
    pytorch: summarizeRates(pytorch),
    ratio: pairedRatios(descent, pytorch),
    processRatio: pairedRatios(descentProcess, pytorchProcess),
    cpuRatio: pairedRatios(descentCpu, pytorchCpu),
    finalMetric,
  };
}
