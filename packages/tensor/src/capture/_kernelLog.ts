import type { FloatArray } from '../dtype.js';
import type { Kernels } from '../kernels/kernels.js';

/** The arrays kernels read and write: float data, and the integer indices of gather and scatterAdd. */
export type KernelArray = FloatArray | Int32Array;

/** The kernel functions of the seam (every member of Kernels but its name). */
export type KernelName = Exclude<keyof Kernels, 'name'>;

/**
 * Which arguments of each kernel are arrays it reads and which it writes (positions in its parameter
 * list). addStrided and scatterAdd accumulate, so their `out` is both. A kernel added to Kernels without
 * an entry here is a compile error, and so cannot escape the capture.
 */
export const KERNEL_ARRAY_ROLES: { readonly [K in KernelName]: { readonly reads: readonly number[]; readonly writes: readonly number[] } } = {
  matmul: { reads: [0, 1], writes: [2] },
  binary: { reads: [1, 3], writes: [5] },
  unary: { reads: [1], writes: [2] },
  reduce: { reads: [1], writes: [4] },
  copyStrided: { reads: [0], writes: [3] },
  addStrided: { reads: [0, 1], writes: [1] },
  gather: { reads: [0, 4], writes: [5] },
  scatterAdd: { reads: [0, 4, 5], writes: [5] },
};

const KERNEL_NAMES = Object.keys(KERNEL_ARRAY_ROLES) as KernelName[];

/**
 * Where an array in the log comes from. `input` and `parameter` arrays are bound by identity (a replay
 * reads the new input, and the parameters as they are then); a `constant` was made outside the kernels
 * (a scalar operand, backward's seed of 1, zeros to accumulate into) and is read in place; a `temporary`
 * was first written by a logged kernel, and a replay gives it a buffer of its own.
 */
export type ArrayOrigin = { kind: 'input'; slot: number } | { kind: 'parameter'; index: number } | { kind: 'constant' } | { kind: 'temporary' };

export interface LoggedArray {
  readonly array: KernelArray;
  origin: ArrayOrigin;
  /** The index of the first logged call that touched it. */
  readonly firstCall: number;
  /**
   * Set when a constant is later written (zeros that a scatter accumulates into): its values before that
   * write, which a replay copies in at firstCall, since its buffer is then a temporary like any other.
   */
  initialValues: KernelArray | null;
}

export interface LoggedCall {
  readonly kernel: KernelName;
  /** The arguments as passed; arrays among them are identified by `arrayIds` (same positions). */
  readonly args: readonly unknown[];
  /** For each argument position: the id (index into `arrays`) of the array there, or -1. */
  readonly arrayIds: readonly number[];
}

/**
 * A Kernels implementation that logs every call, giving each distinct array an id, and runs through
 * `kernels` only the calls on constants (readsOnlyConstants): a capture records what the step does, and
 * its first replay computes it, so the arithmetic is not done twice. Arrays are told apart by identity,
 * which is how tensors share them (reshape returns the same array).
 */
export class KernelLog {
  readonly calls: LoggedCall[] = [];
  readonly arrays: LoggedArray[] = [];
  private readonly ids = new Map<KernelArray, number>();
  /** Arrays written by calls that ran (see readsOnlyConstants) and not since by one that did not: their values are final. */
  private readonly computed = new Set<KernelArray>();
  readonly recording: Kernels;

  constructor(readonly kernels: Kernels) {
    const recording: Record<string, unknown> = { name: `${kernels.name} (recording)` };
    for (const name of KERNEL_NAMES) {
      const run = kernels[name] as (...args: unknown[]) => void;
      recording[name] = (...args: unknown[]) => {
        const onConstants = this.readsOnlyConstants(name, args);
        this.log(name, args);
        const writes = KERNEL_ARRAY_ROLES[name].writes;
        if (onConstants) {
          run.apply(kernels, args);
          for (const at of writes) this.computed.add(args[at] as KernelArray);
        } else for (const at of writes) this.computed.delete(args[at] as KernelArray);
      };
    }
    this.recording = recording as unknown as Kernels;
  }

  /**
   * Whether a call reads only arrays whose values are final at capture: constants, and what calls on
   * constants alone computed. Only those calls run while the step is captured: their outputs are what the
   * plan folds into constants (planReplay). Every other call is only logged, its output left unwritten:
   * nothing reads it before the replay computes it, since a captured step may not read values.
   */
  private readsOnlyConstants(kernel: KernelName, args: readonly unknown[]): boolean {
    for (const at of KERNEL_ARRAY_ROLES[kernel].reads) {
      const array = args[at] as KernelArray;
      const id = this.ids.get(array);
      if (id !== undefined && this.arrays[id].origin.kind !== 'constant' && !this.computed.has(array)) return false;
    }
    return true;
  }

  /** Give a step input or a parameter its id before the step runs, so reads of it are bound, not constant. */
  bind(array: KernelArray, origin: ArrayOrigin): void {
    if (this.ids.has(array)) return;
    this.ids.set(array, this.arrays.length);
    this.arrays.push({ array, origin, firstCall: 0, initialValues: null });
  }

  idOf(array: KernelArray): number | undefined {
    return this.ids.get(array);
  }

  private log(kernel: KernelName, args: unknown[]): void {
    const roles = KERNEL_ARRAY_ROLES[kernel];
    const arrayIds = args.map(() => -1);
    for (const at of roles.reads) arrayIds[at] = this.idFor(args[at] as KernelArray, { kind: 'constant' });
    for (const at of roles.writes) {
      const id = this.idFor(args[at] as KernelArray, { kind: 'temporary' });
      const logged = this.arrays[id];
      if (logged.origin.kind === 'input' || logged.origin.kind === 'parameter')
        throw new Error(
          `compileStep: the step wrote into ${logged.origin.kind === 'input' ? `input ${logged.origin.slot}` : `parameter ${logged.origin.index}`} (kernel ${kernel}); a captured step may only read its inputs and parameters`,
        );
      if (logged.origin.kind === 'constant') {
        // Still holds the values it was made with: this is the first write (later ones find a temporary).
        logged.initialValues = logged.array.slice();
        logged.origin = { kind: 'temporary' };
      }
      arrayIds[at] = id;
    }
    // Scalars, shapes and strides are copied: a caller may reuse its arrays after the call.
    this.calls.push({ kernel, args: args.map((a) => (Array.isArray(a) ? a.slice() : a)), arrayIds });
  }

  private idFor(array: KernelArray, origin: ArrayOrigin): number {
    const known = this.ids.get(array);
    if (known !== undefined) return known;
    const id = this.arrays.length;
    this.ids.set(array, id);
    this.arrays.push({ array, origin, firstCall: this.calls.length, initialValues: null });
    return id;
  }
}
