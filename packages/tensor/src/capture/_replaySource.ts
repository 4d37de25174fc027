import type { FloatArray } from '../dtype.js';
import { flatStride, jsKernels, reduceBlockOf } from '../kernels/js.js';
import { FORMULA_FUNCTIONS } from '../kernels/_elementwiseFormulas.js';
import { jsMatmul } from '../kernels/jsMatmul.js';
import type { Kernels, ReduceOp } from '../kernels/kernels.js';
import { wasmMatmul, wasmRelaxedMatmul, worthWasm } from '../kernels/wasm/wasmMatmul.js';
import { chainSource, groupElementwise, type PlannedCall, type ReplayPiece, type SourceNames } from './_fusedLoop.js';
import { KERNEL_ARRAY_ROLES, type KernelArray, type KernelName } from './_kernelLog.js';

/** Products up to this many multiply-adds are written out as loops in the replay (larger ones call jsMatmul, whose tiles are faster). */
const INLINE_MATMUL = 4096;
/** Products up to this many multiply-adds are written out without loops: one expression per output element. */
const UNROLLED_MATMUL = 64;
/** Sums up to this long are written as one expression per output (loops over outputs only). */
const UNROLLED_SUM = 16;
/** jsMatmul's plain loops, without tiles, go up to this many outputs (SMALL_OUTPUT there). */
const SMALL_MATMUL_OUTPUT = 16;
/** Pieces doing at least this many element operations run as functions of their own. */
const LOOP_FUNCTION_WORK = 512;

export interface CompiledReplay {
  /** Run the whole replay on this run's step inputs (by slot). */
  readonly run: (inputs: readonly KernelArray[]) => void;
  /** The generated function and what it is called with besides arrays (null for the bound fallback): what a capture of the same structure reuses (_sharedPlans). */
  readonly code: GeneratedCode | null;
  /** The arrays the generated function runs on (the plan's buffers, parameters and constants, and its accumulators). */
  readonly arrays: readonly KernelArray[];
  /** Which of `arrays` are float64 scratch of generated reductions, made here (not the plan's). */
  readonly accumulators: ReadonlySet<KernelArray>;
  /** How many pieces it runs: fused loops, written-out kernels and calls of bound kernels. */
  readonly pieces: number;
  /** How many of those call a kernel function (the rest are written out in the generated source). */
  readonly calledKernels: number;
  /** Whether calls read step inputs from their `args` (the bound fallback), so each run must put them there first. */
  readonly readsArguments: boolean;
  /** The functions the generated replay runs its pieces in: 1, or its parts when it is long (replayParts); 0 when bound. */
  readonly parts: number;
}

let generateCode: boolean | undefined;

/**
 * Whether replays are generated source. Where the environment forbids compiling it (a Content-Security-
 * Policy without 'unsafe-eval' makes `new Function` throw), every call is bound instead.
 */
export function codeGeneration(): boolean {
  if (generateCode === undefined) {
    try {
      generateCode = new Function('return true')() === true;
    } catch {
      generateCode = false;
    }
  }
  return generateCode;
}

/** Force replays captured from now on to be generated (true) or bound call by call (false); undefined: as the environment allows. Returns the previous setting. For tests and for comparing the two. */
export function generateReplayCode(allowed: boolean | undefined): boolean | undefined {
  const previous = generateCode;
  generateCode = allowed;
  return previous;
}

/** Generated replays by source, so that V8 compiles and optimises one function per distinct plan. */
const REPLAYS = new Map<string, GeneratedReplay>();
/** Generated long loops and parts of long replays by source (see compileReplay). */
const LOOP_FUNCTIONS = new Map<string, (...operands: unknown[]) => void>();
/**
 * How many generated functions each cache keeps. A random search over widths and batch sizes makes a plan per
 * shape; a process must not keep every one it ever compiled (plans in use keep their own functions alive).
 */
export const GENERATED_FUNCTIONS_KEPT = 256;

/** The value cached under `key` (now the most recently used), or `make()`'s, cached, the least recently used dropped past GENERATED_FUNCTIONS_KEPT. */
export function cachedRecent<F>(cache: Map<string, F>, key: string, make: () => F): F {
  let made = cache.get(key);
  if (made !== undefined) cache.delete(key);
  else made = make();
  cache.set(key, made);
  if (cache.size > GENERATED_FUNCTIONS_KEPT) cache.delete(cache.keys().next().value as string);
  return made;
}

/** How many generated replays and loops are cached now (for tests). */
export function generatedFunctionCounts(): { replays: number; loops: number } {
  return { replays: REPLAYS.size, loops: LOOP_FUNCTIONS.size };
}

/**
 * A generated replay. The plan's arrays and values are arguments, and kernels it calls are reached through
 * `kernels`, `jsMatmul` and the formulas' `functions` (the same for every capture), so one function, and what V8 learns
 * running it, serves every capture with the same source: a call target or array that changed from one
 * capture to the next would make V8 throw away the code it optimised.
 */
export type GeneratedReplay = (inputs: readonly KernelArray[], arrays: readonly KernelArray[], params: readonly number[], values: readonly unknown[], loops: readonly ((...operands: unknown[]) => void)[], kernels: Kernels, matmul: typeof jsMatmul, functions: typeof FORMULA_FUNCTIONS) => void;

/**
 * A generated replay with what it reads besides the step inputs and the arrays: this depends only on the
 * log's structure, so captures of the same structure share it (each with its own arrays).
 */
export interface GeneratedCode {
  readonly replay: GeneratedReplay;
  readonly params: readonly number[];
  readonly values: readonly unknown[];
  readonly loops: readonly ((...operands: unknown[]) => void)[];
}

/** `code` as a replay on `arrays` (those it was generated with, or another capture's in the same places) with `kernels`. */
export function runGenerated(code: GeneratedCode, kernels: Kernels, arrays: readonly KernelArray[]): (inputs: readonly KernelArray[]) => void {
  const { replay, params, values, loops } = code;
  return (inputs) => replay(inputs, arrays, params, values, loops, kernels, jsMatmul, FORMULA_FUNCTIONS);
}

/**
 * A replay as ONE generated function (tinygrad's codegen, in JavaScript): elementwise chains become fused
 * loops, and jsKernels' small matmuls, block reductions and flat copies are written out with their sizes as
 * constants; any other call (WebAssembly's kernels, a user's kernel set, strided walks, jsMatmul's tiles for
 * larger products) is called with its arguments. Where code may not be generated, each call is a closure
 * over its `args` instead. At a batch of one a training step is a few dozen multiply-adds, so the calls, argument checks and
 * loop bookkeeping of the kernels cost more than the arithmetic: written out, V8 compiles the whole step
 * into straight-line code.
 *
 * Every written-out kernel runs jsKernels' arithmetic in jsKernels' order (each matmul output one float64
 * sum over p ascending from 0, stored once; each reduction output one float64 accumulator over the reduced
 * index ascending), so the bits are the kernel's. `scratch` holds the buffers nothing reads after the replay
 * (temporaries, not the kept results or the gradients): a store into one of them that no later call reads
 * is left out.
 */
export function compileReplay(kernels: Kernels, calls: readonly PlannedCall[], scratch: ReadonlySet<KernelArray>): CompiledReplay {
  if (!codeGeneration()) {
    // Each call bound, in order: the same kernels on the same values, so the same bits, only slower.
    const runs = calls.map((call) => boundCall(kernels, call));
    return { run: () => { for (let r = 0; r < runs.length; r++) runs[r](); }, code: null, arrays: [], accumulators: new Set(), pieces: runs.length, calledKernels: runs.length, readsArguments: true, parts: 0 };
  }
  const arrays: KernelArray[] = [];
  const accumulators = new Set<KernelArray>();
  const arrayNames = new Map<KernelArray, string>();
  const params: number[] = [];
  const values: unknown[] = [];
  let calledKernels = 0;
  const names: SourceNames = {
    array(call, at) {
      const input = call.inputs.find((i) => i.at === at);
      if (input !== undefined) return `i${input.slot}`;
      const array = call.args[at] as KernelArray;
      let name = arrayNames.get(array);
      if (name === undefined) {
        name = `a${arrays.length}`;
        arrayNames.set(array, name);
        arrays.push(array);
      }
      return name;
    },
    accumulator(length) {
      const name = `a${arrays.length}`;
      const accumulator = new Float64Array(length);
      accumulators.add(accumulator);
      arrays.push(accumulator);
      return name;
    },
    param(value) {
      // One name per distinct value (Object.is: 0 and -0 are two).
      let at = params.findIndex((known) => Object.is(known, value));
      if (at === -1) at = params.push(value) - 1;
      return `p${at}`;
    },
  };
  const slots = new Set<number>();
  for (const call of calls) for (const { slot } of call.inputs) slots.add(slot);

  const pieces = groupElementwise(kernels, calls);
  const body = pieces.map((piece) => pieceSource(kernels, piece, calls, scratch, names, (call, target) => {
    // The kernel called with its arguments: arrays by name, everything else (sizes, strides, flags) from `values`.
    calledKernels++;
    const roles = KERNEL_ARRAY_ROLES[call.kernel as KernelName];
    const argumentList = call.args.map((value, at) => {
      if (roles.reads.includes(at) || roles.writes.includes(at)) return names.array(call, at);
      values.push(value);
      return `v${values.length - 1}`;
    });
    return `${target}(${argumentList.join(', ')});`;
  }));
  // Long loops run as functions of their own (shared by every plan that has the same loop), called with the
  // arrays and values they use. In one long function, V8 compiles a long loop on the stack (OSR) the first time
  // it runs, before the code after it has run once; that code then lacks the feedback to be optimised, and
  // the function falls back to the interpreter there on every call.
  const loops: ((...operands: unknown[]) => void)[] = [];
  const asFunction = (source: string) => {
    const { functionSource, operands } = generatedFunctionSource(source);
    loops.push(cachedRecent(LOOP_FUNCTIONS, functionSource, () => new Function(functionSource)() as (...operands: unknown[]) => void));
    return `l${loops.length - 1}(${operands.join(', ')});`;
  };
  const withLoops = body.map((source, p) => (!source.startsWith('for (') || pieceWork(pieces[p]) < LOOP_FUNCTION_WORK ? source : asFunction(source)));
  // A long replay runs in parts, each a function of its own (shared like the loops). TurboFan compiles a function
  // whole, in a time that grows faster than its length: a deep net's replay took it up to a second, on every thread,
  // while that thread ran the replay unoptimised; in parts of PART_CHARS, tens of milliseconds each.
  const mainBody = withLoops.reduce((total, source) => total + source.length, 0) <= 2 * PART_CHARS ? withLoops : replayParts(withLoops).map((part) => asFunction(part.join('\n')));
  const declarations = [
    ...arrays.map((_, i) => `const a${i} = arrays[${i}];`),
    ...params.map((_, i) => `const p${i} = params[${i}];`),
    ...values.map((_, i) => `const v${i} = values[${i}];`),
    ...loops.map((_, i) => `const l${i} = loops[${i}];`),
    ...FORMULA_FUNCTION_NAMES.map((name) => `const ${name} = functions.${name};`),
  ];
  const source = [...declarations, ...[...slots].map((s) => `const i${s} = inputs[${s}];`), ...mainBody].join('\n');
  const replay = cachedRecent(REPLAYS, source, () => new Function('inputs', 'arrays', 'params', 'values', 'loops', 'kernels', 'jsMatmul', 'functions', source) as GeneratedReplay);
  const code: GeneratedCode = { replay, params, values, loops };
  return { run: runGenerated(code, kernels, arrays), code, arrays, accumulators, pieces: pieces.length, calledKernels, readsArguments: false, parts: mainBody === withLoops ? 1 : mainBody.length };
}

/**
 * The source of a generated function running a piece of a replay (one long loop, or a part of a long replay), and
 * the replay's names it uses (arrays, inputs, params, values, loop functions, the kernels), in order of first use:
 * what the replay calls it with. Inside, they are named by position ($0, $1, …: no name the generator writes),
 * not by the plan's names, so the same loop over other arrays (the next layer of a deep net, another plan's) is the
 * same text, and one function serves them all: a thread optimises it once (the residual sweep's layer-norm net
 * had 59 loop functions of its own; 8 new ones now).
 */
export function generatedFunctionSource(source: string): { functionSource: string; operands: string[] } {
  const operands = [...new Set(source.match(OPERAND) ?? [])];
  const position = new Map(operands.map((name, k) => [name, `$${k}`]));
  const body = source.replace(OPERAND, (name) => position.get(name)!);
  return { functionSource: `return function (${[...position.values()].join(', ')}) {\n${body}\n};`, operands };
}

const FORMULA_FUNCTION_NAMES = Object.keys(FORMULA_FUNCTIONS);

/** The replay's own names a loop or part uses: arrays, inputs, params, values, loop functions, and the functions it calls (kernels, jsMatmul, the formulas'). */
const OPERAND = new RegExp(`\\b(?:[aipvl]\\d+|kernels|jsMatmul|${FORMULA_FUNCTION_NAMES.join('|')})\\b`, 'g');

/** How long (characters of source) a part of a long replay may be; a replay of up to twice this stays one function. */
const PART_CHARS = 1500;

/** The statements of a long replay in consecutive parts of up to PART_CHARS (a longer statement is a part alone). */
export function replayParts(statements: readonly string[]): string[][] {
  const parts: string[][] = [];
  let length = Infinity;
  for (const statement of statements) {
    if (length + statement.length > PART_CHARS) {
      parts.push([]);
      length = 0;
    }
    parts.at(-1)!.push(statement);
    length += statement.length;
  }
  return parts;
}

/** A call as a closure reading its arrays from `args` on every run (a run puts its step inputs there). */
function boundCall(kernels: Kernels, { kernel, args }: PlannedCall): () => void {
  if (kernel === 'initialValues') return () => (args[1] as KernelArray).set(args[0] as KernelArray);
  const run = kernels[kernel] as (...a: unknown[]) => void;
  // The kernels take at most eight arguments.
  return () => run.call(kernels, args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7]);
}

/** Whether a call's matmul runs jsMatmul: jsKernels', or wasmMatmul's products too small for WebAssembly (which it sends there). */
function matmulRunsJsMatmul(kernels: Kernels, args: readonly unknown[]): boolean {
  const [, , , m, k, n] = args as [unknown, unknown, unknown, number, number, number];
  if (kernels.matmul === jsKernels.matmul) return true;
  return (kernels.matmul === wasmMatmul || kernels.matmul === wasmRelaxedMatmul) && !worthWasm(m, k, n);
}

/** About how many element operations a piece does (its loop trips times the work per trip), to tell long loops from short ones. */
function pieceWork(piece: ReplayPiece): number {
  if (piece.kind === 'chain') return piece.chain[0].length * piece.chain.length;
  const { kernel, args } = piece.call;
  if (kernel === 'matmul') return (args[3] as number) * (args[4] as number) * (args[5] as number);
  if (kernel === 'initialValues') return 0;
  return Math.max(...args.map((a) => (ArrayBuffer.isView(a) ? (a as KernelArray).length : 0)));
}

function pieceSource(kernels: Kernels, piece: ReplayPiece, calls: readonly PlannedCall[], scratch: ReadonlySet<KernelArray>, names: SourceNames, callSource: (call: PlannedCall, target: string) => string): string {
  if (piece.kind === 'chain') {
    const { chain, start } = piece;
    const end = start + chain.length;
    return chainSource(chain, names, (k) => {
      const out = chain[k].call.args[chain[k].outAt] as KernelArray;
      // A later call of the chain that writes the same buffer (reused) makes this store dead; reads within the chain take the register.
      for (let later = k + 1; later < chain.length; later++) if (chain[later].call.args[chain[later].outAt] === out) return false;
      return !scratch.has(out) || readBeforeWritten(calls, end, out);
    });
  }
  const { call } = piece;
  const { kernel, args } = call;
  const name = (at: number) => names.array(call, at);
  if (kernel === 'initialValues') return `${name(1)}.set(${name(0)});`;
  if (kernel === 'matmul' && matmulRunsJsMatmul(kernels, args)) {
    const [, , , m, k, n] = args as number[];
    // Written out where that beats jsMatmul's tiles: few products, or a short sum written as one expression.
    if (m * k * n <= UNROLLED_MATMUL || (m * k * n <= INLINE_MATMUL && (k <= UNROLLED_SUM || m * n <= SMALL_MATMUL_OUTPUT))) return matmulSource(args, name(0), name(1), name(2));
    return callSource(call, 'jsMatmul');
  }
  if (kernel === 'reduce' && kernels.reduce === jsKernels.reduce) {
    const block = reduceBlockOf(args[2] as readonly number[], args[3] as readonly number[]);
    if (block !== null) return reduceSource(args[0] as ReduceOp, block, name(1), name(4), names.accumulator);
  }
  if (kernel === 'copyStrided' && kernels.copyStrided === jsKernels.copyStrided) {
    const [, offset, strides, out, shape] = args as [FloatArray, number, number[], FloatArray, number[]];
    const flat = flatStride(strides, shape);
    if (flat !== -1) return `for (let j = 0; j < ${out.length}; j++) ${name(3)}[j] = ${name(0)}[${offset} + j * ${flat}];`;
  }
  return callSource(call, `kernels.${kernel}`);
}

/** Whether a call from `from` on reads `array` before one writes it (at the end of the replay: whether it is kept, which scratch says elsewhere). */
function readBeforeWritten(calls: readonly PlannedCall[], from: number, array: KernelArray): boolean {
  for (let i = from; i < calls.length; i++) {
    const { kernel, args } = calls[i];
    const roles = kernel === 'initialValues' ? { reads: [0], writes: [1] } : KERNEL_ARRAY_ROLES[kernel];
    if (roles.reads.some((at) => args[at] === array)) return true;
    if (roles.writes.some((at) => args[at] === array)) return false;
  }
  return false;
}

/**
 * out[m×n] = op(A)·op(B) as jsMatmul computes it: each output one float64 sum over p = 0..k−1 in order,
 * starting at 0, stored once. Small products are written out one expression per output
 * (`0 + a·b + a·b + …` adds left to right, the same order); the others as loops with constant bounds.
 */
function matmulSource(args: readonly unknown[], a: string, b: string, out: string): string {
  const [, , , m, k, n, transposeA, transposeB] = args as [unknown, unknown, unknown, number, number, number, boolean, boolean];
  const aRow = transposeA ? 1 : k;
  const aStep = transposeA ? m : 1;
  const bStep = transposeB ? 1 : n;
  const bCol = transposeB ? k : 1;
  if (m * k * n <= UNROLLED_MATMUL) {
    const lines: string[] = [];
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const terms = ['0'];
        for (let p = 0; p < k; p++) terms.push(`${a}[${i * aRow + p * aStep}] * ${b}[${p * bStep + j * bCol}]`);
        lines.push(`${out}[${i * n + j}] = ${terms.join(' + ')};`);
      }
    return lines.join('\n');
  }
  if (k <= UNROLLED_SUM) {
    const terms = ['0'];
    for (let p = 0; p < k; p++) terms.push(`${a}[i * ${aRow} + ${p * aStep}] * ${b}[${p * bStep} + j * ${bCol}]`);
    return `for (let i = 0; i < ${m}; i++) for (let j = 0; j < ${n}; j++) ${out}[i * ${n} + j] = ${terms.join(' + ')};`;
  }
  return `for (let i = 0; i < ${m}; i++) for (let j = 0; j < ${n}; j++) {
let sum = 0;
for (let p = 0; p < ${k}; p++) sum += ${a}[i * ${aRow} + p * ${aStep}] * ${b}[p * ${bStep} + j * ${bCol}];
${out}[i * ${n} + j] = sum;
}`;
}

/**
 * jsKernels' block reduction: each output one float64 accumulator over the reduced index ascending (max
 * lets NaN win, as the kernel does). Rows of several outputs (a bias gradient: the batch summed per
 * feature) walk the input row by row, as the kernel does, into `accumulator` (float64, `inner` long).
 */
function reduceSource(op: ReduceOp, { outer, reduced, inner }: { outer: number; reduced: number; inner: number }, a: string, out: string, accumulator: (length: number) => string): string {
  const start = op === 'sum' ? '0' : '-Infinity';
  const take = (into: string, x: string) => (op === 'sum' ? `${into} += ${x};` : `{ const x = ${x}; if (x > ${into} || x !== x) ${into} = x; }`);
  if (inner === 1)
    return `for (let o = 0; o < ${outer}; o++) {
let acc = ${start};
for (let r = 0; r < ${reduced}; r++) ${take('acc', `${a}[o * ${reduced} + r]`)}
${out}[o] = acc;
}`;
  const acc = accumulator(inner);
  return `for (let o = 0; o < ${outer}; o++) {
${acc}.fill(${start});
for (let r = 0; r < ${reduced}; r++) for (let i = 0, from = (o * ${reduced} + r) * ${inner}; i < ${inner}; i++) ${take(`${acc}[i]`, `${a}[from + i]`)}
for (let i = 0; i < ${inner}; i++) ${out}[o * ${inner} + i] = ${acc}[i];
}`;
}
