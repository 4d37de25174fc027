import { digits, lecture } from '@descent/data';
import { mlp } from '@descent/nn';
import { rng } from '@descent/tensor';

/** The hidden and output activations the benchmarked networks use. */
export type BenchActivation = 'sigmoid' | 'relu' | 'identity';

/** squared_error: E = ½·mean((ŷ − y)²); cross_entropy: −mean ln softmax(z)[label]. */
export type BenchLoss = 'squared_error' | 'cross_entropy';

/** Training an MLP with momentum SGD: every contender runs exactly this, from the same weights, on the same batches. */
export interface MlpWorkload {
  kind: 'mlp';
  /** Stable key in results.json, e.g. 'lecture-b32'. */
  id: string;
  title: string;
  dataset: 'lecture' | 'digits';
  /** Layer widths, input first: [3, 4, 1]. */
  sizes: readonly number[];
  hidden: BenchActivation;
  output: BenchActivation;
  loss: BenchLoss;
  batchSize: number;
  /** Momentum SGD as in PyTorch and TF.js: v ← ρ·v + g, θ ← θ − α·v. */
  lr: number;
  momentum: number;
}

/** C = A·B for two seeded square float32 matrices. */
export interface MatmulWorkload {
  kind: 'matmul';
  id: string;
  title: string;
  size: number;
}

export type Workload = MlpWorkload | MatmulWorkload;

/** A dataset as the contenders see it: float32 rows, and either real targets or integer labels. */
export interface TrainingData {
  n: number;
  /** Features per example. */
  d: number;
  /** n×d row-major. */
  inputs: Float32Array;
  /** Output width: 1 for the lecture net, 10 classes for the digits. */
  outputs: number;
  /** n×outputs row-major targets (squared error), or null. */
  targets: Float32Array | null;
  /** n class labels (cross-entropy), or null. */
  labels: Int32Array | null;
}

/** Starting parameters shared by all contenders: weights [in×out] row-major and biases [out], per layer. */
export interface InitialParameters {
  weights: Float32Array[];
  biases: Float32Array[];
}

/** The seed every workload's data, weights and batch order derive from. */
export const BENCH_SEED = 'descent-bench';

const LECTURE_EXAMPLES = 1024;

function lectureWorkload(batchSize: number): MlpWorkload {
  return {
    kind: 'mlp',
    id: `lecture-b${batchSize}`,
    title: `3-4-1 sigmoid net, squared error, batch ${batchSize}`,
    dataset: 'lecture',
    sizes: [3, 4, 1],
    hidden: 'sigmoid',
    output: 'sigmoid',
    loss: 'squared_error',
    batchSize,
    lr: 0.5,
    momentum: 0.9,
  };
}

function digitsWorkload(batchSize: number): MlpWorkload {
  return {
    kind: 'mlp',
    id: `mnist-b${batchSize}`,
    title: `784-128-10 relu net on MNIST, softmax cross-entropy, batch ${batchSize}`,
    dataset: 'digits',
    sizes: [784, 128, 10],
    hidden: 'relu',
    output: 'identity',
    loss: 'cross_entropy',
    batchSize,
    lr: 0.05,
    momentum: 0.9,
  };
}

function matmulWorkload(size: number): MatmulWorkload {
  return { kind: 'matmul', id: `matmul-${size}`, title: `matmul ${size}×${size} float32`, size };
}

/** The workloads of issue 6, in report order. */
export const WORKLOADS: readonly Workload[] = [
  lectureWorkload(1),
  lectureWorkload(32),
  lectureWorkload(1024),
  digitsWorkload(32),
  digitsWorkload(256),
  matmulWorkload(128),
  matmulWorkload(512),
  matmulWorkload(1024),
];

/**
 * The training set of a workload: 1,024 seeded lecture examples, or all 10,000 MNIST digits of the `mnist`
 * package in a seeded order (`digitsSize` takes a stratified subset instead, for tests).
 */
export function trainingData(workload: MlpWorkload, options: { digitsSize?: number } = {}): TrainingData {
  const seed = rng(BENCH_SEED).stream(workload.dataset);
  if (workload.dataset === 'lecture') {
    const set = lecture.load({ size: LECTURE_EXAMPLES }, seed, { baseDir: '.' });
    return { n: set.n, d: set.d, inputs: Float32Array.from(set.x), outputs: 1, targets: Float32Array.from(set.y), labels: null };
  }
  const set = digits.load({ size: options.digitsSize ?? 10_000 }, seed, { baseDir: '.' });
  return { n: set.n, d: set.d, inputs: Float32Array.from(set.x), outputs: set.outputDim, targets: null, labels: set.y as Int32Array };
}

/** Descent's own initialisation (PyTorch's uniform ±1/√fan_in) from the bench seed, copied out as plain arrays. */
export function initialParameters(workload: MlpWorkload): InitialParameters {
  const model = mlp(workload.sizes, { activation: workload.hidden, output: workload.output, init: 'uniform', rng: rng(BENCH_SEED).stream('init') });
  const parameters = model.parameters();
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let layer = 0; layer < parameters.length; layer += 2) {
    weights.push(Float32Array.from(parameters[layer].data));
    biases.push(Float32Array.from(parameters[layer + 1].data));
  }
  return { weights, biases };
}

/** Two seeded standard-normal size×size matrices. */
export function matmulOperands(workload: MatmulWorkload): { a: Float32Array; b: Float32Array } {
  const random = rng(BENCH_SEED).stream(workload.id);
  const fill = (count: number) => {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = random.normal();
    return values;
  };
  return { a: fill(workload.size * workload.size), b: fill(workload.size * workload.size) };
}

/**
 * The matmul floating-point operations one training example costs an MLP of these layer widths: per layer,
 * 2·in·out forward and 2·in·out for the weight gradient, and 2·in·out for the input gradient except at the
 * first layer (nobody needs the gradient of the data). Elementwise work (activations, loss, the update) is
 * left out: it is a few percent of the MNIST net's. 784-128-10: 2·(100,352 + 1,280)·2 + 2·1,280 = 409,088.
 */
export function mlpFlopsPerExample(sizes: readonly number[]): number {
  let flops = 0;
  for (let layer = 0; layer + 1 < sizes.length; layer++) {
    const product = sizes[layer] * sizes[layer + 1];
    flops += 4 * product + (layer > 0 ? 2 * product : 0);
  }
  return flops;
}

/**
 * Whether a training workload's rate is worth reading as GFLOP/s against the WebAssembly ceiling: its matmuls
 * must be most of a step, which takes at least 100,000 FLOP per example (the MNIST net: 409,088; the 3-4-1
 * net's 72 are lost among its elementwise work and calls).
 */
export function isMatmulBound(workload: MlpWorkload): boolean {
  return mlpFlopsPerExample(workload.sizes) >= 100_000;
}
