import { compileStep, formatShape, noGrad, zeros, type CompiledStep, type FloatArray, type StepInput, type Tensor } from '@descent/tensor';
import { Linear } from './linear.js';
import { losses, type LossName } from './losses.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';

/** A loss as the step calls it: targets are a tensor (squared_error, bce) or integer labels (cross_entropy). */
type StepLoss = (outputs: Tensor, targets: Tensor | Int32Array) => Tensor;

/**
 * A training step of a model on batches in flat arrays, as the runner and the bench call it; capturedStep makes one.
 * Nothing is allocated per call once a batch size has been seen.
 */
export interface MlpStep {
  /** The model's parameters, in `model.parameters()` order. */
  readonly parameters: readonly Tensor[];
  /** One gradient array per parameter: `parameters[i].grad.data`, the same arrays on every call. */
  readonly grads: readonly FloatArray[];
  /**
   * Forward pass, loss and backward pass for the n examples in rows 0..n of `x` ([n, inFeatures] row-major;
   * a longer buffer is fine). `y` holds n×outFeatures targets for squared_error and bce, or n integer class
   * labels for cross_entropy. Overwrites every parameter's gradient with ∂loss/∂θ and returns the loss, both
   * averaged exactly as nn's loss functions average them.
   */
  lossAndGradient(x: FloatArray, y: FloatArray | Int32Array, n: number): number;
  /**
   * Forward pass and loss only (an evaluation): the gradients are left as they are. Returns the loss and
   * the network's outputs ([n, outFeatures], after the output activation), a buffer that the next call
   * with the same n overwrites.
   */
  evaluate(x: FloatArray, y: FloatArray | Int32Array, n: number): { loss: number; outputs: FloatArray };
}

export interface CapturedStepOptions {
  /** The width of one example. Default: the inFeatures of the model's first Linear layer. */
  inFeatures?: number;
}

/**
 * A training step for any nn module, through the readable engine: `loss(model.forward(x), y).backward()`
 * captured once per batch size by tensor's compileStep and replayed on preallocated buffers. It knows no
 * derivative of its own: every gradient comes from tensor's table, so a new layer or loss needs no second
 * derivation. Sweeps train every dataset problem through it.
 *
 *   const step = capturedStep(model, 'squared_error');
 *   const loss = step.lossAndGradient(x, y, batchSize);        // gradients are now in step.grads
 *
 * Gradients, losses and outputs equal eager autograd's bit for bit (the same kernels in the same order).
 */
export function capturedStep(model: Module, lossName: LossName, options: CapturedStepOptions = {}): MlpStep {
  const loss = losses.get(lossName).compute as StepLoss;
  const parameters = model.parameters();
  if (parameters.length === 0) throw new TypeError('capturedStep: the model has no parameters to train');
  const inFeatures = options.inFeatures ?? firstLinear(model)?.inFeatures;
  if (inFeatures === undefined) throw new TypeError('capturedStep: the model does not start with a Linear layer; pass options.inFeatures (the width of one example)');
  // One eager forward pass of a single zero example tells the output width of any module.
  const probe = noGrad(() => model.forward(zeros([1, inFeatures], { dtype: parameters[0].dtype })));
  if (probe.rank !== 2) throw new RangeError(`capturedStep: the model maps [1, ${inFeatures}] to ${formatShape(probe.shape)}; expected [batch, outputs]`);
  return new CapturedStep(model, loss, lossName, parameters, inFeatures, probe.shape[1]);
}

/** The model itself if it is a Linear layer, else the first Linear a Sequential starts with (searching nested ones). */
function firstLinear(model: Module): Linear | undefined {
  if (model instanceof Linear) return model;
  if (model instanceof Sequential && model.layers.length > 0) return firstLinear(model.layers[0]);
  return undefined;
}

/** A class, not closures: one per run, and V8 optimises prototype methods once per thread, not once per closure made. */
class CapturedStep implements MlpStep {
  readonly grads: readonly FloatArray[];
  private readonly training: CompiledStep;
  private readonly evaluation: CompiledStep;
  // Reused for every call (compileStep copies the shapes it captures), so a step allocates nothing here.
  private readonly examples: { data: FloatArray; shape: number[] };
  private readonly targets: { data: FloatArray; shape: number[] };
  private readonly inputs: StepInput[] = [];
  /** compileStep's gradient tensors, which it sets as each parameter's .grad once, at construction. */
  private readonly gradTensors: readonly (Tensor | null)[];

  constructor(
    model: Module,
    loss: StepLoss,
    private readonly lossName: LossName,
    readonly parameters: readonly Tensor[],
    private readonly inFeatures: number,
    private readonly outFeatures: number,
  ) {
    this.training = compileStep((x: Tensor, y: Tensor | Int32Array) => loss(model.forward(x), y), { parameters });
    this.evaluation = compileStep(
      (x: Tensor, y: Tensor | Int32Array) => {
        const outputs = model.forward(x);
        return [loss(outputs, y), outputs];
      },
      { parameters, gradients: false },
    );
    this.grads = this.training.grads;
    this.gradTensors = parameters.map((p) => p.grad);
    const empty = new Float32Array(0);
    this.examples = { data: empty, shape: [0, inFeatures] };
    this.targets = { data: empty, shape: [0, outFeatures] };
  }

  lossAndGradient(x: FloatArray, y: FloatArray | Int32Array, n: number): number {
    // The autograd path may have replaced .grad (zeroGrad, backward); point it back at the arrays the replay
    // fills, as MlpStep promises (grads[i] is parameters[i].grad.data).
    const { parameters, gradTensors } = this;
    for (let i = 0; i < parameters.length; i++) if (parameters[i].grad !== gradTensors[i]) parameters[i].grad = gradTensors[i];
    return this.training.run(this.batch('lossAndGradient', x, y, n));
  }

  evaluate(x: FloatArray, y: FloatArray | Int32Array, n: number): { loss: number; outputs: FloatArray } {
    const loss = this.evaluation.run(this.batch('evaluate', x, y, n));
    return { loss, outputs: this.evaluation.outputs[0] };
  }

  /** The step's inputs for rows 0..n of x and y, checked here because a replay checks nothing (it would read past a row). */
  private batch(method: string, x: FloatArray, y: FloatArray | Int32Array, n: number): StepInput[] {
    const { inFeatures, outFeatures } = this;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${method}: n is ${n}; expected a positive integer (the number of examples)`);
    if (x.length < n * inFeatures) throw new RangeError(`${method}: x holds ${x.length} values; ${n} examples of ${inFeatures} features need ${n * inFeatures}`);
    this.examples.data = x;
    this.examples.shape[0] = n;
    this.inputs[0] = this.examples;
    if (this.lossName === 'cross_entropy') {
      if (!(y instanceof Int32Array)) throw new TypeError(`${method}: cross_entropy needs the labels as an Int32Array`);
      if (y.length < n) throw new RangeError(`${method}: ${y.length} labels for ${n} examples`);
      // gather's range check runs only while capturing; a replay would read outside the row.
      for (let i = 0; i < n; i++) {
        const label = y[i];
        if (label < 0 || label >= outFeatures)
          throw new RangeError(`${method}: label ${label} at index ${i} is out of range for ${outFeatures} classes (expected an integer in [0, ${outFeatures - 1}])`);
      }
      this.inputs[1] = y.length === n ? y : y.subarray(0, n);
      return this.inputs;
    }
    if (y instanceof Int32Array) throw new TypeError(`${method}: ${this.lossName} needs float targets, got an Int32Array`);
    if (y.length < n * outFeatures) throw new RangeError(`${method}: y holds ${y.length} values; ${n} examples of ${outFeatures} targets need ${n * outFeatures}`);
    this.targets.data = y;
    this.targets.shape[0] = n;
    this.inputs[1] = this.targets;
    return this.inputs;
  }
}
