import type { Kernels } from '../kernels/kernels.js';
import { type ArrayOrigin, type KernelArray, type KernelLog } from './_kernelLog.js';
import type { ReplayPlan, ReplayStats } from './_replayPlan.js';
import { cachedRecent, codeGeneration, runGenerated, type GeneratedCode } from './_replaySource.js';

/**
 * Where a plan finds one of its arrays, in the terms of a kernel log: the array logged under an id (a
 * buffer, a parameter, a constant), the fixed array given for an id (a gradient), the values a constant
 * held before its first write, or a float64 accumulator of its own.
 */
type ArraySource =
  | { readonly kind: 'logged'; readonly id: number }
  | { readonly kind: 'fixed'; readonly id: number }
  | { readonly kind: 'initialValues'; readonly id: number }
  | { readonly kind: 'accumulator'; readonly length: number };

/** A plan in log ids, not arrays: the generated code, and where each array it runs on comes from (it holds no capture's arrays). */
interface PlanTemplate {
  readonly code: GeneratedCode;
  readonly arrays: readonly ArraySource[];
  readonly kept: readonly ArraySource[];
  readonly stats: ReplayStats;
}

/**
 * Plans by the structure of their kernel log (sharedPlanKey). Every run of a sweep captures the same
 * steps (same model shape, batch shapes, loss) into new arrays: planning and generating source again
 * would give the same code on arrays in the same places, so a capture takes the plan of an earlier one
 * and binds it to its own arrays (instantiate). Kept as many as generated replays (GENERATED_FUNCTIONS_KEPT).
 */
const TEMPLATES = new Map<string, PlanTemplate>();

let planned = 0;
let shared = 0;

/** How many captures planned anew and how many took a cached plan (for tests and measurements). */
export function sharedPlanCounts(): { planned: number; shared: number } {
  return { planned, shared };
}

/** A plan made from a log: its generated code, the arrays that code runs on (accumulators among them), the kept arrays, its size. */
interface PlannedAnew {
  readonly code: GeneratedCode;
  readonly arrays: readonly KernelArray[];
  readonly accumulators: ReadonlySet<KernelArray>;
  readonly kept: readonly KernelArray[];
  readonly stats: ReplayStats;
}

/**
 * The plan for `log`: the template cached under `key`, or `plan()`'s made into one, bound to the log's
 * own arrays and `fixed`'s. A shared plan shares code and sizes, never a buffer: every array it writes is
 * the capture's own (or a fresh accumulator), so steps alive at once never write into each other.
 */
export function sharedPlan(key: string, log: KernelLog, fixed: ReadonlyMap<number, KernelArray>, plan: () => PlannedAnew): ReplayPlan {
  const before = planned;
  const template = cachedRecent(TEMPLATES, key, () => {
    planned++;
    const made = plan();
    const sourceOf = sourcesOf(log, fixed, made.accumulators);
    return { code: made.code, arrays: made.arrays.map(sourceOf), kept: made.kept.map(sourceOf), stats: made.stats };
  });
  if (planned === before) shared++;
  return instantiate(template, log, fixed);
}

function instantiate(template: PlanTemplate, log: KernelLog, fixed: ReadonlyMap<number, KernelArray>): ReplayPlan {
  const resolve = (source: ArraySource): KernelArray => {
    switch (source.kind) {
      case 'logged':
        return log.arrays[source.id].array;
      case 'fixed':
        return fixed.get(source.id) as KernelArray;
      case 'initialValues':
        return log.arrays[source.id].initialValues as KernelArray;
      case 'accumulator':
        return new Float64Array(source.length);
    }
  };
  const arrays = template.arrays.map(resolve);
  // Generated code takes the step inputs as arguments: nothing to patch into calls.
  return { run: runGenerated(template.code, log.kernels, arrays), inputPatches: [], kept: template.kept.map(resolve), stats: template.stats };
}

/** A function from each array of a plan made from `log` to where it comes from. */
function sourcesOf(log: KernelLog, fixed: ReadonlyMap<number, KernelArray>, accumulators: ReadonlySet<KernelArray>): (array: KernelArray) => ArraySource {
  const sources = new Map<KernelArray, ArraySource>();
  log.arrays.forEach((logged, id) => {
    sources.set(logged.array, { kind: 'logged', id });
    if (logged.initialValues !== null) sources.set(logged.initialValues, { kind: 'initialValues', id });
  });
  for (const [id, array] of fixed) sources.set(array, { kind: 'fixed', id });
  for (const accumulator of accumulators) sources.set(accumulator, { kind: 'accumulator', length: accumulator.length });
  return (array) => {
    const source = sources.get(array);
    if (source === undefined) throw new Error('compileStep: a planned replay reads an array that is neither logged, fixed nor its own accumulator (a bug in planReplay)');
    return source;
  };
}

/** Kernel sets by identity: a user's set named like a built-in one must not take its plans. */
const KERNEL_SET_IDS = new WeakMap<Kernels, number>();
let kernelSets = 0;

/**
 * Everything planReplay and compileReplay read from a log, kept ids and fixed ids, except the arrays
 * themselves: the kernel set (by identity); each array's origin, element type, length and whether it has
 * initial values; each call's kernel, array ids, and every other argument by value (sizes, strides, ops,
 * and unary params, which pick formulas and become literals: pow 2 is written x * x). Constants' values
 * are not in it: a plan reads them from the capture's own arrays. Logs with one key give one plan up to
 * the arrays it binds. Null where a plan is not shared: bound replays (no generated code), and arguments
 * of a kind this key cannot spell.
 */
export function sharedPlanKey(log: KernelLog, kept: readonly number[], fixed: ReadonlyMap<number, KernelArray>): string | null {
  if (!codeGeneration()) return null;
  let kernelSet = KERNEL_SET_IDS.get(log.kernels);
  if (kernelSet === undefined) KERNEL_SET_IDS.set(log.kernels, (kernelSet = kernelSets++));
  // Built by appending: a capture makes one, and every run of a sweep makes several.
  let key = `k${kernelSet}`;
  for (const { array, origin, initialValues } of log.arrays) key += `\n${originKey(origin)} ${array.constructor.name} ${array.length}${initialValues === null ? '' : ' initial'}`;
  for (const { kernel, args, arrayIds } of log.calls) {
    key += `\n${kernel}`;
    for (let at = 0; at < args.length; at++) {
      // arrayIds is -1 exactly where an argument is not one of the arrays the kernel reads or writes.
      const value = arrayIds[at] >= 0 ? `#${arrayIds[at]}` : valueKey(args[at]);
      if (value === null) return null;
      key += ` ${value}`;
    }
  }
  key += `\nkept ${kept.join(' ')}`;
  for (const [id, array] of fixed) key += `\nfixed ${id} ${array.constructor.name} ${array.length}`;
  return key;
}

function originKey(origin: ArrayOrigin): string {
  if (origin.kind === 'input') return `input ${origin.slot}`;
  if (origin.kind === 'parameter') return `parameter ${origin.index}`;
  return origin.kind;
}

/** A kernel argument that is not an array, spelled so that two spell alike only if they are equal (−0 is not 0); null for anything else. */
function valueKey(value: unknown): string | null {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const spelled = valueKey(item);
      if (spelled === null) return null;
      items.push(spelled);
    }
    return `[${items.join(',')}]`;
  }
  return null;
}
