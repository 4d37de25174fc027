import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TfTypes from '@tensorflow/tfjs-core';
import type { Contender, MatmulRunner, MatmulSetup, MlpSetup, MlpTrainer } from '../contender.js';
import type { BenchActivation } from '../workloads.js';
import { loadTfjs, type Tf } from './_loadTfjs.js';

export type TfBackend = 'cpu' | 'wasm';

// TF.js is loaded on first use (see _loadTfjs.ts); `tf` is set before any trainer or matmul is made.
let tf: Tf;
let configured = false;

/**
 * One-time TF.js setup: production mode (no debug checks, no "install tfjs-node" banner), the wasm backend's
 * binaries read from node_modules (no network), and its single-threaded SIMD build: threads inside ops are a
 * trap on a 2-core machine, and the issue compares one thread against one thread.
 */
async function configure(): Promise<void> {
  if (configured) return;
  const loaded = await loadTfjs();
  tf = loaded.tf;
  configured = true;
  tf.enableProdMode();
  const require = createRequire(import.meta.url);
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  loaded.setWasmPaths(`${dist}/`);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

/** Make `backend` TF.js's active backend (tensors made under the other one migrate on first use). */
export async function useTfBackend(backend: TfBackend): Promise<void> {
  await configure();
  if (tf.getBackend() === backend) return;
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`TF.js could not start its '${backend}' backend`);
  await tf.ready();
}

/**
 * A dense layer as tfjs-layers computes it: the fused matMul + bias + activation kernel where TF.js can
 * differentiate it (linear, relu), the plain ops otherwise (its fused sigmoid has no gradient).
 */
function dense(x: TfTypes.Tensor2D, w: TfTypes.Variable, b: TfTypes.Variable, activation: BenchActivation): TfTypes.Tensor2D {
  if (activation === 'relu' || activation === 'identity') {
    return tf.fused.matMul({ a: x, b: w as TfTypes.Tensor2D, bias: b, activation: activation === 'relu' ? 'relu' : 'linear' }) as TfTypes.Tensor2D;
  }
  const z = tf.add(tf.matMul(x, w as TfTypes.Tensor2D), b) as TfTypes.Tensor2D;
  return tf.sigmoid(z);
}

class TfTrainer implements MlpTrainer {
  private readonly variables: TfTypes.Variable[];
  private readonly optimizer: TfTypes.MomentumOptimizer;
  // Rows of the batch are gathered here, then handed to tf.tensor2d (as any TF.js training loop feeds data).
  private readonly batchInputs: Float32Array;
  private readonly batchTargets: Float32Array;
  private readonly batchLabels: Int32Array;

  constructor(
    private readonly setup: MlpSetup,
    private readonly backend: TfBackend,
  ) {
    const { workload, initial } = setup;
    this.variables = [];
    for (let layer = 0; layer < initial.weights.length; layer++) {
      const [fanIn, fanOut] = [workload.sizes[layer], workload.sizes[layer + 1]];
      this.variables.push(tf.variable(tf.tensor2d(initial.weights[layer].slice(), [fanIn, fanOut])));
      this.variables.push(tf.variable(tf.tensor1d(initial.biases[layer].slice())));
    }
    // TF.js momentum: accumulation ← ρ·accumulation + g; θ ← θ − α·accumulation (the same rule as Descent's).
    this.optimizer = tf.train.momentum(workload.lr, workload.momentum);
    const { d, outputs } = setup.data;
    this.batchInputs = new Float32Array(workload.batchSize * d);
    this.batchTargets = new Float32Array(workload.batchSize * outputs);
    this.batchLabels = new Int32Array(workload.batchSize);
  }

  async prepare(): Promise<void> {
    await useTfBackend(this.backend);
  }

  step(indices: Int32Array, length: number): number {
    const { data, workload } = this.setup;
    const { d, outputs } = data;
    for (let e = 0; e < length; e++) {
      const row = indices[e];
      this.batchInputs.set(data.inputs.subarray(row * d, row * d + d), e * d);
      if (data.targets) this.batchTargets.set(data.targets.subarray(row * outputs, row * outputs + outputs), e * outputs);
      if (data.labels) this.batchLabels[e] = data.labels[row];
    }
    const cost = tf.tidy((): TfTypes.Scalar => {
      const x = tf.tensor2d(this.batchInputs.subarray(0, length * d), [length, d]);
      const target = data.targets
        ? tf.tensor2d(this.batchTargets.subarray(0, length * outputs), [length, outputs])
        : tf.oneHot(tf.tensor1d(this.batchLabels.subarray(0, length), 'int32'), outputs);
      return this.optimizer.minimize(() => {
        let h = x;
        const layers = this.variables.length / 2;
        for (let layer = 0; layer < layers; layer++) {
          const activation = layer === layers - 1 ? workload.output : workload.hidden;
          h = dense(h, this.variables[2 * layer], this.variables[2 * layer + 1], activation);
        }
        if (workload.loss === 'squared_error') return tf.mul(0.5, tf.mean(tf.squaredDifference(h, target))) as TfTypes.Scalar;
        return tf.losses.softmaxCrossEntropy(target, h) as TfTypes.Scalar;
      }, true)!;
    });
    const loss = cost.dataSync()[0];
    cost.dispose();
    return loss;
  }

  parameters(): Float32Array[] {
    return this.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    this.optimizer.dispose();
  }
}

class TfMatmul implements MatmulRunner {
  private readonly a: TfTypes.Tensor2D;
  private readonly b: TfTypes.Tensor2D;
  private latest: TfTypes.Tensor | null = null;

  constructor(
    setup: MatmulSetup,
    private readonly backend: TfBackend,
  ) {
    const n = setup.workload.size;
    this.a = tf.tensor2d(setup.a.slice(), [n, n]);
    this.b = tf.tensor2d(setup.b.slice(), [n, n]);
  }

  async prepare(): Promise<void> {
    await useTfBackend(this.backend);
  }

  /** Both backends run kernels eagerly, so C is computed when matMul returns; it stays in TF.js's memory. */
  multiply(): void {
    this.latest?.dispose();
    this.latest = tf.matMul(this.a, this.b);
  }

  result(): Float32Array {
    return this.latest!.dataSync() as Float32Array;
  }

  dispose(): void {
    this.latest?.dispose();
    this.a.dispose();
    this.b.dispose();
  }
}

function tfContender(backend: TfBackend): Contender {
  return {
    name: `tfjs-${backend}`,
    label: `TF.js ${backend}`,
    description:
      backend === 'cpu'
        ? 'TensorFlow.js 4.22.0, pure-JavaScript cpu backend: optimizer.minimize with tf.train.momentum, fused dense kernels where differentiable; matmul: tf.matMul, result left in the backend.'
        : 'TensorFlow.js 4.22.0, WebAssembly backend (XNNPACK, SIMD, one thread): optimizer.minimize with tf.train.momentum, fused dense kernels where differentiable; matmul: tf.matMul, result left in the backend.',
    mlp: async (setup) => {
      await useTfBackend(backend);
      return new TfTrainer(setup, backend);
    },
    matmul: async (setup) => {
      await useTfBackend(backend);
      return new TfMatmul(setup, backend);
    },
  };
}

export const tfjsCpu = tfContender('cpu');
export const tfjsWasm = tfContender('wasm');
