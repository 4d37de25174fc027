import type { KernelArray, KernelLog } from './_kernelLog.js';

/** One call of a replay: a kernel (or a copy of a constant's initial values) with its arguments resolved. */
export interface ReplayCall {
  readonly run: (...args: never[]) => void;
  readonly self: unknown;
  /** Mutable only at the positions of step inputs, which each replay sets (see InputPatch). */
  readonly args: unknown[];
}

/** Where a replay puts step input `slot`: argument `arg` of call `call`. */
export interface InputPatch {
  readonly call: number;
  readonly arg: number;
  readonly slot: number;
}

/** How many kernel calls a plan replays and how many buffers its temporaries share (buffers < temporaries: reuse). */
export interface ReplayStats {
  readonly kernelCalls: number;
  readonly temporaries: number;
  readonly buffers: number;
}

export interface ReplayPlan {
  readonly calls: readonly ReplayCall[];
  readonly inputPatches: readonly InputPatch[];
  /** The arrays the `kept` ids of planReplay resolve to, in that order. */
  readonly kept: readonly KernelArray[];
  readonly stats: ReplayStats;
}

function copyInto(from: KernelArray, to: KernelArray): void {
  to.set(from);
}

/**
 * Turn a kernel log into calls on preallocated buffers. A temporary lives from the first call that touches
 * it to the last; once dead, its buffer goes back to a pool (by element type and length) and the next
 * temporary of that type and length that is born takes it. A buffer is released only after the call that
 * last reads it, so no call's output shares a buffer with one of its own inputs (kernels assume that).
 *
 * `kept` ids stay live to the end (the loss and the step's outputs); `fixed` temporaries get the arrays
 * given (the parameters' gradient arrays, the same on every replay of every shape).
 */
export function planReplay(log: KernelLog, kept: readonly number[], fixed: ReadonlyMap<number, KernelArray>): ReplayPlan {
  const { calls, arrays } = log;
  const lastCall = arrays.map(() => -1);
  calls.forEach((call, i) => call.arrayIds.forEach((id) => id >= 0 && (lastCall[id] = i)));
  for (const id of kept) lastCall[id] = Infinity;

  const bornAt = calls.map((): number[] => []);
  const diesAfter = calls.map((): number[] => []);
  arrays.forEach((logged, id) => {
    if (logged.origin.kind !== 'temporary' || fixed.has(id)) return;
    bornAt[logged.firstCall].push(id);
    if (lastCall[id] !== Infinity) diesAfter[lastCall[id]].push(id);
  });

  const buffers = new Map<number, KernelArray>(fixed);
  const pool = new Map<string, KernelArray[]>();
  const poolKey = (a: KernelArray) => `${a.constructor.name}:${a.length}`;
  let allocated = 0;
  const take = (like: KernelArray): KernelArray => {
    const free = pool.get(poolKey(like));
    if (free !== undefined && free.length > 0) return free.pop() as KernelArray;
    allocated++;
    return new (like.constructor as new (length: number) => KernelArray)(like.length);
  };

  const replay: ReplayCall[] = [];
  const inputPatches: InputPatch[] = [];
  const initialise = (id: number) => {
    const initial = arrays[id].initialValues;
    if (initial !== null) replay.push({ run: copyInto, self: undefined, args: [initial, buffers.get(id)] });
  };
  for (const id of fixed.keys()) if (arrays[id].firstCall === 0) initialise(id);

  calls.forEach((call, i) => {
    if (i > 0) for (const id of diesAfter[i - 1]) {
      const buffer = buffers.get(id) as KernelArray;
      const key = poolKey(buffer);
      pool.set(key, [...(pool.get(key) ?? []), buffer]);
    }
    for (const id of bornAt[i]) {
      buffers.set(id, take(arrays[id].array));
      initialise(id);
    }
    for (const [id] of fixed) if (i > 0 && arrays[id].firstCall === i) initialise(id);
    const args = call.args.slice();
    call.arrayIds.forEach((id, at) => {
      if (id < 0) return;
      const origin = arrays[id].origin;
      if (origin.kind === 'input') inputPatches.push({ call: replay.length, arg: at, slot: origin.slot });
      else if (origin.kind === 'temporary') args[at] = buffers.get(id);
      // parameters and constants are read in place: args already holds their arrays
    });
    replay.push({ run: log.kernels[call.kernel] as (...args: never[]) => void, self: log.kernels, args });
  });

  const temporaries = arrays.filter((a) => a.origin.kind === 'temporary').length - fixed.size;
  return {
    calls: replay,
    inputPatches,
    kept: kept.map((id) => buffers.get(id) ?? arrays[id].array),
    stats: { kernelCalls: calls.length, temporaries, buffers: allocated },
  };
}
