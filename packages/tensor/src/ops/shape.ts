import { emptyTensor } from '../creation.js';
import { checkDtype, promote, type DType } from '../dtype.js';
import { activeKernels } from '../kernels/active.js';
import { NO_ATTRS, record } from '../primitives.js';
import { broadcastShapes, broadcastStrides, formatShape, normalizeAxis, sameShape, sizeOf, stridesOf } from '../shape.js';
import { Tensor } from '../tensor.js';

/**
 * The same elements in a new shape (row-major order is kept). One size may be -1: it is inferred.
 * The result shares `x`'s data; nothing is copied.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = shape.slice();
  const unknown = target.indexOf(-1);
  if (unknown !== -1 && target.indexOf(-1, unknown + 1) !== -1)
    throw new RangeError(`reshape: shape ${formatShape(shape)} has more than one -1; at most one size can be inferred`);
  target.forEach((n, axis) => {
    if (!Number.isInteger(n) || n < -1) throw new RangeError(`reshape: shape ${formatShape(shape)} has size ${n} at axis ${axis}; expected non-negative integers (or one -1)`);
  });
  if (unknown !== -1) {
    const known = sizeOf(target.filter((n) => n !== -1));
    if (known === 0 || x.size % known !== 0)
      throw new RangeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}: ${x.size} is not a multiple of ${known}`);
    target[unknown] = x.size / known;
  }
  if (sizeOf(target) !== x.size)
    throw new RangeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)} (${sizeOf(target)} elements)`);
  return record(new Tensor(x.storage, target), 'reshape', [x], NO_ATTRS);
}

/** Reorder the axes: result axis i is x's axis `axes[i]` (so permute(x, [1, 0]) is the transpose). Copies. */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  const normalized = axes.map((a) => normalizeAxis('permute', a, x.rank));
  const isPermutation = normalized.length === x.rank && new Set(normalized).size === x.rank;
  if (!isPermutation)
    throw new RangeError(`permute: axes ${JSON.stringify(axes)} are not a permutation of the ${x.rank} axes of shape ${formatShape(x.shape)}`);
  const strides = stridesOf(x.shape);
  const shape = normalized.map((d) => x.shape[d]);
  const out = emptyTensor(x.dtype, shape);
  activeKernels().copyStrided(x.storage, 0, normalized.map((d) => strides[d]), out.storage, shape);
  return record(out, 'permute', [x], { axes: normalized });
}

/** Xᵀ of a 2-D tensor: Xᵀ[j,i] = X[i,j]. (For matmul prefer its transpose flags, which copy nothing.) */
export function transpose(x: Tensor): Tensor {
  if (x.rank !== 2) throw new RangeError(`transpose: expects a 2-D tensor, got shape ${formatShape(x.shape)}; use permute(x, axes) for other ranks`);
  return permute(x, [1, 0]);
}

/** x repeated along broadcast axes to `shape` (NumPy rules), as a new tensor. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const target = shape.slice();
  let fits: boolean;
  try {
    fits = x.rank <= target.length && sameShape(broadcastShapes('broadcastTo', x.shape, target), target);
  } catch {
    fits = false;
  }
  if (!fits) throw new RangeError(`broadcastTo: cannot broadcast shape ${formatShape(x.shape)} to ${formatShape(target)}`);
  const out = emptyTensor(x.dtype, target);
  activeKernels().copyStrided(x.storage, 0, broadcastStrides(x.shape, target), out.storage, target);
  return record(out, 'broadcastTo', [x], NO_ATTRS);
}

/** A range [start, end) on one axis (negative values count from the end), or null for the whole axis. */
export type SliceRange = readonly [start: number, end: number] | null;

/**
 * The block of x given by one range per axis: slice(x, [[0, 2], null]) is the first two rows. Missing
 * trailing ranges mean whole axes. Copies.
 */
export function slice(x: Tensor, ranges: readonly SliceRange[]): Tensor {
  if (ranges.length > x.rank)
    throw new RangeError(`slice: ${ranges.length} ranges given for a tensor of shape ${formatShape(x.shape)} (at most ${x.rank})`);
  const starts: number[] = [];
  const shape: number[] = [];
  for (let d = 0; d < x.rank; d++) {
    const size = x.shape[d];
    const range = ranges[d] ?? null;
    if (range === null) {
      starts.push(0);
      shape.push(size);
      continue;
    }
    const [rawStart, rawEnd] = range;
    const start = rawStart < 0 ? rawStart + size : rawStart;
    const end = rawEnd < 0 ? rawEnd + size : rawEnd;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > size || start > end)
      throw new RangeError(
        `slice: range [${rawStart}, ${rawEnd}] on axis ${d} is out of bounds for shape ${formatShape(x.shape)}; expected integers with 0 ≤ start ≤ end ≤ ${size} (negative values count from the end)`,
      );
    starts.push(start);
    shape.push(end - start);
  }
  const strides = stridesOf(x.shape);
  const offset = starts.reduce((sum, start, d) => sum + start * strides[d], 0);
  const out = emptyTensor(x.dtype, shape);
  activeKernels().copyStrided(x.storage, offset, strides, out.storage, shape);
  return record(out, 'slice', [x], { starts });
}

/** The tensors joined along `axis`; all other sizes must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('concat: needs at least one tensor, got an empty list');
  const first = tensors[0];
  const at = normalizeAxis('concat', axis, first.rank);
  let total = 0;
  let dtype: DType = first.dtype;
  tensors.forEach((t, i) => {
    const matches = t.rank === first.rank && t.shape.every((n, d) => d === at || n === first.shape[d]);
    if (!matches)
      throw new RangeError(
        `concat: tensor ${i} has shape ${formatShape(t.shape)} but tensor 0 has ${formatShape(first.shape)}; all sizes except axis ${at} must match`,
      );
    total += t.shape[at];
    dtype = promote(dtype, t.dtype);
  });
  const shape = first.shape.slice();
  shape[at] = total;
  const out = emptyTensor(dtype, shape);
  const strides = stridesOf(shape);
  let offset = 0;
  for (const t of tensors) {
    activeKernels().addStrided(t.storage, out.storage, offset * strides[at], strides, t.shape);
    offset += t.shape[at];
  }
  return record(out, 'concat', tensors, { axis: at });
}

/** A copy with another dtype (x itself when it already has it). Gradients flow back cast to x's dtype. */
export function astype(x: Tensor, dtype: DType): Tensor {
  const target = checkDtype('astype', dtype);
  if (target === x.dtype) return x;
  const out = emptyTensor(target, x.shape);
  // copyStrided's assignment rounds as TypedArray.set does; through a kernel so compileStep captures it.
  activeKernels().copyStrided(x.storage, 0, stridesOf(x.shape), out.storage, x.shape);
  return record(out, 'cast', [x], NO_ATTRS);
}
