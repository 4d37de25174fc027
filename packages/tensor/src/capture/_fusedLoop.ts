import type { FloatArray } from '../dtype.js';
import { BINARY_FORMULAS, ONE_TERM_REDUCE_FORMULAS, UNARY_FORMULAS } from '../kernels/_elementwiseFormulas.js';
import { coalesce } from '../kernels/_strided.js';
import { jsKernels, reduceBlockOf } from '../kernels/js.js';
import type { BinaryOp, Kernels, ReduceOp, UnaryOp } from '../kernels/kernels.js';
import { unaryGivesJsKernelsBits } from '../kernels/wasm/wasmKernels.js';
import type { KernelName } from './_kernelLog.js';

/** A kernel call of a replay, before it becomes generated source or a bound closure (compileReplay). */
export interface PlannedCall {
  /** A kernel, or 'initialValues': copy args[0] into args[1] (a constant's values, into the buffer it became). */
  readonly kernel: KernelName | 'initialValues';
  /** Mutable only at the positions of step inputs (`inputs`), which each replay sets before running the call. */
  readonly args: unknown[];
  /** The argument positions that hold step inputs, and which input (slot) each is. */
  readonly inputs: readonly { readonly at: number; readonly slot: number }[];
}

/**
 * An elementwise call a fused loop can run: its operands (argument positions and how each is read), its
 * output, its formula. A flat call walks `length` elements, each operand at stride 1 or 0 (`strides: [s]`);
 * a call over rows (a bias row added to each row of a batch, a column of per-row values) walks `shape`
 * [rows, columns], each operand at `strides: [rowStride, columnStride]`. Outputs are always contiguous.
 */
export interface ElementwiseCall {
  readonly call: PlannedCall;
  readonly operands: readonly { readonly at: number; readonly strides: readonly number[] }[];
  readonly outAt: number;
  readonly length: number;
  readonly shape: readonly [number, number] | null;
  readonly formula: (operands: readonly string[], paramName: string) => string;
  readonly param: number;
}

/**
 * The call as an ElementwiseCall when jsKernels' loop would run it over flat operands (each contiguous or
 * one repeated element), so that the formula table gives its bits; else null. A kernel set's own unary
 * (wasmKernels' sigmoid from 16 elements) is fused only where that set says its bits are jsKernels'.
 */
export function asElementwise(kernels: Kernels, call: PlannedCall): ElementwiseCall | null {
  const { kernel, args } = call;
  if (kernel === 'binary' && kernels.binary === jsKernels.binary) {
    const [op, , aStrides, , bStrides, out, shape] = args as [BinaryOp, FloatArray, number[], FloatArray, number[], FloatArray, number[]];
    // jsKernels walks the operands as coalesce gives them: one row, or rows of a two-axis walk.
    const it = coalesce(shape, aStrides, bStrides);
    const formula = BINARY_FORMULAS[op];
    const common = { call, outAt: 5, length: out.length, formula: ([a, b]: readonly string[]) => formula(a, b), param: 0 };
    if (it.shape.length === 1) {
      const [flatA, flatB] = [it.a[0], it.b[0]];
      if ((flatA !== 0 && flatA !== 1) || (flatB !== 0 && flatB !== 1)) return null;
      return { ...common, operands: [{ at: 1, strides: [flatA] }, { at: 3, strides: [flatB] }], shape: null };
    }
    if (it.shape.length !== 2) return null;
    return { ...common, operands: [{ at: 1, strides: it.a }, { at: 3, strides: it.b }], shape: [it.shape[0], it.shape[1]] };
  }
  if (kernel === 'unary') {
    const [op, a, out, param] = args as [UnaryOp, FloatArray, FloatArray, number];
    if (kernels.unary !== jsKernels.unary && !unaryGivesJsKernelsBits(kernels, op, a, out)) return null;
    const formula = UNARY_FORMULAS[op];
    const float32 = a instanceof Float32Array && out instanceof Float32Array;
    return { call, operands: [{ at: 1, strides: [1] }], outAt: 2, length: out.length, shape: null, formula: ([x], p) => formula(x, param, p, float32), param };
  }
  if (kernel === 'reduce' && kernels.reduce === jsKernels.reduce) {
    // Over axes of length 1 (a batch of one), each output takes one term: elementwise, in the same order.
    const [op, , shape, axes, out] = args as [ReduceOp, FloatArray, number[], number[], FloatArray];
    if (reduceBlockOf(shape, axes)?.reduced !== 1) return null;
    const formula = ONE_TERM_REDUCE_FORMULAS[op];
    return { call, operands: [{ at: 1, strides: [1] }], outAt: 4, length: out.length, shape: null, formula: ([x]) => formula(x), param: 0 };
  }
  return null;
}

/** A run of neighbouring calls of a replay: an elementwise chain to fuse into one loop, or one other call. */
export type ReplayPiece = { readonly kind: 'chain'; readonly chain: readonly ElementwiseCall[]; readonly start: number } | { readonly kind: 'call'; readonly call: PlannedCall; readonly start: number };

/**
 * The calls of a replay grouped into pieces: neighbouring elementwise calls over the same number of
 * elements form one chain, which runs as one loop computing each element through the whole chain (the
 * intermediates stay in registers). `start` is the index in `calls` of a piece's first call.
 *
 * Running the calls element by element instead of call by call changes nothing as long as no call reads,
 * as one repeated element, an array that a call of the chain writes (it would see a later element's value);
 * such a call starts a new chain.
 */
export function groupElementwise(kernels: Kernels, calls: readonly PlannedCall[]): ReplayPiece[] {
  const pieces: ReplayPiece[] = [];
  let chain: ElementwiseCall[] = [];
  let chainStart = 0;
  const flush = () => {
    if (chain.length > 0) pieces.push({ kind: 'chain', chain, start: chainStart });
    chain = [];
  };
  calls.forEach((call, i) => {
    const elementwise = asElementwise(kernels, call);
    if (elementwise === null) {
      flush();
      pieces.push({ kind: 'call', call, start: i });
      return;
    }
    if (chain.length > 0 && !canJoin(chain, elementwise)) flush();
    if (chain.length === 0) chainStart = i;
    chain.push(elementwise);
  });
  flush();
  return pieces;
}

/** Whether `next` can run element by element with `chain`: the same elements (and rows, for calls over rows), and every read of an array the chain writes at the element being computed. */
function canJoin(chain: readonly ElementwiseCall[], next: ElementwiseCall): boolean {
  if (next.length !== chain[0].length) return false;
  if (next.length === 1) return true;
  const layout = layoutOf(chain);
  if (layout !== null && next.shape !== null && (layout[0] !== next.shape[0] || layout[1] !== next.shape[1])) return false;
  const joined = [...chain, next];
  const written = new Set<unknown>(joined.map((c) => c.call.args[c.outAt]));
  const at = layout ?? next.shape;
  return joined.every((c) => c.operands.every((o) => !written.has(c.call.args[o.at]) || indexOf(o.strides, at) === 'j'));
}

/** The [rows, columns] a chain walks: its first call over rows decides; null if all its calls are flat. */
function layoutOf(chain: readonly ElementwiseCall[]): readonly [number, number] | null {
  return chain.find((c) => c.shape !== null)?.shape ?? null;
}

/**
 * An operand's element as source, in a loop over j (flat), or over row and c with j = row·columns + c:
 * 'j' when it is read at the element being written.
 */
function indexOf(strides: readonly number[], layout: readonly [number, number] | null): string {
  if (strides.length === 1) return strides[0] === 1 ? 'j' : '0';
  const [rowStride, columnStride] = strides;
  if (layout !== null && rowStride === layout[1] && columnStride === 1) return 'j';
  const terms = [rowStride === 0 ? '' : `row * ${rowStride}`, columnStride === 0 ? '' : columnStride === 1 ? 'c' : `c * ${columnStride}`].filter((t) => t !== '');
  return terms.length === 0 ? '0' : terms.join(' + ');
}

/** How generated source names what a piece reads and writes: arrays (by call and argument position) and numbers. */
export interface SourceNames {
  array(call: PlannedCall, at: number): string;
  param(value: number): string;
  /** A float64 array of its own for the piece to accumulate in. */
  accumulator(length: number): string;
}

/**
 * A chain as one loop over its elements. A value a later call reads from an earlier one is the stored
 * value: rounded with Math.fround where the output is float32, as the store into a Float32Array rounds. So
 * each element takes the same operations on the same values as the unfused calls, and the bits are theirs.
 * A call's output is stored where `stored(k)` says something reads it after the chain (a store nothing
 * reads is left out: the later calls of the chain read the register).
 */
export function chainSource(chain: readonly ElementwiseCall[], names: SourceNames, stored: (k: number) => boolean): string {
  const n = chain[0].length;
  const layout = n === 1 ? null : layoutOf(chain);
  const body: string[] = [];
  /** The local holding each output array's latest value at element j, for calls later in the chain to read. */
  const latest = new Map<unknown, string>();
  chain.forEach((elementwise, k) => {
    const { call } = elementwise;
    const operands = elementwise.operands.map(({ at, strides }, o) => {
      const index = n === 1 ? '0' : indexOf(strides, layout);
      const known = latest.get(call.args[at]);
      if (known !== undefined && (index === 'j' || n === 1)) return known;
      const value = `x${k}_${o}`;
      body.push(`const ${value} = ${names.array(call, at)}[${index}];`);
      return value;
    });
    const out = call.args[elementwise.outAt];
    const value = `r${k}`;
    const expression = elementwise.formula(operands, names.param(elementwise.param));
    body.push(`const ${value} = ${out instanceof Float32Array ? `Math.fround(${expression})` : `(${expression})`};`);
    if (stored(k)) body.push(`${names.array(call, elementwise.outAt)}[j] = ${value};`);
    latest.set(out, value);
  });
  // One element: no loop (a batch of one runs a chain per layer, and each loop costs more than its body).
  if (n === 1) return `{\nconst j = 0;\n${body.join('\n')}\n}`;
  if (layout === null) return `for (let j = 0; j < ${n}; j++) {\n${body.join('\n')}\n}`;
  const [rows, columns] = layout;
  return `for (let row = 0, j = 0; row < ${rows}; row++) for (let c = 0; c < ${columns}; c++, j++) {\n${body.join('\n')}\n}`;
}
