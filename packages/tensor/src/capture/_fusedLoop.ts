import type { FloatArray } from '../dtype.js';
import { BINARY_FORMULAS, ONE_TERM_REDUCE_FORMULAS, UNARY_FORMULAS } from '../kernels/_elementwiseFormulas.js';
import { flatStride, jsKernels, reduceBlockOf } from '../kernels/js.js';
import type { BinaryOp, Kernels, ReduceOp, UnaryOp } from '../kernels/kernels.js';
import { unaryGivesJsKernelsBits } from '../kernels/wasm/wasmKernels.js';
import type { KernelName } from './_kernelLog.js';

/** A kernel call of a replay, before it is bound (bindCall) or fused with its neighbours (fuseElementwise). */
export interface PlannedCall {
  /** A kernel, or 'initialValues': copy args[0] into args[1] (a constant's values, into the buffer it became). */
  readonly kernel: KernelName | 'initialValues';
  /** Mutable only at the positions of step inputs (`inputs`), which each replay sets before running the call. */
  readonly args: unknown[];
  readonly inputs: readonly number[];
}

/** An elementwise call a fused loop can run: its operands (argument positions, each read at stride 0 or 1), its output, its formula. */
interface ElementwiseCall {
  readonly args: unknown[];
  readonly inputs: readonly number[];
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
function asElementwise(kernels: Kernels, call: PlannedCall): ElementwiseCall | null {
  const { kernel, args } = call;
  if (kernel === 'binary' && kernels.binary === jsKernels.binary) {
    const [op, , aStrides, , bStrides, out, shape] = args as [BinaryOp, FloatArray, number[], FloatArray, number[], FloatArray, number[]];
    const flatA = flatStride(aStrides, shape);
    const flatB = flatStride(bStrides, shape);
    if (flatA === -1 || flatB === -1) return null;
    const formula = BINARY_FORMULAS[op];
    return {
      args,
      inputs: call.inputs,
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
    return { args, inputs: call.inputs, operands: [{ at: 1, stride: 1 }], outAt: 2, length: out.length, formula: ([x], p) => formula(x, param, p), param };
  }
  if (kernel === 'reduce' && kernels.reduce === jsKernels.reduce) {
    // Over axes of length 1 (a batch of one), each output takes one term: elementwise, in the same order.
    const [op, , shape, axes, out] = args as [ReduceOp, FloatArray, number[], number[], FloatArray];
    if (reduceBlockOf(shape, axes)?.reduced !== 1) return null;
    const formula = ONE_TERM_REDUCE_FORMULAS[op];
    return { args, inputs: call.inputs, operands: [{ at: 1, stride: 1 }], outAt: 4, length: out.length, formula: ([x]) => formula(x), param: 0 };
  }
  return null;
}

/**
 * Neighbouring elementwise calls over the same number of elements, fused into one loop that computes each
 * element through the whole chain: one call instead of several, and the intermediates stay in registers.
 * Every call's output is still stored (so an intermediate read later, or kept, is there), and a value a
 * later call reads from an earlier one is the stored value: rounded with Math.fround where the output is
 * float32, as the store into a Float32Array rounds. So each element takes the same operations on the same
 * values as the unfused calls, and the bits are theirs.
 *
 * Running the calls element by element instead of call by call changes nothing as long as no call reads,
 * as one repeated element, an array that a call of the chain writes (it would see a later element's value);
 * such a call starts a new chain. A chain of one is left to bindCall.
 */
export function fuseElementwise(kernels: Kernels, calls: readonly PlannedCall[], bind: (call: PlannedCall) => () => void): (() => void)[] {
  const runs: (() => void)[] = [];
  let chain: ElementwiseCall[] = [];
  let chainStart = 0;
  const flush = (end: number) => {
    if (chain.length >= 2) runs.push(fusedLoop(chain));
    else for (let i = chainStart; i < end; i++) runs.push(bind(calls[i]));
    chain = [];
    chainStart = end;
  };
  calls.forEach((call, i) => {
    const elementwise = asElementwise(kernels, call);
    if (elementwise === null) {
      flush(i);
      runs.push(bind(call));
      chainStart = i + 1;
      return;
    }
    if (chain.length > 0 && !canJoin(chain, elementwise)) flush(i);
    chain.push(elementwise);
  });
  flush(calls.length);
  return runs;
}

/** Whether `next` can run element by element with `chain`: the same length, and no repeated read of an array the chain writes. */
function canJoin(chain: readonly ElementwiseCall[], next: ElementwiseCall): boolean {
  if (next.length !== chain[0].length) return false;
  if (next.length === 1) return true;
  const written = new Set<unknown>([...chain.map((c) => c.args[c.outAt]), next.args[next.outAt]]);
  return [...chain, next].every((c) => c.operands.every((o) => o.stride === 1 || !written.has(c.args[o.at])));
}

/** Generated loops by source: one function per distinct chain, which V8 then optimises once. */
const LOOPS = new Map<string, (arrays: FloatArray[], params: number[], n: number) => void>();

function fusedLoop(chain: readonly ElementwiseCall[]): () => void {
  const n = chain[0].length;
  // Every array position of every call, in order; those of step inputs are read from the calls' args on each run.
  const slots: { args: unknown[]; at: number }[] = [];
  const inputSlots: { args: unknown[]; at: number; slot: number }[] = [];
  const declarations: string[] = [];
  const body: string[] = [];
  /** The local holding each output array's latest value at element j, for calls later in the chain to read. */
  const latest = new Map<unknown, string>();
  chain.forEach((call, k) => {
    const operands = call.operands.map(({ at, stride }, o) => {
      const array = call.args[at];
      const known = latest.get(array);
      if (known !== undefined && (stride === 1 || n === 1)) return known;
      const name = `a${slots.length}`;
      if (call.inputs.includes(at)) inputSlots.push({ args: call.args, at, slot: slots.length });
      slots.push({ args: call.args, at });
      declarations.push(`const ${name} = arrays[${slots.length - 1}];`);
      const value = `x${k}_${o}`;
      body.push(`const ${value} = ${name}[${stride === 1 ? 'j' : '0'}];`);
      return value;
    });
    const out = `a${slots.length}`;
    slots.push({ args: call.args, at: call.outAt });
    declarations.push(`const ${out} = arrays[${slots.length - 1}];`);
    const value = `r${k}`;
    const expression = call.formula(operands, `p${k}`);
    body.push(`const ${value} = ${call.args[call.outAt] instanceof Float32Array ? `Math.fround(${expression})` : `(${expression})`};`);
    body.push(`${out}[j] = ${value};`);
    latest.set(call.args[call.outAt], value);
    declarations.push(`const p${k} = params[${k}];`);
  });
  const source = `${declarations.join('\n')}\nfor (let j = 0; j < n; j++) {\n${body.join('\n')}\n}`;
  let loop = LOOPS.get(source);
  if (loop === undefined) {
    loop = new Function('arrays', 'params', 'n', source) as (arrays: FloatArray[], params: number[], n: number) => void;
    LOOPS.set(source, loop);
  }
  const run = loop;
  const params = chain.map((c) => c.param);
  const arrays: FloatArray[] = slots.map(({ args, at }) => args[at] as FloatArray);
  if (inputSlots.length === 0) return () => run(arrays, params, n);
  return () => {
    for (let i = 0; i < inputSlots.length; i++) {
      const { args, at, slot } = inputSlots[i];
      arrays[slot] = args[at] as FloatArray;
    }
    run(arrays, params, n);
  };
}
