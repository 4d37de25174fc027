import type { InitialParameters, MatmulWorkload, MlpWorkload, TrainingData } from './workloads.js';

/** One training run in progress. Each contender owns its parameters, optimizer state and buffers. */
export interface MlpTrainer {
  /**
   * One full training step on the examples indices[0..length): forward, loss, backward and the momentum
   * update. Returns the loss of the batch before the update (every contender reads it, as a runner must).
   */
  step(indices: Int32Array, length: number): number;
  /** The current parameters as [W₁, b₁, W₂, b₂, ...] (weights [in×out] row-major), for the agreement check. */
  parameters(): Float32Array[];
  /** Run before each timed block, untimed (TF.js switches its global backend here). */
  prepare?(): Promise<void>;
  dispose(): void;
}

/**
 * A training run in another process (PyTorch's). Every call crosses a pipe (tens of microseconds, more than
 * a whole small step), so timing is done over there: `timeSteps` trains on a list of batches and returns
 * the seconds of that loop alone, measured inside the other process.
 */
export interface RemoteMlpTrainer {
  /** One training step, as MlpTrainer.step (for the agreement check; never timed). */
  step(indices: Int32Array, length: number): Promise<number>;
  parameters(): Promise<Float32Array[]>;
  /** Train on each batch in turn (each holds the indices of one batch); resolves to the seconds the loop took. */
  timeSteps(batches: readonly Int32Array[]): Promise<number>;
  prepare?(): Promise<void>;
  dispose(): void;
}

/** Whether a trainer runs in another process (and so is timed there). */
export function isRemoteTrainer(trainer: MlpTrainer | RemoteMlpTrainer): trainer is RemoteMlpTrainer {
  return 'timeSteps' in trainer;
}

export interface MlpSetup {
  workload: MlpWorkload;
  data: TrainingData;
  initial: InitialParameters;
}

/**
 * C = A·B on the contender's own copies of the operands, timed at the kernel: C lands wherever the
 * contender keeps results (a reused JS array, TF.js's backend memory) and is read only for the agreement
 * check, so the timing does not measure how fast the machine hands out fresh pages for a new array.
 */
export interface MatmulRunner {
  /** Compute C. */
  multiply(): void;
  /** The C of the latest multiply (float32, row-major). */
  result(): Float32Array;
  prepare?(): Promise<void>;
  dispose(): void;
}

/** C = A·B in another process, timed there (see RemoteMlpTrainer). */
export interface RemoteMatmulRunner {
  multiply(): Promise<void>;
  result(): Promise<Float32Array>;
  /** Multiply `count` times; resolves to the seconds that loop took, measured inside the other process. */
  timeMultiplies(count: number): Promise<number>;
  prepare?(): Promise<void>;
  dispose(): void;
}

/** Whether a matmul runner runs in another process (and so is timed there). */
export function isRemoteMatmul(runner: MatmulRunner | RemoteMatmulRunner): runner is RemoteMatmulRunner {
  return 'timeMultiplies' in runner;
}

export interface MatmulSetup {
  workload: MatmulWorkload;
  a: Float32Array;
  b: Float32Array;
}

/** A library (or hand-written code) that competes on some of the workloads. */
export interface Contender {
  /** Key in results.json: 'descent', 'tfjs-cpu', ... */
  name: string;
  /** How the report names it. */
  label: string;
  /** Short description for the report. */
  description: string;
  /** Trains MLP workloads; absent when the contender does not (hand matmul, say). */
  mlp?: (setup: MlpSetup) => Promise<MlpTrainer | RemoteMlpTrainer>;
  /** Whether it runs this MLP workload (hand-written loops exist for the 3-4-1 net only). */
  runsMlp?: (workload: MlpWorkload) => boolean;
  matmul?: (setup: MatmulSetup) => Promise<MatmulRunner | RemoteMatmulRunner>;
  /**
   * Release what the contender keeps between workloads (PyTorch's process). runBenchmark calls it when it
   * ends; a contender used again afterwards starts afresh.
   */
  dispose?(): void;
}
