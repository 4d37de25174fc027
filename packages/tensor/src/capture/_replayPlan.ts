import type { PlannedCall } from './_fusedLoop.js';
import { KERNEL_ARRAY_ROLES, type KernelArray, type KernelLog } from './_kernelLog.js';
import { compileReplay, type CompiledReplay, type GeneratedCode } from './_replaySource.js';
import { sharedPlan, sharedPlanKey } from './_sharedPlans.js';

/** Where a replay puts step input `slot`: at position `arg` of a call's `args` (which the calls read on every run). */
export interface InputPatch {
  readonly args: unknown[];
  readonly arg: number;
  readonly slot: number;
}

/**
 * A plan's size: the kernel calls captured and those it replays (fewer: dead calls and plain copies are
 * dropped), and how many buffers its temporaries share (buffers < temporaries: reuse).
 */
export interface ReplayStats {
  readonly kernelCalls: number;
  readonly replayedCalls: number;
  /** What a replay runs: the replayed calls once neighbouring elementwise ones are fused into single loops (and any copies of constants' initial values), each written out or called. */
  readonly fusedCalls: number;
  /** How many of the fused calls call a kernel function; the others are written out in the replay's generated source. */
  readonly calledKernels: number;
  readonly temporaries: number;
  readonly buffers: number;
  /** The generated functions the replay runs in: 1, or its parts when it is long; 0 when its calls are bound (no code generation). */
  readonly generatedParts: number;
}

export interface ReplayPlan {
  /** The whole replay as one generated function, given each step input's values by slot (compileReplay). */
  readonly run: (inputs: readonly KernelArray[]) => void;
  readonly inputPatches: readonly InputPatch[];
  /** The arrays the `kept` ids of planReplay resolve to, in that order. */
  readonly kept: readonly KernelArray[];
  readonly stats: ReplayStats;
}


/**
 * Turn a kernel log into calls on preallocated buffers, in four passes over the log:
 *
 * 0. Constants are folded: a call that reads only constants (a scalar operand times the seed of backward,
 *    say) gave the same values at capture as it would on every replay, so its output becomes a constant.
 * 1. Dead calls are dropped: those whose outputs nothing kept reads (backward computes gradients for
 *    tensors that need none, e.g. through the constant max shift of logSoftmax).
 * 2. Plain copies are forwarded: a contiguous copy of a temporary read nowhere after it (the copy backward
 *    makes of a leaf's gradient) is dropped, and the temporary's producer writes the copy's buffer instead.
 * 3. Buffers are shared by liveness: a temporary lives from the first call that touches it to the last; once
 *    dead, its buffer goes back to a pool (by element type and length) and the next temporary of that type
 *    and length that is born takes it. A buffer is released only after the call that last reads it, so no
 *    call's output shares a buffer with one of its own inputs (kernels assume that).
 *
 * None of these changes a value: the calls that remain run on the same values in the same order.
 * `kept` ids stay live to the end (the loss and the step's outputs); `fixed` temporaries get the arrays
 * given (the parameters' gradient arrays, the same on every replay of every shape).
 *
 * A log with the structure of an earlier one (the same step of another run of a sweep) skips the passes:
 * it takes that plan, bound to its own arrays (_sharedPlans).
 */
export function planReplay(log: KernelLog, kept: readonly number[], fixed: ReadonlyMap<number, KernelArray>): ReplayPlan {
  const key = sharedPlanKey(log, kept, fixed);
  if (key === null) return planAnew(log, kept, fixed).plan;
  return sharedPlan(key, log, fixed, () => {
    const { plan, replayed } = planAnew(log, kept, fixed);
    // A key is made only where replays are generated code (sharedPlanKey), so code is not null here.
    return { code: replayed.code as GeneratedCode, arrays: replayed.arrays, accumulators: replayed.accumulators, kept: plan.kept, stats: plan.stats };
  });
}

/** planReplay's passes on this log's own arrays, and the replay they gave. */
function planAnew(log: KernelLog, kept: readonly number[], fixed: ReadonlyMap<number, KernelArray>): { plan: ReplayPlan; replayed: CompiledReplay } {
  const { calls, arrays } = log;
  const folded = foldConstants(log, fixed);
  const live = liveCalls(log, kept, fixed).map((isLive, i) => isLive && !folded.calls.has(i));
  const representative = forwardCopies(log, live, kept, fixed, folded.arrays);
  const idOf = (id: number) => (id < 0 ? id : representative[id]);

  const firstCall = arrays.map(() => -1);
  const lastCall = arrays.map(() => -1);
  live.forEach((isLive, i) => {
    if (!isLive) return;
    for (const raw of calls[i].arrayIds) {
      const id = idOf(raw);
      if (id < 0) continue;
      if (firstCall[id] === -1) firstCall[id] = i;
      lastCall[id] = i;
    }
  });
  for (const id of kept) lastCall[idOf(id)] = Infinity;

  const bornAt = calls.map((): number[] => []);
  const diesAfter = calls.map((): number[] => []);
  arrays.forEach((logged, id) => {
    if (logged.origin.kind !== 'temporary' || folded.arrays.has(id) || firstCall[id] === -1) return;
    bornAt[firstCall[id]].push(id);
    if (!fixed.has(id) && lastCall[id] !== Infinity) diesAfter[lastCall[id]].push(id);
  });

  const buffers = new Map<number, KernelArray>(fixed);
  const pool = new Map<string, KernelArray[]>();
  const poolKey = (a: KernelArray) => `${a.constructor.name}:${a.length}`;
  let allocated = 0;
  // A temporary that finds no free buffer keeps the array the capture made for it (nothing else holds it), so a capture allocates no buffer twice.
  const take = (id: number): KernelArray => {
    const like = arrays[id].array;
    const free = pool.get(poolKey(like));
    if (free !== undefined && free.length > 0) return free.pop() as KernelArray;
    allocated++;
    return like;
  };

  const replay: PlannedCall[] = [];
  const inputPatches: InputPatch[] = [];
  calls.forEach((call, i) => {
    if (i > 0) for (const id of diesAfter[i - 1]) {
      const buffer = buffers.get(id) as KernelArray;
      const key = poolKey(buffer);
      const free = pool.get(key);
      if (free === undefined) pool.set(key, [buffer]);
      else free.push(buffer);
    }
    for (const id of bornAt[i]) {
      if (!buffers.has(id)) buffers.set(id, take(id));
      const initial = arrays[id].initialValues;
      if (initial !== null) replay.push({ kernel: 'initialValues', args: [initial, buffers.get(id)], inputs: [] });
    }
    if (!live[i]) return;
    const args = call.args.slice();
    const inputs: { at: number; slot: number }[] = [];
    call.arrayIds.forEach((raw, at) => {
      const id = idOf(raw);
      if (id < 0) return;
      const origin = arrays[id].origin;
      if (origin.kind === 'input') {
        inputPatches.push({ args, arg: at, slot: origin.slot });
        inputs.push({ at, slot: origin.slot });
      }
      else if (origin.kind === 'temporary' && !folded.arrays.has(id)) args[at] = buffers.get(id);
      // parameters and constants (folded ones too) are read in place: args already holds their arrays
    });
    replay.push({ kernel: call.kernel, args, inputs });
  });
  const keptArrays = kept.map((id) => buffers.get(idOf(id)) ?? arrays[idOf(id)].array);
  // Temporaries' buffers, which nothing outside the replay reads: stores into them may be left out where no later call reads them.
  const scratch = new Set<KernelArray>(buffers.values());
  for (const b of [...keptArrays, ...fixed.values()]) scratch.delete(b);
  const replayed = compileReplay(log.kernels, replay, scratch);

  const temporaries = arrays.filter((a) => a.origin.kind === 'temporary').length - fixed.size;
  const plan = {
    run: replayed.run,
    // A generated replay takes the inputs as arguments; only the bound fallback reads them from its calls' args.
    inputPatches: replayed.readsArguments ? inputPatches : [],
    kept: keptArrays,
    stats: { kernelCalls: calls.length, replayedCalls: live.filter(Boolean).length, fusedCalls: replayed.pieces, calledKernels: replayed.calledKernels, temporaries, buffers: allocated, generatedParts: replayed.parts },
  };
  return { plan, replayed };
}

/**
 * The calls that read only constants and write temporaries no other call writes (and that are not the
 * fixed gradient arrays), in log order so that folded outputs fold the calls that read them; and those
 * outputs, whose capture arrays hold their final values.
 */
function foldConstants(log: KernelLog, fixed: ReadonlyMap<number, KernelArray>): { calls: Set<number>; arrays: Set<number> } {
  const { calls, arrays } = log;
  const writers = arrays.map(() => 0);
  for (const call of calls) for (const at of KERNEL_ARRAY_ROLES[call.kernel].writes) writers[call.arrayIds[at]]++;
  const foldedCalls = new Set<number>();
  const foldedArrays = new Set<number>();
  const constant = (id: number) => arrays[id].origin.kind === 'constant' || foldedArrays.has(id);
  calls.forEach((call, i) => {
    const roles = KERNEL_ARRAY_ROLES[call.kernel];
    const writes = roles.writes.map((at) => call.arrayIds[at]);
    const foldable =
      roles.reads.every((at) => constant(call.arrayIds[at]) && !writes.includes(call.arrayIds[at])) &&
      writes.every((id) => writers[id] === 1 && arrays[id].initialValues === null && !fixed.has(id));
    if (!foldable) return;
    foldedCalls.add(i);
    for (const id of writes) foldedArrays.add(id);
  });
  return { calls: foldedCalls, arrays: foldedArrays };
}

/** Which calls a kept or fixed array depends on, walking the log backwards (a call reading an array needs its writers). */
function liveCalls(log: KernelLog, kept: readonly number[], fixed: ReadonlyMap<number, KernelArray>): boolean[] {
  const needed = new Set<number>([...kept, ...fixed.keys()]);
  const live = log.calls.map(() => false);
  for (let i = log.calls.length - 1; i >= 0; i--) {
    const call = log.calls[i];
    const roles = KERNEL_ARRAY_ROLES[call.kernel];
    if (!roles.writes.some((at) => needed.has(call.arrayIds[at]))) continue;
    live[i] = true;
    for (const at of roles.reads) needed.add(call.arrayIds[at]);
  }
  return live;
}

/**
 * For each array id, the id whose buffer it uses: itself, or the destination of a plain copy it was
 * forwarded into. A copy qualifies when it reads its whole source contiguously into a fresh array of the
 * same type and length, and the source is a temporary that nothing reads after the copy. The copy is then
 * marked dead in `live`.
 */
function forwardCopies(log: KernelLog, live: boolean[], kept: readonly number[], fixed: ReadonlyMap<number, KernelArray>, folded: ReadonlySet<number>): number[] {
  const { calls, arrays } = log;
  const representative = arrays.map((_, id) => id);
  const lastLiveUse = arrays.map(() => -1);
  live.forEach((isLive, i) => isLive && calls[i].arrayIds.forEach((id) => id >= 0 && (lastLiveUse[id] = i)));
  const pinned = new Set<number>([...kept, ...fixed.keys(), ...folded]);
  const touched = new Set<number>();
  calls.forEach((call, i) => {
    if (!live[i]) return;
    const [source, , , out] = call.arrayIds;
    const fresh = call.kernel === 'copyStrided' && !touched.has(out);
    call.arrayIds.forEach((id) => id >= 0 && touched.add(id));
    if (!fresh) return;
    const [, offset, strides, , shape] = call.args as [KernelArray, number, readonly number[], KernelArray, readonly number[]];
    const from = arrays[source];
    const to = arrays[out];
    const plain = offset === 0 && isContiguous(shape, strides) && from.array.length === to.array.length && from.array.constructor === to.array.constructor;
    const sourceIsPrivate = from.origin.kind === 'temporary' && !pinned.has(source) && from.initialValues === null && lastLiveUse[source] === i;
    if (!plain || !sourceIsPrivate || to.initialValues !== null || representative[source] !== source) return;
    representative[source] = out;
    live[i] = false;
  });
  // A forwarded source may itself have been the destination of an earlier forward: follow the chain.
  return representative.map((id) => {
    let at = id;
    while (representative[at] !== at) at = representative[at];
    return at;
  });
}

/** Whether strides walk `shape` row-major without gaps (size-1 axes may have any stride). */
function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && strides[d] !== expected) return false;
    expected *= shape[d];
  }
  return true;
}
