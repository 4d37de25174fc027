import type { FloatArray } from '../dtype.js';
import { BINARY_FORMULAS, ONE_TERM_REDUCE_FORMULAS, UNARY_FORMULAS } from '../kernels/_elementwiseFormulas.js';
import { flatStride, jsKernels, reduceBlockOf } from '../kernels/js.js';
import type { BinaryOp, Kernels, ReduceOp, UnaryOp } from '../kernels/kernels.js';
import { unaryGivesJsKernelsBits } from '../kernels/wasm/wasmKernels.js';
import type { KernelName } from './_kernelLog.js';

/** A kernel call of a replay, before it becomes source (replaySource) or a bound closure (bindCall). */
export interface PlannedCall {
  /** A kernel, or 'initialValues': copy args[0] into args[1] (a constant's values, into the buffer it became). */
  readonly kernel: KernelName | 'initialValues';
  /** Mutable only at the positions of step inputs (`inputs`), which each replay sets before running the call. */
  readonly args: unknown[];
  /** The argument positions that hold step inputs, and which input (slot) each is. */
  readonly inputs: readonly { readonly at: number; readonly slot: number }[];
}

/** An elementwise call a fused loop can run: its operands (argument positions, each read at stride 0 or 1), its output, its formula. */
export interface ElementwiseCall {
  readonly call: PlannedCall;
  readonly operands: readonly { readonly at: number; readonly stride: 0 | 1 }[];
  readonly outAt: number;
  readonly length: number;
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
    const flatA = flatStride(aStrides, shape);
    const flatB = flatStride(bStrides, shape);
    if (flatA === -1 || flatB === -1) return null;
    const formula = BINARY_FORMULAS[op];
    return {
      call,
      operands: [{ at: 1, stride: flatA as 0 | 1 }, { at: 3, stride: flatB as 0 | 1 }],
      outAt: 5,
      length: out.length,
      formula: ([a, b]) => formula(a, b),
      param: 0,
    };
  }
  if (kernel === 'unary') {
    const [op, a, out, param] = args as [UnaryOp, FloatArray, FloatArray, number];
    if (kernels.unary !== jsKernels.unary && !unaryGivesJsKernelsBits(kernels, op, a, out)) return null;
    const formula = UNARY_FORMULAS[op];
    return { call, operands: [{ at: 1, stride: 1 }], outAt: 2, length: out.length, formula: ([x], p) => formula(x, param, p), param };
  }
  if (kernel === 'reduce' && kernels.reduce === jsKernels.reduce) {
    // Over axes of length 1 (a batch of one), each output takes one term: elementwise, in the same order.
    const [op, , shape, axes, out] = args as [ReduceOp, FloatArray, number[], number[], FloatArray];
    if (reduceBlockOf(shape, axes)?.reduced !== 1) return null;
    const formula = ONE_TERM_REDUCE_FORMULAS[op];
    return { call, operands: [{ at: 1, stride: 1 }], outAt: 4, length: out.length, formula: ([x]) => formula(x), param: 0 };
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

/** Whether `next` can run element by element with `chain`: the same length, and no repeated read of an array the chain writes. */
function canJoin(chain: readonly ElementwiseCall[], next: ElementwiseCall): boolean {
  if (next.length !== chain[0].length) return false;
  if (next.length === 1) return true;
  const written = new Set<unknown>([...chain.map((c) => c.call.args[c.outAt]), next.call.args[next.outAt]]);
  return [...chain, next].every((c) => c.operands.every((o) => o.stride === 1 || !written.has(c.call.args[o.at])));
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
  const body: string[] = [];
  /** The local holding each output array's latest value at element j, for calls later in the chain to read. */
  const latest = new Map<unknown, string>();
  chain.forEach((elementwise, k) => {
    const { call } = elementwise;
    const operands = elementwise.operands.map(({ at, stride }, o) => {
      const known = latest.get(call.args[at]);
      if (known !== undefined && (stride === 1 || n === 1)) return known;
      const value = `x${k}_${o}`;
      body.push(`const ${value} = ${names.array(call, at)}[${stride === 1 ? 'j' : '0'}];`);
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
  return n === 1 ? `{\nconst j = 0;\n${body.join('\n')}\n}` : `for (let j = 0; j < ${n}; j++) {\n${body.join('\n')}\n}`;
}
