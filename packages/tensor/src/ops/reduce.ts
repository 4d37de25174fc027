import { emptyTensor } from '../creation.js';
import { activeKernels } from '../kernels/active.js';
import { noGrad } from '../noGrad.js';
import { record } from '../primitives.js';
import { normalizeAxes, normalizeAxis, reducedShape, sizeOf, type Axis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, applyUnary, exp, log, mul, sub } from './elementwise.js';
import { reshape } from './shape.js';

export interface ReduceOptions {
  /** Keep reduced axes as size 1 (so the result broadcasts against the input). Default false. */
  keepdims?: boolean;
}

function reduceWith(op: 'sum' | 'max', x: Tensor, axis: Axis, keepdims: boolean): Tensor {
  const axes = normalizeAxes(op, axis, x.rank);
  const out = emptyTensor(x.dtype, reducedShape(x.shape, axes, keepdims));
  activeKernels().reduce(op, x.storage, x.shape, axes, out.storage);
  return record(out, op, [x], { axes, keepdims });
}

/** Σ over `axis` (all axes when undefined). */
export function sum(x: Tensor, axis?: Axis, { keepdims = false }: ReduceOptions = {}): Tensor {
  return reduceWith('sum', x, axis, keepdims);
}

/** Largest element over `axis`. Ties share the gradient equally. */
export function max(x: Tensor, axis?: Axis, { keepdims = false }: ReduceOptions = {}): Tensor {
  return reduceWith('max', x, axis, keepdims);
}

/** mean = Σ / n over `axis`, with n the number of elements reduced. */
export function mean(x: Tensor, axis?: Axis, options: ReduceOptions = {}): Tensor {
  const axes = normalizeAxes('mean', axis, x.rank);
  const count = sizeOf(axes.map((d) => x.shape[d]));
  return mul(sum(x, axes, options), 1 / count);
}

/**
 * The max over `axes` (keepdims) as a constant, for shifting exponents. A slice that is all −∞ (or holds +∞
 * or NaN) has no finite max; shifting it by 0 keeps the right −∞ / +∞ / NaN where x − m would give NaN.
 */
function maxShift(x: Tensor, axes: readonly number[]): Tensor {
  // A kernel, not a loop here: compileStep replays kernel calls only, so arithmetic outside them would be lost.
  return applyUnary('finiteOrZero', noGrad(() => max(x, axes, { keepdims: true })), 0);
}

/**
 * logSumExp(x) = ln Σ eˣ over `axis`, computed as m + ln Σ e^(x − m) with m = max x so no exponent is
 * positive. A primitive (one graph node) rather than composed, so the gradient does not flow through max;
 * its gradient is softmax(x), which is bounded.
 */
export function logSumExp(x: Tensor, axis?: Axis, { keepdims = false }: ReduceOptions = {}): Tensor {
  const axes = normalizeAxes('logSumExp', axis, x.rank);
  const out = noGrad(() => {
    const shift = maxShift(x, axes);
    const result = add(log(sum(exp(sub(x, shift)), axes, { keepdims: true })), shift);
    return keepdims ? result : reshape(result, reducedShape(x.shape, axes, false));
  });
  return record(out, 'logSumExp', [x], { axes, keepdims });
}

/**
 * logSoftmax(x) = x − logSumExp(x) along `axis`, computed as s − logSumExp(s) with s = x − max x.
 * Shifting first keeps float32 exact at large logits: x − max x is exact for the largest logit, while
 * x − logSumExp(x) would subtract two rounded numbers near 1000 (error ~6e-5). The shift is a constant
 * (no gradient), which is exact: logSoftmax(x + c) = logSoftmax(x).
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const shifted = sub(x, maxShift(x, [normalizeAxis('logSoftmax', axis, x.rank)]));
  return sub(shifted, logSumExp(shifted, axis, { keepdims: true }));
}

/** softmax(x)ᵢ = e^xᵢ / Σⱼ e^xⱼ along `axis`, computed as exp(logSoftmax(x)): nothing overflows. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}
