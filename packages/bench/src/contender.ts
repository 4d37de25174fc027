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
  mlp?: (setup: MlpSetup) => Promise<MlpTrainer>;
  /** Whether it runs this MLP workload (hand-written loops exist for the 3-4-1 net only). */
  runsMlp?: (workload: MlpWorkload) => boolean;
  matmul?: (setup: MatmulSetup) => Promise<MatmulRunner>;
}
