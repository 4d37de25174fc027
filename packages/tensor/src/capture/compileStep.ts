import { fromArray } from '../creation.js';
import { dtypeOf, type FloatArray } from '../dtype.js';
import { activeKernels, useKernels } from '../kernels/active.js';
import { formatShape, sizeOf } from '../shape.js';
import { watchValueReads, type Tensor } from '../tensor.js';
import { KernelLog, type KernelArray } from './_kernelLog.js';
import { planReplay, type ReplayPlan, type ReplayStats } from './_replayPlan.js';

/** One input of a step: float values with their shape (a Tensor is one), or integer labels (for gather). */
export type StepInput = { readonly data: FloatArray; readonly shape: readonly number[] } | Int32Array;

/**
 * What a step computes: a single-element loss, or [loss, ...outputs] to read after each run (a network's
 * predictions, say). Float inputs arrive as tensors, labels as Int32Arrays.
 */
export type StepFunction = (...inputs: never[]) => Tensor | readonly Tensor[];

export interface CompileStepOptions {
  /** The tensors the step differentiates (requiresGrad: true). Read in place on every run: update them there. */
  parameters: readonly Tensor[];
  /** Call backward() on the loss (default true); false compiles a forward pass only (an evaluation). */
  gradients?: boolean;
}

export interface CompiledStep {
  readonly parameters: readonly Tensor[];
  /** ∂loss/∂parameters[i] after each run: `parameters[i].grad.data`, the same arrays on every run. */
  readonly grads: readonly FloatArray[];
  /** Run the step on new input values; returns the loss. Overwrites `grads` (it does not accumulate). */
  run(inputs: readonly StepInput[]): number;
  /** The extra tensors the step function returned after the loss, as computed by the last run (overwritten by the next). */
  readonly outputs: readonly FloatArray[];
  /** The plan the last run replayed: kernel calls, temporaries, and the buffers they share. */
  readonly stats: ReplayStats;
}

/** A capture for one set of input shapes, ready to replay. */
interface Capture {
  /** Each input's shape ([length] for labels) and element type ('int32' for labels). */
  readonly shapes: readonly (readonly number[])[];
  readonly dtypes: readonly string[];
  /** Each input's number of elements (what a replay reads of it). */
  readonly sizes: readonly number[];
  readonly plan: ReplayPlan;
}

/**
 * Capture `fn`'s kernel calls once per set of input shapes and replay them on later runs. This is how a
 * training loop runs the readable engine at the speed of a hand-fused step (tinygrad's TinyJit):
 *
 *   const step = compileStep((x, y) => squaredError(model.forward(x), y), { parameters: model.parameters() });
 *   const loss = step.run([{ data: xs, shape: [32, 2] }, { data: ys, shape: [32, 1] }]);  // grads in step.grads
 *
 * The first run with given shapes calls `fn` and `backward()` through a recording kernel set that logs
 * every kernel call and the arrays it reads and writes; inputs and parameters are bound by identity, other
 * arrays made outside the kernels are constants. The log becomes a plan on preallocated buffers, shared
 * between temporaries whose lifetimes do not overlap. Every run (the first too) replays that plan: the
 * same kernels on the same arguments in the same order, so the results are the eager engine's bit for
 * bit, with no Tensor, no graph and no allocation per run. A new input shape is captured anew and cached.
 *
 * A replay cannot branch: `fn` must not read tensor values (`.data`, `item()`, `toArray()`, `clone()`)
 * while it is captured; that is an error naming the read. Nor draw random numbers per step (they would be
 * captured as constants). A tensor `fn` reads that is neither an input nor a parameter is a constant, and
 * work on constants alone is done once, at capture: pass anything you change between runs as an input or
 * a parameter.
 */
export function compileStep(fn: StepFunction, { parameters, gradients = true }: CompileStepOptions): CompiledStep {
  return new CapturingStep(fn, parameters, gradients);
}

/** Why a captured step cannot read values: said once, in every refusal. */
const REPLAY_CANNOT_BRANCH = 'a captured step replays kernel calls only, so the values read (and any branch taken on them) would be frozen at the first run\'s';

class CapturingStep implements CompiledStep {
  readonly grads: readonly FloatArray[];
  outputs: readonly FloatArray[] = [];
  private readonly captures = new Map<string, Capture>();
  private last: Capture | null = null;
  private inputCount = -1;
  private loss: KernelArray = new Float32Array(1);
  /** Each run's input values by slot (reused: a run allocates nothing here). */
  private readonly values: KernelArray[] = [];

  constructor(
    private readonly fn: StepFunction,
    readonly parameters: readonly Tensor[],
    private readonly gradients: boolean,
  ) {
    parameters.forEach((p, i) => {
      if (gradients && !p.requiresGrad) throw new Error(`compileStep: parameter ${i} (shape ${formatShape(p.shape)}) does not have requiresGrad: true`);
    });
    // Owned here and handed to every capture, so grads stay the same arrays across shapes.
    const gradTensors = parameters.map((p) => fromArray(new (p.storage.constructor as new (n: number) => FloatArray)(p.size), p.shape));
    this.grads = gradTensors.map((g) => g.storage);
    if (gradients) parameters.forEach((p, i) => (p.grad = gradTensors[i]));
  }

  get stats(): ReplayStats {
    if (this.last === null) throw new Error('compileStep: stats: the step has not run yet');
    return this.last.plan.stats;
  }

  run(inputs: readonly StepInput[]): number {
    const capture = this.last !== null && matches(this.last, inputs) ? this.last : this.captureFor(inputs);
    this.last = capture;
    const { run, inputPatches } = capture.plan;
    const values = this.values;
    for (let slot = 0; slot < inputs.length; slot++) values[slot] = valuesOf(inputs[slot], capture.sizes[slot], capture.shapes[slot]);
    // A replay bound call by call (no generated code) reads its inputs from its calls' arguments.
    for (let p = 0; p < inputPatches.length; p++) {
      const patch = inputPatches[p];
      patch.args[patch.arg] = values[patch.slot];
    }
    run(values);
    return this.loss[0];
  }

  private captureFor(inputs: readonly StepInput[]): Capture {
    if (this.inputCount !== -1 && inputs.length !== this.inputCount)
      throw new Error(`compileStep: run with ${inputs.length} inputs, but the step was first run with ${this.inputCount}; a step's inputs are fixed (only their shapes may change)`);
    this.inputCount = inputs.length;
    const shapes = inputs.map((input) => (input instanceof Int32Array ? [input.length] : input.shape.slice()));
    const dtypes = inputs.map((input) => (input instanceof Int32Array ? 'int32' : dtypeOf(input.data)));
    const key = JSON.stringify([shapes, dtypes]);
    const known = this.captures.get(key);
    if (known !== undefined) return this.select(known);
    if (this.captures.size > 0) {
      const first = this.captures.values().next().value as Capture;
      first.dtypes.forEach((dtype, i) => {
        if (dtype !== dtypes[i]) throw new Error(`compileStep: input ${i} is ${dtypes[i]}, but the step was captured with ${dtype}; only shapes may change between runs`);
      });
    }
    const capture = this.capture(inputs, shapes, dtypes);
    this.captures.set(key, capture);
    return this.select(capture);
  }

  private select(capture: Capture): Capture {
    const [loss, ...outputs] = capture.plan.kept;
    this.loss = loss;
    this.outputs = outputs as FloatArray[];
    return capture;
  }

  /** Run fn once through the recording kernels, with private copies of the inputs (so they are told apart by identity). */
  private capture(inputs: readonly StepInput[], shapes: Capture['shapes'], dtypes: readonly string[]): Capture {
    const log = new KernelLog(activeKernels());
    const copies = inputs.map((input, slot) => {
      if (input instanceof Int32Array) return input.slice();
      return fromArray(input.data.slice(0, sizeOf(shapes[slot])), shapes[slot]);
    });
    copies.forEach((copy, slot) => log.bind(copy instanceof Int32Array ? copy : copy.storage, { kind: 'input', slot }));
    this.parameters.forEach((p, index) => log.bind(p.storage, { kind: 'parameter', index }));
    const gradTensors = this.parameters.map((p) => p.grad);
    if (this.gradients) for (const p of this.parameters) p.grad = null;

    const previousKernels = useKernels(log.recording);
    const previousWatcher = watchValueReads((tensor, how) => {
      throw new Error(`compileStep: the step function read the values of a tensor of shape ${formatShape(tensor.shape)} through ${how} while being captured; ${REPLAY_CANNOT_BRANCH}. Compute with tensor ops instead, or run this function eagerly`);
    });
    let results: readonly Tensor[];
    const gradIds = new Map<number, KernelArray>();
    try {
      const returned = this.fn(...(copies as never[]));
      results = Array.isArray(returned) ? returned : [returned as Tensor];
      const loss = results[0];
      if (loss === undefined || loss.size !== 1) throw new Error(`compileStep: the step function must return a single-element loss (or [loss, ...outputs]); it returned ${loss === undefined ? 'nothing' : `shape ${formatShape(loss.shape)}`}`);
      if (this.gradients) loss.backward();
      this.parameters.forEach((p, i) => {
        const id = p.grad === null ? undefined : log.idOf(p.grad.storage);
        if (id !== undefined) gradIds.set(id, this.grads[i]);
      });
    } finally {
      useKernels(previousKernels);
      watchValueReads(previousWatcher);
      if (this.gradients) this.parameters.forEach((p, i) => (p.grad = gradTensors[i]));
    }
    // A parameter the loss does not reach keeps a zero gradient, as backward would leave it none.
    this.grads.forEach((g, i) => {
      if (![...gradIds.values()].includes(g)) g.fill(0);
    });
    const kept = results.map((t, i) => {
      const id = log.idOf(t.storage);
      if (id === undefined || log.arrays[id].origin.kind === 'input')
        throw new Error(`compileStep: result ${i} of the step function is ${id === undefined ? 'not computed by any kernel' : 'one of its inputs'}; return tensors the step computes`);
      return id;
    });
    return { shapes, dtypes, sizes: shapes.map(sizeOf), plan: planReplay(log, kept, gradIds) };
  }
}

/** Whether `inputs` have the shapes and element types `capture` was made for (checked without allocating). */
function matches(capture: Capture, inputs: readonly StepInput[]): boolean {
  const { shapes, dtypes } = capture;
  if (inputs.length !== shapes.length) return false;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const expected = shapes[i];
    if (input instanceof Int32Array) {
      if (dtypes[i] !== 'int32' || input.length !== expected[0]) return false;
      continue;
    }
    if (dtypes[i] === 'int32' || input.shape.length !== expected.length) return false;
    for (let d = 0; d < expected.length; d++) if (input.shape[d] !== expected[d]) return false;
    if (dtypeOf(input.data) !== dtypes[i]) return false;
  }
  return true;
}

/** The array a replay reads for an input: its first size-of-shape values (a view when the array is longer). */
function valuesOf(input: StepInput, size: number, shape: readonly number[]): KernelArray {
  if (input instanceof Int32Array) return input;
  if (input.data.length < size) throw new RangeError(`compileStep: an input of shape ${formatShape(shape)} holds only ${input.data.length} values; it needs ${size}`);
  return input.data.length === size ? input.data : input.data.subarray(0, size);
}
