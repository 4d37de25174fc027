import { runBackward } from './backward.js';
import { allocate, dtypeOf, type DType, type FloatArray } from './dtype.js';
import type { Node } from './primitives.js';
import { formatShape, sameShape, sizeOf, type Axis, type Shape } from './shape.js';
import { add, abs, div, exp, leakyRelu, log, maximum, minimum, mul, neg, pow, relu, sigmoid, softplus, sqrt, sub, tanh } from './ops/elementwise.js';
import { logSoftmax, logSumExp, max, mean, softmax, sum, type ReduceOptions } from './ops/reduce.js';
import { matmul, type MatmulOptions } from './ops/matmul.js';
import { astype, broadcastTo, permute, reshape, slice, transpose, type SliceRange } from './ops/shape.js';
import { gather } from './ops/gather.js';

/** Nested arrays of numbers, as `toArray()` returns them and `tensor()` accepts them. A scalar is a number. */
export type NestedArray = number | NestedArray[];

/** Told of every read of a tensor's values outside the ops (`how` names it: '.data', 'item()', ...). */
export type ValueReadWatcher = (tensor: Tensor, how: string) => void;

let valueReadWatcher: ValueReadWatcher | null = null;

/**
 * Install `watcher` (or remove it with null); returns the previous one. compileStep watches while it
 * captures: a value read there would freeze one step's numbers (or its branch) into every replay.
 */
export function watchValueReads(watcher: ValueReadWatcher | null): ValueReadWatcher | null {
  const previous = valueReadWatcher;
  valueReadWatcher = watcher;
  return previous;
}

/**
 * An n-dimensional array of float32 or float64 numbers, stored row-major and contiguous in `data`
 * (element [i, j] of a [m, n] tensor is data[i·n + j]), that can record how it was computed so that
 * `backward()` can deliver gradients to the tensors it came from.
 *
 * Make tensors with `tensor`, `zeros`, `randn`, ... rather than with `new`.
 */
export class Tensor {
  /**
   * The same array as `data`, for the library's own ops. Their reads reach the kernels, which compileStep
   * records, so unlike `data` they are not reported to a value-read watcher. (Not for users: read `data`.)
   */
  readonly storage: FloatArray;
  readonly shape: Shape;
  readonly dtype: DType;
  /** Number of elements: the product of the shape (1 for a scalar, whose shape is []). */
  readonly size: number;
  /** Whether backward() computes a gradient for this tensor. Set it on parameters; ops set it on their results. */
  requiresGrad: boolean;
  /** ∂(what backward() was called on)/∂(this), accumulated over backward() calls until zeroGrad(). Kept on leaves only. */
  grad: Tensor | null = null;
  /** The primitive that computed this tensor; null for leaves (tensors made directly) and for results computed under noGrad. */
  creator: Node | null = null;

  constructor(data: FloatArray, shape: Shape, requiresGrad = false) {
    const size = sizeOf(shape);
    if (data.length !== size)
      throw new RangeError(`Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${size}`);
    this.storage = data;
    this.shape = Object.freeze(shape.slice());
    this.dtype = dtypeOf(data);
    this.size = size;
    this.requiresGrad = requiresGrad;
  }

  /** The values, row-major (element [i, j] of a [m, n] tensor is data[i·n + j]). */
  get data(): FloatArray {
    if (valueReadWatcher !== null) valueReadWatcher(this, '.data');
    return this.storage;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * Reverse-mode differentiation: add ∂this/∂leaf to `leaf.grad` for every leaf with requiresGrad this
   * depends on. A single-element tensor seeds with 1; any other needs `gradient` (∂L/∂this, same shape).
   */
  backward(gradient?: Tensor): void {
    if (!this.requiresGrad)
      throw new Error(
        `backward: this tensor (shape ${formatShape(this.shape)}) does not require gradients: none of its inputs had requiresGrad: true, or it was computed inside noGrad()`,
      );
    let seed: Tensor;
    if (gradient === undefined) {
      if (this.size !== 1)
        throw new Error(
          `backward: called without a gradient on a tensor of shape ${formatShape(this.shape)} (${this.size} elements); ` +
            `only a single-element tensor is seeded with 1. Reduce it first (e.g. .sum() or .mean()) or pass a gradient of shape ${formatShape(this.shape)}`,
        );
      seed = new Tensor(allocate(this.dtype, 1).fill(1), this.shape);
    } else {
      if (!sameShape(gradient.shape, this.shape))
        throw new RangeError(`backward: gradient has shape ${formatShape(gradient.shape)} but the tensor has shape ${formatShape(this.shape)}; they must match`);
      seed = gradient;
    }
    runBackward(this, seed);
  }

  /** Forget the accumulated gradient (the next backward() starts from zero). */
  zeroGrad(): void {
    this.grad = null;
  }

  /** The value of a single-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new RangeError(`item: tensor has shape ${formatShape(this.shape)} (${this.size} elements); item() needs exactly one element`);
    if (valueReadWatcher !== null) valueReadWatcher(this, 'item()');
    return this.storage[0];
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    if (valueReadWatcher !== null) valueReadWatcher(this, 'toArray()');
    const build = (axis: number, offset: number, stride: number): NestedArray => {
      if (axis === this.shape.length) return this.storage[offset];
      const n = this.shape[axis];
      const inner = stride / Math.max(n, 1);
      return Array.from({ length: n }, (_, i) => build(axis + 1, offset + i * inner, inner));
    };
    return build(0, 0, this.size);
  }

  /** The same values (shared, not copied) cut off from the graph: no gradient flows through the result. */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape);
  }

  /** A copy with its own data, outside the graph. */
  clone(): Tensor {
    if (valueReadWatcher !== null) valueReadWatcher(this, 'clone()');
    return new Tensor(this.storage.slice(), this.shape);
  }

  toString(): string {
    return `Tensor(${formatShape(this.shape)}, ${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''}) ${JSON.stringify(this.toArray())}`;
  }

  // The ops as methods, so expressions read left to right: x.matmul(w).add(b).sigmoid().
  // Each is exactly the function of the same name.

  add(other: Tensor | number): Tensor { return add(this, other); }
  sub(other: Tensor | number): Tensor { return sub(this, other); }
  mul(other: Tensor | number): Tensor { return mul(this, other); }
  div(other: Tensor | number): Tensor { return div(this, other); }
  pow(exponent: Tensor | number): Tensor { return pow(this, exponent); }
  maximum(other: Tensor | number): Tensor { return maximum(this, other); }
  minimum(other: Tensor | number): Tensor { return minimum(this, other); }
  neg(): Tensor { return neg(this); }
  exp(): Tensor { return exp(this); }
  log(): Tensor { return log(this); }
  sqrt(): Tensor { return sqrt(this); }
  abs(): Tensor { return abs(this); }
  sigmoid(): Tensor { return sigmoid(this); }
  tanh(): Tensor { return tanh(this); }
  relu(): Tensor { return relu(this); }
  leakyRelu(alpha?: number): Tensor { return leakyRelu(this, alpha); }
  softplus(): Tensor { return softplus(this); }
  sum(axis?: Axis, options?: ReduceOptions): Tensor { return sum(this, axis, options); }
  mean(axis?: Axis, options?: ReduceOptions): Tensor { return mean(this, axis, options); }
  max(axis?: Axis, options?: ReduceOptions): Tensor { return max(this, axis, options); }
  logSumExp(axis?: Axis, options?: ReduceOptions): Tensor { return logSumExp(this, axis, options); }
  softmax(axis?: number): Tensor { return softmax(this, axis); }
  logSoftmax(axis?: number): Tensor { return logSoftmax(this, axis); }
  matmul(other: Tensor, options?: MatmulOptions): Tensor { return matmul(this, other, options); }
  transpose(): Tensor { return transpose(this); }
  permute(axes: readonly number[]): Tensor { return permute(this, axes); }
  reshape(shape: readonly number[]): Tensor { return reshape(this, shape); }
  broadcastTo(shape: readonly number[]): Tensor { return broadcastTo(this, shape); }
  slice(ranges: readonly SliceRange[]): Tensor { return slice(this, ranges); }
  gather(indices: Int32Array | readonly number[], axis?: number): Tensor { return gather(this, indices, axis); }
  astype(dtype: DType): Tensor { return astype(this, dtype); }
}
