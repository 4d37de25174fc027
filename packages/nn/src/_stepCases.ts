import { fromArray, rng, type DType, type FloatArray, type Tensor } from '@descent/tensor';
import { leakyRelu, relu, sigmoid } from './activations.js';
import { linear } from './linear.js';
import { losses, type LossName } from './losses.js';
import { mlp } from './mlp.js';
import type { Module } from './module.js';
import { sequential } from './sequential.js';

/**
 * Test cases shared by the training step's tests (capturedStep, residualMlp, lecture): small networks, seeded
 * batches, the autograd reference and the ways to compare a step with it.
 */

export interface Case {
  title: string;
  build: (dtype: DType) => Module;
  loss: LossName;
  inFeatures: number;
  outFeatures: number;
  batch: number;
}

export const CASES: Case[] = [
  {
    title: "the lecture's 3-4-1 sigmoid net, squared error",
    build: (dtype) => mlp([3, 4, 1], { activation: 'sigmoid', output: 'sigmoid', rng: rng('lecture'), dtype }),
    loss: 'squared_error',
    inFeatures: 3,
    outFeatures: 1,
    batch: 5,
  },
  {
    title: 'a tanh net with softmax cross-entropy',
    build: (dtype) => mlp([4, 5, 3], { activation: 'tanh', rng: rng('tanh'), dtype }),
    loss: 'cross_entropy',
    inFeatures: 4,
    outFeatures: 3,
    batch: 6,
  },
  {
    title: 'leaky relu (α = 0.2) with binary cross-entropy from logits',
    build: (dtype) => sequential(linear(3, 4, { rng: rng('leaky/0'), dtype }), leakyRelu(0.2), linear(4, 2, { rng: rng('leaky/1'), dtype })),
    loss: 'bce',
    inFeatures: 3,
    outFeatures: 2,
    batch: 4,
  },
  {
    title: 'relu, a layer without bias, and two linear layers in a row',
    build: (dtype) =>
      sequential(
        linear(3, 5, { rng: rng('mixed/0'), dtype, bias: false }),
        relu(),
        linear(5, 4, { rng: rng('mixed/1'), dtype }),
        linear(4, 2, { rng: rng('mixed/2'), dtype }),
        sigmoid(),
      ),
    loss: 'squared_error',
    inFeatures: 3,
    outFeatures: 2,
    batch: 7,
  },
  {
    title: 'a 2-16-1 tanh net with binary cross-entropy from logits',
    build: (dtype) => mlp([2, 16, 1], { activation: 'tanh', rng: rng('tanh/bce'), dtype }),
    loss: 'bce',
    inFeatures: 2,
    outFeatures: 1,
    batch: 8,
  },
  {
    title: 'a 6-8-4 relu net (he init) with softmax cross-entropy',
    build: (dtype) => mlp([6, 8, 4], { activation: 'relu', init: 'he', rng: rng('softmax'), dtype }),
    loss: 'cross_entropy',
    inFeatures: 6,
    outFeatures: 4,
    batch: 8,
  },
];

/**
 * Seeded inputs, and targets (or labels) that fit the loss, for `rows` examples (a step may be asked for
 * fewer: the runner's buffers are longer than its batches). `draw` picks another batch of the same size,
 * for a sequence of training steps.
 */
export function batchFor(c: Case, dtype: DType, rows = c.batch, draw = 0): { x: FloatArray; y: FloatArray | Int32Array } {
  const random = rng(draw === 0 ? `batch/${c.title}/${rows}` : `batch/${c.title}/${rows}/draw ${draw}`);
  const x = dtype === 'float64' ? new Float64Array(rows * c.inFeatures) : new Float32Array(rows * c.inFeatures);
  for (let i = 0; i < x.length; i++) x[i] = random.uniformIn(-1.5, 1.5);
  if (c.loss === 'cross_entropy') return { x, y: Int32Array.from({ length: rows }, () => random.int(c.outFeatures)) };
  const y = dtype === 'float64' ? new Float64Array(rows * c.outFeatures) : new Float32Array(rows * c.outFeatures);
  for (let i = 0; i < y.length; i++) y[i] = c.loss === 'bce' ? random.int(2) : random.uniform();
  return { x, y };
}

/**
 * The reference: the loss through the autograd graph on rows 0..n, the outputs, and copies of the gradients
 * backward() leaves. It replaces the model's .grad (zeroGrad, then backward), so give it its own copy of the
 * model when a step's gradients must survive.
 */
export function autograd(
  model: Module,
  c: Case,
  x: FloatArray,
  y: FloatArray | Int32Array,
  n: number,
): { loss: number; grads: FloatArray[]; outputs: FloatArray } {
  const input = fromArray(x.slice(0, n * c.inFeatures) as FloatArray, [n, c.inFeatures]);
  for (const p of model.parameters()) p.zeroGrad();
  const out = model.forward(input);
  const targets = y instanceof Int32Array ? y.slice(0, n) : fromArray(y.slice(0, n * c.outFeatures) as FloatArray, [n, c.outFeatures]);
  const loss = (losses.get(c.loss).compute as (outputs: Tensor, targets: Tensor | Int32Array) => Tensor)(out, targets);
  loss.backward();
  return { loss: loss.item(), grads: model.parameters().map((p) => p.grad!.data.slice()), outputs: out.data.slice() };
}

/** Each element's float64 bit pattern, so a test of equality is a test of every bit (−0 and NaN included). */
export function bits(values: ArrayLike<number>): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return Array.from(values, (v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16);
  });
}

/** Largest |a − b| relative to the largest |b| of the tensor. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst / scale;
}

/** ∂loss/∂θ for every element of every parameter by central differences (loss(θ + h) − loss(θ − h)) / 2h, in float64. */
export function centralDifferences(parameters: readonly Tensor[], loss: () => number, h = 1e-6): Float64Array[] {
  return parameters.map((p) => {
    const numeric = new Float64Array(p.size);
    for (let i = 0; i < p.size; i++) {
      const saved = p.data[i];
      p.data[i] = saved + h;
      const plus = loss();
      p.data[i] = saved - h;
      const minus = loss();
      p.data[i] = saved;
      numeric[i] = (plus - minus) / (2 * h);
    }
    return numeric;
  });
}
