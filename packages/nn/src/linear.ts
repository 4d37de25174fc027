import { add, formatShape, matmul, type DType, type Rng, type Tensor } from '@descent/tensor';
import { initializerNamed } from './init.js';
import type { InitializerName, Module } from './module.js';

export interface LinearOptions {
  /** The seeded generator the starting weights are drawn from. Required: there is no hidden global seed. */
  rng: Rng;
  /** Default 'uniform' (PyTorch's default). */
  init?: InitializerName;
  /** Default 'float32'. */
  dtype?: DType;
  /** Add a learned bias b. Default true. */
  bias?: boolean;
}

/**
 * A fully connected layer: y = x·W + b, with x [batch, in], W [in, out], b [out].
 *
 * The lecture writes the same layer as y = σ(W̃·x̃) with x̃ = [x, 1] and W̃ = [W | b]: the bias is the weight
 * of a constant input 1. Here W is stored transposed ([in, out], so a batch is one matmul) and b separately.
 */
export class Linear implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions,
  ) {
    for (const [name, value] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const)
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`linear: ${name} must be a positive integer, got ${value}`);
    if (options?.rng === undefined || typeof options.rng.uniform !== 'function')
      throw new TypeError('linear: options.rng is required: a seeded generator such as rng(42) from @descent/tensor');
    const { init = 'uniform', dtype = 'float32', bias = true } = options;
    const parameters = initializerNamed('linear', init)(inFeatures, outFeatures, options.rng, dtype);
    this.weight = parameters.weight;
    this.bias = bias ? parameters.bias : null;
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.inFeatures)
      throw new RangeError(`linear(${this.inFeatures} → ${this.outFeatures}): input has shape ${formatShape(x.shape)}; expected [batch, ${this.inFeatures}]`);
    const xw = matmul(x, this.weight);
    return this.bias === null ? xw : add(xw, this.bias);
  }

  parameters(): Tensor[] {
    return this.bias === null ? [this.weight] : [this.weight, this.bias];
  }
}

/** A fully connected layer y = x·W + b (see Linear). */
export function linear(inFeatures: number, outFeatures: number, options: LinearOptions): Linear {
  return new Linear(inFeatures, outFeatures, options);
}
