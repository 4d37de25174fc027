import { BatchSampler } from '@descent/data';
import { activeKernels, rng } from '@descent/tensor';
import { checkMatmulAgreement, checkTrainingAgreement, type Agreement, type TrainerUnderTest } from './agreement.js';
import { isRemoteMatmul, isRemoteTrainer, type Contender, type MatmulRunner, type RemoteMatmulRunner } from './contender.js';
import { measureInterleaved, type Rate, type TimedTask } from './measure.js';
import { BENCH_SEED, initialParameters, isMatmulBound, matmulOperands, mlpFlopsPerExample, trainingData, type MatmulWorkload, type MlpWorkload, type TrainingData, type Workload } from './workloads.js';
import { describeMachine, type Machine } from './machine.js';
import { ceilingFrom, ceilingTasks, type WasmCeiling } from './wasmCeiling.js';
import type { CliStartResult } from './cliStart.js';
import type { SweepScalingResult } from './sweepScaling.js';
import type { TorchSweepResult } from './torchSweep.js';

export interface BenchOptions {
  workloads: readonly Workload[];
  /** In report order; the first that runs a workload is the reference of its agreement check. */
  contenders: readonly Contender[];
  /** Timed blocks per contender and workload. Default 5. */
  rounds?: number;
  /** Length of one timed block. Default 400 ms. */
  blockMs?: number;
  /** Training steps compared before timing. Default 5. */
  agreementSteps?: number;
  /** Largest relative difference from the reference that counts as agreeing. Default 1e-4. */
  tolerance?: number;
  /** Take a stratified subset of the 10,000 MNIST digits (tests). */
  digitsSize?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface ContenderResult {
  contender: string;
  rate: Rate;
}

/** How many times faster one contender's median is than another's. */
export interface Ratio {
  contender: string;
  versus: string;
  ratio: number;
}

export interface WorkloadResult {
  id: string;
  title: string;
  kind: Workload['kind'];
  unit: 'samples/s' | 'GFLOP/s';
  /** For matmul-bound training workloads (isMatmulBound): the matmul GFLOP of one example, so samples/s × this is GFLOP/s. */
  gigaflopsPerSample?: number;
  /** The machine's WebAssembly ceiling, timed interleaved with this workload's contenders (absent before issue 20). */
  wasmCeiling?: WasmCeiling;
  agreement: Agreement;
  results: ContenderResult[];
  /** Every Descent contender against every other contender. */
  ratios: Ratio[];
}

export interface BenchEnvironment {
  node: string;
  v8: string;
  cpu: string;
  cores: number;
  platform: string;
  /** The tensor library's active kernels (`activeKernels().name`). */
  kernels: string;
  /** The CPU's vector flags (avx2, fma, avx512f) and whether Node has WebAssembly relaxed SIMD. */
  /** (Absent in results written before issue 20.) */
  vectorFlags?: Machine['vectorFlags'];
  relaxedSimd?: boolean;
  rounds: number;
  blockMs: number;
  agreementSteps: number;
}

export interface BenchResults {
  schema: 1;
  /** ISO time the run started (the only clock reading in the results besides the rates). */
  date: string;
  environment: BenchEnvironment;
  contenders: { name: string; label: string; description: string }[];
  workloads: WorkloadResult[];
  /** Worker scaling of `exp run` on the shipped momentum sweep (bin.ts adds it; absent with --quick). */
  sweepScaling?: SweepScalingResult;
  /** The momentum sweep whole, Descent on 1 worker against PyTorch on 1 thread (bin.ts adds it when it finds torch; absent with --quick). */
  torchSweep?: TorchSweepResult;
  /** How long `exp --help` takes from a shell (bin.ts adds it). */
  cliStart?: CliStartResult;
}

/** Every contender sees the same batches in the same order: one sampler per contender, all seeded alike. */
function samplerFor(workload: MlpWorkload, data: TrainingData): BatchSampler {
  return new BatchSampler(data.n, workload.batchSize, rng(BENCH_SEED).stream(`batches/${workload.id}`));
}

function ratiosOf(results: readonly ContenderResult[]): Ratio[] {
  const ratios: Ratio[] = [];
  for (const mine of results) {
    if (!mine.contender.startsWith('descent')) continue;
    for (const other of results) {
      if (other === mine) continue;
      ratios.push({ contender: mine.contender, versus: other.contender, ratio: mine.rate.median / other.rate.median });
    }
  }
  return ratios;
}

/**
 * A trainer as a timed task. A local one steps once per unit; a remote one gets a block's batches drawn from
 * its own sampler (the same order everyone sees) and copied, and trains on them inside its own process.
 */
function trainingTask({ name, trainer, sampler }: TrainerUnderTest): TimedTask {
  const prepare = trainer.prepare?.bind(trainer);
  if (isRemoteTrainer(trainer)) {
    return {
      name,
      prepare,
      async runBlock(units) {
        const batches: Int32Array[] = [];
        let work = 0;
        for (let u = 0; u < units; u++) {
          const batch = sampler.next();
          batches.push(batch.indices.slice(0, batch.length));
          work += batch.length;
        }
        return { work, seconds: await trainer.timeSteps(batches) };
      },
    };
  }
  return {
    name,
    prepare,
    runOnce() {
      const batch = sampler.next();
      trainer.step(batch.indices, batch.length);
      return batch.length;
    },
  };
}

/** A matmul runner as a timed task; the work of one multiplication is 2·n³ floating-point operations, in GFLOP. */
function matmulTask(name: string, runner: MatmulRunner | RemoteMatmulRunner, gigaflops: number): TimedTask {
  const prepare = runner.prepare?.bind(runner);
  if (isRemoteMatmul(runner)) {
    return { name, prepare, runBlock: async (units) => ({ work: units * gigaflops, seconds: await runner.timeMultiplies(units) }) };
  }
  return {
    name,
    prepare,
    runOnce() {
      runner.multiply();
      return gigaflops;
    },
  };
}

async function runMlp(workload: MlpWorkload, contenders: readonly Contender[], options: Required<Omit<BenchOptions, 'digitsSize'>> & { digitsSize?: number }): Promise<WorkloadResult> {
  const data = trainingData(workload, { digitsSize: options.digitsSize });
  const initial = initialParameters(workload);
  const entrants: TrainerUnderTest[] = [];
  for (const contender of contenders) {
    if (!contender.mlp || (contender.runsMlp && !contender.runsMlp(workload))) continue;
    entrants.push({ name: contender.name, trainer: await contender.mlp({ workload, data, initial }), sampler: samplerFor(workload, data) });
  }
  try {
    const agreement = await checkTrainingAgreement(workload.title, entrants, options.agreementSteps, options.tolerance);
    const inGflops = isMatmulBound(workload);
    const rates = await measureInterleaved([...entrants.map(trainingTask), ...(inGflops ? ceilingTasks() : [])], options);
    const results = entrants.map(({ name }) => ({ contender: name, rate: rates.get(name)! }));
    const result: WorkloadResult = { id: workload.id, title: workload.title, kind: 'mlp', unit: 'samples/s', agreement, results, ratios: ratiosOf(results) };
    return inGflops ? { ...result, gigaflopsPerSample: mlpFlopsPerExample(workload.sizes) / 1e9, wasmCeiling: ceilingFrom(rates) } : result;
  } finally {
    for (const { trainer } of entrants) trainer.dispose();
  }
}

async function runMatmul(workload: MatmulWorkload, contenders: readonly Contender[], options: Required<Omit<BenchOptions, 'digitsSize'>>): Promise<WorkloadResult> {
  const { a, b } = matmulOperands(workload);
  const entrants: { name: string; runner: MatmulRunner | RemoteMatmulRunner }[] = [];
  for (const contender of contenders) {
    if (contender.matmul) entrants.push({ name: contender.name, runner: await contender.matmul({ workload, a, b }) });
  }
  try {
    const agreement = await checkMatmulAgreement(workload.title, entrants, options.tolerance);
    const gigaflops = (2 * workload.size ** 3) / 1e9;
    const rates = await measureInterleaved([...entrants.map(({ name, runner }) => matmulTask(name, runner, gigaflops)), ...ceilingTasks()], options);
    const results = entrants.map(({ name }) => ({ contender: name, rate: rates.get(name)! }));
    return { id: workload.id, title: workload.title, kind: 'matmul', unit: 'GFLOP/s', wasmCeiling: ceilingFrom(rates), agreement, results, ratios: ratiosOf(results) };
  } finally {
    for (const { runner } of entrants) runner.dispose();
  }
}

/**
 * Run every workload: check that the contenders agree (throws AgreementError otherwise, before any timing),
 * then time them interleaved. Rates are training examples per second (forward, loss, backward and the
 * momentum update, reading the loss every step) or GFLOP/s for matmul.
 */
export async function runBenchmark(options: BenchOptions): Promise<BenchResults> {
  const settings = {
    workloads: options.workloads,
    contenders: options.contenders,
    rounds: options.rounds ?? 5,
    blockMs: options.blockMs ?? 400,
    agreementSteps: options.agreementSteps ?? 5,
    tolerance: options.tolerance ?? 1e-4,
    log: options.log ?? (() => {}),
    digitsSize: options.digitsSize,
  };
  const date = new Date().toISOString();
  const machine = describeMachine();
  const workloads: WorkloadResult[] = [];
  try {
    for (const workload of settings.workloads) {
      settings.log(`${workload.title} ...`);
      const result = workload.kind === 'mlp' ? await runMlp(workload, settings.contenders, settings) : await runMatmul(workload, settings.contenders, settings);
      for (const { contender, rate } of result.results) settings.log(`  ${contender.padEnd(18)} ${formatRate(rate.median)} ${result.unit}${gflopsNote(result, rate.median)}`);
      if (result.wasmCeiling) settings.log(`  ${'(ceiling)'.padEnd(18)} ${formatCeiling(result.wasmCeiling)}`);
      workloads.push(result);
    }
  } finally {
    for (const contender of settings.contenders) contender.dispose?.();
  }
  return {
    schema: 1,
    date,
    environment: {
      node: process.version,
      v8: process.versions.v8,
      cpu: machine.cpu,
      cores: machine.cores,
      platform: `${process.platform} ${process.arch}`,
      kernels: activeKernels().name,
      vectorFlags: machine.vectorFlags,
      relaxedSimd: machine.relaxedSimd,
      rounds: settings.rounds,
      blockMs: settings.blockMs,
      agreementSteps: settings.agreementSteps,
    },
    contenders: settings.contenders.map(({ name, label, description }) => ({ name, label, description })),
    workloads,
  };
}

/** "31.2 GFLOP/s with SIMD, 52.0 with relaxed SIMD's multiply-add" (medians). */
export function formatCeiling(ceiling: WasmCeiling): string {
  const relaxed = ceiling.relaxedSimd ? `, ${ceiling.relaxedSimd.median.toFixed(1)} with relaxed SIMD's multiply-add` : ' (no relaxed SIMD here)';
  return `${ceiling.simd.median.toFixed(1)} GFLOP/s with SIMD${relaxed}`;
}

/** ", 3.6 GFLOP/s" for a training rate; then, for any GFLOP/s, its share of the workload's plain SIMD ceiling. */
function gflopsNote(result: WorkloadResult, median: number): string {
  const gflops = result.unit === 'GFLOP/s' ? median : result.gigaflopsPerSample !== undefined ? median * result.gigaflopsPerSample : undefined;
  if (gflops === undefined || result.wasmCeiling === undefined) return '';
  const share = `${Math.round((100 * gflops) / result.wasmCeiling.simd.median)}% of the SIMD ceiling`;
  return result.unit === 'GFLOP/s' ? ` (${share})` : ` (${gflops.toFixed(2)} GFLOP/s, ${share})`;
}

/** 3 significant digits with k / M suffixes: 1.52M, 80.1k, 0.612. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (value >= 1e3) return `${(value / 1e3).toPrecision(3)}k`;
  return value.toPrecision(3);
}
