import { emptyTensor, zeros } from '../creation.js';
import type { DType } from '../dtype.js';
import { activeKernels } from '../kernels/active.js';
import { record } from '../primitives.js';
import { formatShape, normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** Integer labels as an Int32Array, checking a plain array's entries are integers. */
export function toIndices(op: string, indices: Int32Array | readonly number[]): Int32Array {
  if (indices instanceof Int32Array) return indices;
  indices.forEach((v, i) => {
    if (!Number.isInteger(v)) throw new TypeError(`${op}: index ${JSON.stringify(v)} at position ${i} is not an integer`);
  });
  return Int32Array.from(indices);
}

/**
 * Pick one element along `axis` per position of the other axes: for x [B, C] and axis -1,
 * out[b] = x[b, indices[b]]. `indices` has one entry per element of the result (x's shape without `axis`).
 */
export function gather(x: Tensor, indices: Int32Array | readonly number[], axis = -1): Tensor {
  const at = normalizeAxis('gather', axis, x.rank);
  const index = toIndices('gather', indices);
  const shape = x.shape.filter((_, d) => d !== at);
  const outer = sizeOf(x.shape.slice(0, at));
  const inner = sizeOf(x.shape.slice(at + 1));
  const axisLength = x.shape[at];
  if (index.length !== outer * inner)
    throw new RangeError(`gather: got ${index.length} indices for a tensor of shape ${formatShape(x.shape)} along axis ${at}; expected one per element of ${formatShape(shape)}, ${outer * inner} in all`);
  for (let i = 0; i < index.length; i++) {
    const v = index[i];
    if (v < 0 || v >= axisLength)
      throw new RangeError(`gather: index ${v} at position ${i} is out of range for axis ${at} of size ${axisLength} (expected an integer in [0, ${axisLength - 1}])`);
  }
  const out = emptyTensor(x.dtype, shape);
  activeKernels().gather(x.storage, outer, axisLength, inner, index, out.storage);
  return record(out, 'gather', [x], { axis: at, indices: index });
}

/** oneHot(labels, C)[i, c] = 1 if labels[i] = c else 0: shape [labels.length, C]. */
export function oneHot(labels: Int32Array | readonly number[], numClasses: number, options: { dtype?: DType } = {}): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const index = toIndices('oneHot', labels);
  index.forEach((label, i) => {
    if (label < 0 || label >= numClasses)
      throw new RangeError(`oneHot: label ${label} at position ${i} is out of range for ${numClasses} classes (expected an integer in [0, ${numClasses - 1}])`);
  });
  // Ones scattered into zeros by a kernel, so a captured step reads each replay's labels, not the first's.
  const out = zeros([index.length, numClasses], options);
  const ones = emptyTensor(out.dtype, [index.length]);
  ones.storage.fill(1);
  activeKernels().scatterAdd(ones.storage, index.length, numClasses, 1, index, out.storage);
  return out;
}
