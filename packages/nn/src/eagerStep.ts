import { fromArray, noGrad, zerosLike, type FloatArray, type Tensor } from '@descent/tensor';
import type { MlpStep } from './compileMlpStep.js';
import { losses, softmaxCrossEntropy, type LossName } from './losses.js';
import type { Module } from './module.js';

export interface EagerStepOptions {
  /** Features per example: the width of x's rows (x may be a longer buffer than n rows, as the runner's is). */
  inFeatures: number;
}

/**
 * A training step for ANY nn Module through the readable engine: forward through tensor ops, nn's loss,
 * `backward()` with the one table of derivative rules. It implements the same `MlpStep` interface as
 * compileMlpStep, so the runner can train a model the compiled step does not know.
 *
 *   const step = eagerStep(model, 'cross_entropy', { inFeatures: 64 });
 *   const loss = step.lossAndGradient(x, labels, batchSize);   // gradients are now in step.grads
 *
 * It builds a graph on every call, so it is slower than the compiled step on an MLP; its gradients are
 * exactly the autograd path's (it is the autograd path).
 */
export function eagerStep(model: Module, loss: LossName, options: EagerStepOptions): MlpStep {
  const lossEntry = losses.get(loss);
  const { inFeatures } = options;
  if (!Number.isInteger(inFeatures) || inFeatures < 1) throw new RangeError(`eagerStep: inFeatures must be a positive integer, got ${inFeatures}`);
  return new EagerStep(model.parameters(), model, lossEntry.name, inFeatures);
}

class EagerStep implements MlpStep {
  readonly grads: readonly FloatArray[];
  /** Each parameter's `.grad`, kept across calls: backward() adds into a leaf's existing grad in place. */
  private readonly gradTensors: readonly Tensor[];

  constructor(
    readonly parameters: readonly Tensor[],
    private readonly model: Module,
    private readonly lossName: LossName,
    private readonly inFeatures: number,
  ) {
    this.gradTensors = parameters.map((p) => zerosLike(p));
    this.grads = this.gradTensors.map((g) => g.data);
    parameters.forEach((p, i) => (p.grad = this.gradTensors[i]));
  }

  lossAndGradient(x: FloatArray, y: FloatArray | Int32Array, n: number): number {
    // Re-attached every call: a caller's zeroGrad() sets .grad to null, and backward() would then give the
    // parameter a new array instead of filling ours. Zero + g is exact, so the gradients are autograd's bits.
    this.parameters.forEach((p, i) => {
      this.gradTensors[i].data.fill(0);
      p.grad = this.gradTensors[i];
    });
    const lossTensor = this.lossOf(this.model.forward(this.input(x, n)), y, n);
    lossTensor.backward();
    return lossTensor.item();
  }

  evaluate(x: FloatArray, y: FloatArray | Int32Array, n: number): { loss: number; outputs: FloatArray } {
    return noGrad(() => {
      const outputs = this.model.forward(this.input(x, n));
      return { loss: this.lossOf(outputs, y, n).item(), outputs: outputs.data };
    });
  }

  private input(x: FloatArray, n: number): Tensor {
    return fromArray(x.subarray(0, n * this.inFeatures) as FloatArray, [n, this.inFeatures]);
  }

  /** nn's loss on the first n examples: integer labels for cross_entropy, else targets shaped like the outputs. */
  private lossOf(outputs: Tensor, y: FloatArray | Int32Array, n: number): Tensor {
    if (this.lossName === 'cross_entropy') return softmaxCrossEntropy(outputs, (y as Int32Array).subarray(0, n));
    const compute = losses.get(this.lossName).compute as (pred: Tensor, target: Tensor) => Tensor;
    return compute(outputs, fromArray((y as FloatArray).subarray(0, outputs.size) as FloatArray, outputs.shape));
  }
}
