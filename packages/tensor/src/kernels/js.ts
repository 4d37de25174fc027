import type { FloatArray } from '../dtype.js';
import { coalesce, forEachRow } from './_strided.js';
import { jsMatmul } from './jsMatmul.js';
import type { BinaryOp, Kernels, ReduceOp, UnaryOp } from './kernels.js';
import { sigmoidOfFloat32, tanhOfFloat32 } from './float32Math.js';

/**
 * Plain JavaScript kernels: loops over typed arrays, no allocation per element. Each op's loop is written out
 * (one `switch` per row, not per element) so V8 compiles each to a tight monomorphic loop.
 */
export const jsKernels: Kernels = {
  name: 'js',
  matmul: jsMatmul,
  binary,
  unary,
  reduce,
  copyStrided,
  addStrided,
  gather,
  scatterAdd,
};

function binary(op: BinaryOp, a: FloatArray, aStrides: readonly number[], b: FloatArray, bStrides: readonly number[], out: FloatArray, shape: readonly number[]): void {
  // Operands that are each contiguous or one repeated element (the usual case) are one row: no bookkeeping.
  const flatA = flatStride(aStrides, shape);
  const flatB = flatStride(bStrides, shape);
  if (flatA !== -1 && flatB !== -1) {
    binaryRow(op, a, 0, flatA, b, 0, flatB, out, 0, out.length);
    return;
  }
  const it = coalesce(shape, aStrides, bStrides);
  const last = it.shape.length - 1;
  const length = it.shape[last];
  const sa = it.a[last];
  const sb = it.b[last];
  if (last === 1) {
    // Two axes (a bias row added to every example, a column per row): the rows in order, without forEachRow's closure.
    for (let row = 0; row < it.shape[0]; row++) binaryRow(op, a, row * it.a[0], sa, b, row * it.b[0], sb, out, row * length, length);
    return;
  }
  forEachRow(it, (start, offsetA, offsetB) => binaryRow(op, a, offsetA, sa, b, offsetB, sb, out, start, length));
}

function binaryRow(op: BinaryOp, a: FloatArray, ia: number, sa: number, b: FloatArray, ib: number, sb: number, out: FloatArray, o: number, n: number): void {
  switch (op) {
    case 'add':
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = a[ia] + b[ib];
      return;
    case 'mul':
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = a[ia] * b[ib];
      return;
    case 'pow':
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = Math.pow(a[ia], b[ib]);
      return;
    case 'maximum':
      // Math.max, not a ternary: it propagates NaN from either side.
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = Math.max(a[ia], b[ib]);
      return;
    case 'minimum':
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = Math.min(a[ia], b[ib]);
      return;
    case 'greater':
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = a[ia] > b[ib] ? 1 : 0;
      return;
    case 'equal':
      for (let j = 0; j < n; j++, ia += sa, ib += sb) out[o + j] = a[ia] === b[ib] ? 1 : 0;
      return;
  }
}

function unary(op: UnaryOp, a: FloatArray, out: FloatArray, param: number): void {
  const n = a.length;
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -a[i];
      return;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(a[i]);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(a[i]);
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
      return;
    case 'sign':
      for (let i = 0; i < n; i++) out[i] = Math.sign(a[i]);
      return;
    case 'sigmoid':
      // A float32 result of float32 values: sigmoidOfFloat32 gives this formula's float32 bits, twice as fast.
      if (a instanceof Float32Array && out instanceof Float32Array) for (let i = 0; i < n; i++) out[i] = sigmoidOfFloat32(a[i]);
      // exp(-x) overflows to ∞ for x < -709, and 1/(1+∞) = 0 is the right limit, so no branch is needed.
      else for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-a[i]));
      return;
    case 'tanh':
      // A float32 result of float32 values: tanhOfFloat32 gives Math.tanh's float32 bits, three times as fast.
      if (a instanceof Float32Array && out instanceof Float32Array) for (let i = 0; i < n; i++) out[i] = tanhOfFloat32(a[i]);
      else for (let i = 0; i < n; i++) out[i] = Math.tanh(a[i]);
      return;
    case 'softplus':
      // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): the exponent is never positive, so nothing overflows.
      for (let i = 0; i < n; i++) {
        const x = a[i];
        out[i] = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
      }
      return;
    case 'leakyRelu':
      // relu (α = 0) gets its own loop: 0·x would give −0 for negative x.
      if (param === 0) {
        for (let i = 0; i < n; i++) out[i] = a[i] > 0 ? a[i] : 0;
        return;
      }
      for (let i = 0; i < n; i++) {
        const x = a[i];
        out[i] = x > 0 ? x : param * x;
      }
      return;
    case 'leakyReluSlope':
      for (let i = 0; i < n; i++) out[i] = a[i] > 0 ? 1 : param;
      return;
    case 'pow':
      powUnary(a, out, param);
      return;
    case 'finiteOrZero':
      for (let i = 0; i < n; i++) out[i] = Number.isFinite(a[i]) ? a[i] : 0;
      return;
  }
}

/** Common exponents get exact, faster loops; Math.pow handles the rest. */
function powUnary(a: FloatArray, out: FloatArray, exponent: number): void {
  const n = a.length;
  if (exponent === 2) for (let i = 0; i < n; i++) out[i] = a[i] * a[i];
  else if (exponent === 1) out.set(a);
  else if (exponent === 0.5) for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]);
  else if (exponent === -1) for (let i = 0; i < n; i++) out[i] = 1 / a[i];
  else for (let i = 0; i < n; i++) out[i] = Math.pow(a[i], exponent);
}

/** reduce's float64 accumulators, grown as needed and reused, so a replayed step allocates nothing here. */
let reduceScratch = new Float64Array(64);

function reduce(op: ReduceOp, a: FloatArray, shape: readonly number[], axes: readonly number[], out: FloatArray): void {
  if (reduceBlock(op, a, shape, axes, out)) return;
  // Accumulate in float64 whatever the dtype: a float32 running sum over many elements drifts.
  if (reduceScratch.length < out.length) reduceScratch = new Float64Array(out.length);
  const accumulator = reduceScratch;
  accumulator.fill(op === 'sum' ? 0 : -Infinity, 0, out.length);
  // Iterate over the input; each element lands in out at the offset given by strides that are 0 on reduced axes.
  const outStrides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (axes.includes(d)) outStrides[d] = 0;
    else {
      outStrides[d] = stride;
      stride *= shape[d];
    }
  }
  const it = coalesce(shape, outStrides, outStrides);
  const last = it.shape.length - 1;
  const length = it.shape[last];
  const step = it.a[last];
  if (op === 'sum') {
    forEachRow(it, (start, o) => {
      if (step === 0) {
        let sum = 0;
        for (let j = 0; j < length; j++) sum += a[start + j];
        accumulator[o] += sum;
      } else {
        for (let j = 0; j < length; j++) accumulator[o + j * step] += a[start + j];
      }
    });
  } else {
    forEachRow(it, (start, o) => {
      for (let j = 0; j < length; j++) {
        const x = a[start + j];
        const at = o + j * step;
        // `x !== x` catches NaN, which must win (and, once in, stays: NaN > anything is false).
        if (x > accumulator[at] || x !== x) accumulator[at] = x;
      }
    });
  }
  for (let i = 0; i < out.length; i++) out[i] = accumulator[i];
}

/** A reduction over one block of neighbouring axes, seen as [outer, reduced, inner] (reduced in the middle). */
export interface ReduceBlock {
  readonly outer: number;
  readonly reduced: number;
  readonly inner: number;
}

/** `shape` reduced over `axes` as one block [outer, reduced, inner], or null when the axes are not neighbours. */
export function reduceBlockOf(shape: readonly number[], axes: readonly number[]): ReduceBlock | null {
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1] + 1) return null;
  let outer = 1;
  let reduced = 1;
  let inner = 1;
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (axes.length > 0 && d < axes[0]) outer *= n;
    else if (axes.includes(d)) reduced *= n;
    else inner *= n;
  }
  return { outer, reduced, inner };
}

/**
 * A reduction over one block of neighbouring axes (the batch axis, the class axis, or all axes) as plain
 * loops over [outer, reduced, inner], without the general walk's per-row bookkeeping, which costs more than
 * the arithmetic on the small tensors of a training step. Each accumulator takes its terms in the order the
 * general walk gives them (reduced index ascending), from the same start, so the bits are the same; false
 * when the axes are not one block.
 */
function reduceBlock(op: ReduceOp, a: FloatArray, shape: readonly number[], axes: readonly number[], out: FloatArray): boolean {
  const block = reduceBlockOf(shape, axes);
  if (block === null) return false;
  reduceBlockRows(op, a, block.outer, block.reduced, block.inner, out);
  return true;
}

/** reduceBlock's loops, for a block already found. */
function reduceBlockRows(op: ReduceOp, a: FloatArray, outer: number, reduced: number, inner: number, out: FloatArray): void {
  if (reduceScratch.length < out.length) reduceScratch = new Float64Array(out.length);
  const accumulator = reduceScratch;
  accumulator.fill(op === 'sum' ? 0 : -Infinity, 0, out.length);
  for (let o = 0; o < outer; o++) {
    const into = o * inner;
    for (let r = 0; r < reduced; r++) {
      const from = (o * reduced + r) * inner;
      if (op === 'sum') for (let i = 0; i < inner; i++) accumulator[into + i] += a[from + i];
      else
        for (let i = 0; i < inner; i++) {
          const x = a[from + i];
          // `x !== x` catches NaN, which must win (and, once in, stays: NaN > anything is false).
          if (x > accumulator[into + i] || x !== x) accumulator[into + i] = x;
        }
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = accumulator[i];
}

/**
 * 1 if `strides` walk `shape` row-major without gaps, 0 if they repeat one element throughout (a broadcast
 * scalar), else -1. Size-1 axes may have any stride: they are never stepped along.
 */
export function flatStride(strides: readonly number[], shape: readonly number[]): number {
  let contiguous = true;
  let repeated = true;
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d];
    if (n === 1) continue;
    if (strides[d] !== expected) contiguous = false;
    if (strides[d] !== 0) repeated = false;
    expected *= n;
  }
  return contiguous ? 1 : repeated ? 0 : -1;
}

function copyStrided(source: FloatArray, offset: number, strides: readonly number[], out: FloatArray, shape: readonly number[]): void {
  const flat = flatStride(strides, shape);
  if (flat !== -1) {
    for (let j = 0, at = offset; j < out.length; j++, at += flat) out[j] = source[at];
    return;
  }
  const it = coalesce(shape, strides, strides);
  const last = it.shape.length - 1;
  const length = it.shape[last];
  const step = it.a[last];
  forEachRow(it, (start, from) => {
    const base = offset + from;
    for (let j = 0; j < length; j++) out[start + j] = source[base + j * step];
  });
}

function addStrided(source: FloatArray, out: FloatArray, offset: number, strides: readonly number[], shape: readonly number[]): void {
  if (flatStride(strides, shape) === 1) {
    for (let j = 0; j < source.length; j++) out[offset + j] += source[j];
    return;
  }
  const it = coalesce(shape, strides, strides);
  const last = it.shape.length - 1;
  const length = it.shape[last];
  const step = it.a[last];
  forEachRow(it, (start, to) => {
    const base = offset + to;
    for (let j = 0; j < length; j++) out[base + j * step] += source[start + j];
  });
}

function gather(source: FloatArray, outer: number, axisLength: number, inner: number, indices: Int32Array, out: FloatArray): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = o * inner + i;
      out[at] = source[(o * axisLength + indices[at]) * inner + i];
    }
  }
}

function scatterAdd(source: FloatArray, outer: number, axisLength: number, inner: number, indices: Int32Array, out: FloatArray): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = o * inner + i;
      out[(o * axisLength + indices[at]) * inner + i] += source[at];
    }
  }
}
