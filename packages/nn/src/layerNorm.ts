import { add, formatShape, mean, mul, ones, pow, sub, zeros, type DType, type Tensor } from '@descent/tensor';
import type { Module } from './module.js';

export interface LayerNormOptions {
  /** Default 'float32'. */
  dtype?: DType;
  /** Added to the variance before the square root, so a constant row does not divide by zero. Default 1e-5 (PyTorch's). */
  epsilon?: number;
}

/**
 * Layer normalisation over each example's features (the last axis), with a learned gain γ and bias β:
 * y = γ · (x − μ) / √(σ² + ε) + β, where μ and σ² are the mean and the (biased) variance of the row.
 * Composed from tensor ops only, so backward() differentiates it from the one table of derivative rules.
 */
export class LayerNorm implements Module {
  constructor(
    /** γ [features], starting at 1. */
    readonly gain: Tensor,
    /** β [features], starting at 0. */
    readonly bias: Tensor,
    readonly epsilon = 1e-5,
  ) {
    if (gain.rank !== 1 || bias.rank !== 1 || gain.size !== bias.size)
      throw new RangeError(`layerNorm: gain has shape ${formatShape(gain.shape)} and bias ${formatShape(bias.shape)}; expected two vectors [features]`);
    if (!(epsilon >= 0)) throw new RangeError(`layerNorm: epsilon must be ≥ 0, got ${epsilon}`);
  }

  get features(): number {
    return this.gain.size;
  }

  forward(x: Tensor): Tensor {
    const axis = x.rank - 1;
    if (x.rank < 1 || x.shape[axis] !== this.features)
      throw new RangeError(`layerNorm(${this.features}): input has shape ${formatShape(x.shape)}; expected [..., ${this.features}]`);
    const centred = sub(x, mean(x, axis, { keepdims: true }));
    const variance = mean(mul(centred, centred), axis, { keepdims: true });
    const normalised = mul(centred, pow(add(variance, this.epsilon), -0.5));
    return add(mul(normalised, this.gain), this.bias);
  }

  parameters(): Tensor[] {
    return [this.gain, this.bias];
  }
}

/** Layer normalisation over `features` values per example, γ = 1 and β = 0 to start (see LayerNorm). */
export function layerNorm(features: number, options: LayerNormOptions = {}): LayerNorm {
  if (!Number.isInteger(features) || features < 1) throw new RangeError(`layerNorm: features must be a positive integer, got ${features}`);
  const { dtype = 'float32', epsilon } = options;
  return new LayerNorm(ones([features], { dtype, requiresGrad: true }), zeros([features], { dtype, requiresGrad: true }), epsilon);
}
