/**
 * Non-differentiable helpers for the gradient rules. They run inside backward(), under noGrad, so they
 * build no graph; users never need them.
 */
import { emptyTensor, zeros } from '../creation.js';
import { promote } from '../dtype.js';
import { activeKernels } from '../kernels/active.js';
import { broadcastShapes, broadcastStrides, reducedShape, sameShape, stridesOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { applyUnary } from './elementwise.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';

/**
 * Undo broadcasting: sum g over the axes along which an input of `shape` was repeated (leading axes it did
 * not have, and its size-1 axes), so the input receives one gradient per element it really has.
 */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < g.rank; d++) if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) axes.push(d);
  return reshape(sum(g, axes, { keepdims: true }), shape);
}

/** A reduction's output (or its gradient) with the reduced axes put back as size 1, so it broadcasts against the input. */
export function keepReducedAxes(t: Tensor, inputShape: Shape, axes: readonly number[], keepdims: boolean): Tensor {
  return keepdims ? t : reshape(t, reducedShape(inputShape, axes, true));
}

function compare(op: 'greater' | 'equal', a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = emptyTensor(promote(a.dtype, b.dtype), shape);
  activeKernels().binary(op, a.storage, broadcastStrides(a.shape, shape), b.storage, broadcastStrides(b.shape, shape), out.storage, shape);
  return out;
}

/** 1 where a > b, else 0 (broadcasting). */
export function greaterMask(a: Tensor, b: Tensor): Tensor {
  return compare('greater', a, b);
}

/** 1 where a = b, else 0 (broadcasting). */
export function equalMask(a: Tensor, b: Tensor): Tensor {
  return compare('equal', a, b);
}

/** sign(x) ∈ {−1, 0, 1}. */
export function sign(x: Tensor): Tensor {
  return applyUnary('sign', x, 0);
}

/** leakyRelu'(x) = 1 for x > 0, else α. */
export function leakyReluSlope(x: Tensor, alpha: number): Tensor {
  return applyUnary('leakyReluSlope', x, alpha);
}

/** Zeros of `shape` with g written into the block starting at `starts`: the gradient of slice. */
export function padSlice(g: Tensor, shape: Shape, starts: readonly number[]): Tensor {
  const out = zeros(shape, { dtype: g.dtype });
  const strides = stridesOf(shape);
  const offset = starts.reduce((sum, start, d) => sum + start * strides[d], 0);
  activeKernels().addStrided(g.storage, out.storage, offset, strides, g.shape);
  return out;
}

/** Zeros of `shape` with g added at the gathered positions (repeated indices add up): the gradient of gather. */
export function scatterGathered(g: Tensor, shape: Shape, axis: number, indices: Int32Array): Tensor {
  const out = zeros(shape, { dtype: g.dtype });
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  activeKernels().scatterAdd(g.storage, outer, shape[axis], inner, indices, out.storage);
  return out;
}
