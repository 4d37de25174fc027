import { activeKernels, zerosLike, type DType, type FloatArray, type Kernels, type Tensor } from '@descent/tensor';
import { Activation } from './activations.js';
import { Linear } from './linear.js';
import { losses, type LossName } from './losses.js';
import type { ActivationName, Module } from './module.js';
import { Sequential } from './sequential.js';

/** A compiled training step: see compileMlpStep. */
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

/** One Linear layer and the activation that follows it (identity when none does). */
interface LayerPlan {
  weight: FloatArray;
  bias: FloatArray | null;
  inFeatures: number;
  outFeatures: number;
  activation: ActivationName;
  alpha: number;
}

/** Per-batch-size buffers, per layer: z = x·W + b, a = act(z) (the same array for identity), g = ∂loss/∂z. */
interface Workspace {
  z: FloatArray[];
  a: FloatArray[];
  g: FloatArray[];
}

/**
 * Compile a training step for an MLP: Linear layers, each optionally followed by one activation (what `mlp`
 * builds, or a `sequential` of `linear` and activation modules), trained with one of nn's losses.
 *
 *   const step = compileMlpStep(model, 'squared_error');      // or compileMlpStep(model, squaredError)
 *   const loss = step.lossAndGradient(x, y, batchSize);        // gradients are now in step.grads
 *
 * It computes what `loss(model.forward(x), y).backward()` computes, without building a graph: forward into
 * preallocated buffers, the bias add and activation fused into one pass, the loss fused with its gradient
 * (softmax with cross-entropy, sigmoid with binary cross-entropy), and the backward pass as matmuls with
 * transposed operands read in place. Nothing is allocated per call once a batch size has been seen, so
 * small networks run at the speed of hand-written loops.
 *
 * Results agree with the autograd path to float32 rounding, not bit for bit: the forward pass is the same
 * arithmetic, but the loss and its gradient are computed in float64 and rounded once, where the graph
 * rounds after every op. Activations are trusted by name (and `alpha` for leaky_relu), so an `Activation`
 * built with a custom function cannot be compiled correctly; use the autograd path for those.
 */
export function compileMlpStep(model: Module, loss: LossName | ((...args: never[]) => Tensor)): MlpStep {
  const lossName = resolveLoss(loss);
  const plans = planLayers(model);
  const parameters = model.parameters();
  const dtype = parameters[0].dtype;
  for (const p of parameters) {
    if (p.dtype !== dtype) throw new TypeError(`compileMlpStep: parameters mix ${dtype} and ${p.dtype}; every layer must have the same dtype`);
  }
  const gradTensors = parameters.map((p) => zerosLike(p));
  parameters.forEach((p, i) => (p.grad = gradTensors[i]));
  // parameters() lists each linear layer's weight, then its bias when it has one.
  let next = 0;
  const layers = plans.map(
    (plan) =>
      new Layer(plan.weight, plan.bias, plan.inFeatures, plan.outFeatures, plan.activation, plan.alpha, gradTensors[next++].data, plan.bias === null ? null : gradTensors[next++].data),
  );
  return new CompiledMlpStep(parameters, gradTensors, layers, lossName, dtype);
}

/** A planned layer with the buffers its gradients go to (a class: every layer of every step has one shape). */
class Layer implements LayerPlan {
  constructor(
    readonly weight: FloatArray,
    readonly bias: FloatArray | null,
    readonly inFeatures: number,
    readonly outFeatures: number,
    readonly activation: ActivationName,
    readonly alpha: number,
    readonly weightGrad: FloatArray,
    readonly biasGrad: FloatArray | null,
  ) {}
}

/*
 * A class, not closures: a sweep compiles a step per run, and every closure made per run was optimised by
 * V8 anew (each worker thread recompiled the step's functions about eight times per sweep); methods on a
 * prototype are optimised once per thread.
 */
class CompiledMlpStep implements MlpStep {
  readonly grads: readonly FloatArray[];
  private readonly inFeatures: number;
  private readonly outFeatures: number;
  private readonly columnSums: Float64Array;
  private readonly workspaces = new Map<number, Workspace>();
  private lastN = 0;
  private lastWorkspace: Workspace | null = null;

  constructor(
    readonly parameters: readonly Tensor[],
    private readonly gradTensors: readonly Tensor[],
    private readonly layers: readonly Layer[],
    private readonly lossName: LossName,
    private readonly dtype: DType,
  ) {
    this.grads = gradTensors.map((g) => g.data);
    this.inFeatures = layers[0].inFeatures;
    this.outFeatures = layers[layers.length - 1].outFeatures;
    this.columnSums = new Float64Array(Math.max(...layers.map((l) => l.outFeatures)));
  }

  evaluate(x: FloatArray, y: FloatArray | Int32Array, n: number): { loss: number; outputs: FloatArray } {
    checkBatch(x, y, n, this.inFeatures, this.outFeatures, this.lossName);
    const workspace = this.workspaceFor(n);
    this.forward(x, n, workspace);
    const last = this.layers.length - 1;
    // The loss only: the output gradient (an exp per output for bce) would be thrown away.
    const loss = lossAndOutputGradient(this.lossName, workspace.a[last], y, null, n, this.outFeatures);
    return { loss, outputs: workspace.a[last] };
  }

  lossAndGradient(x: FloatArray, y: FloatArray | Int32Array, n: number): number {
    const { parameters, gradTensors, layers } = this;
    checkBatch(x, y, n, this.inFeatures, this.outFeatures, this.lossName);
    // The autograd path may have replaced .grad (zeroGrad, backward); point it back at our buffers.
    for (let i = 0; i < parameters.length; i++) if (parameters[i].grad !== gradTensors[i]) parameters[i].grad = gradTensors[i];
    const kernels = activeKernels();
    const workspace = this.workspaceFor(n);
    const { z, a, g } = workspace;
    const last = layers.length - 1;
    this.forward(x, n, workspace);
    const lossValue = lossAndOutputGradient(this.lossName, a[last], y, g[last], n, this.outFeatures);

    for (let l = last; l >= 0; l--) {
      const layer = layers[l];
      multiplyByDerivative(g[l], z[l], a[l], layer.activation, layer.alpha, n * layer.outFeatures);
      const below = l === 0 ? x : a[l - 1];
      // ∂W = inputᵀ·g ([in, n]·[n, out]); ∂b = Σ over the batch of g; ∂input = g·Wᵀ ([n, out]·[out, in]).
      kernels.matmul(below, g[l], layer.weightGrad, layer.inFeatures, n, layer.outFeatures, true, false);
      if (layer.biasGrad !== null) sumColumns(g[l], n, layer.outFeatures, this.columnSums, layer.biasGrad);
      if (l > 0) kernels.matmul(g[l], layer.weight, g[l - 1], n, layer.outFeatures, layer.inFeatures, false, true);
    }
    return lossValue;
  }

  private workspaceFor(n: number): Workspace {
    if (n === this.lastN && this.lastWorkspace !== null) return this.lastWorkspace;
    let workspace = this.workspaces.get(n);
    if (workspace === undefined) {
      // A run sees its batch size, the epoch's shorter last batch, and the train and test set sizes it
      // evaluates; more sizes than that means the caller varies n freely, and old buffers are let go
      // rather than kept forever.
      if (this.workspaces.size >= 6) this.workspaces.clear();
      workspace = makeWorkspace(this.layers, n, this.dtype);
      this.workspaces.set(n, workspace);
    }
    this.lastN = n;
    this.lastWorkspace = workspace;
    return workspace;
  }

  /** The forward pass into the workspace: z = input·W, a = activation(z + b), layer by layer. */
  private forward(x: FloatArray, n: number, { z, a }: Workspace): void {
    const kernels = activeKernels();
    const layers = this.layers;
    let input: FloatArray = x;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l];
      kernels.matmul(input, layer.weight, z[l], n, layer.inFeatures, layer.outFeatures, false, false);
      biasAndActivate(kernels, z[l], a[l], layer.bias, n, layer.outFeatures, layer.activation, layer.alpha);
      input = a[l];
    }
  }
}

/** A loss by name, or nn's function for it (`squaredError` for 'squared_error'). */
function resolveLoss(loss: unknown): LossName {
  const byFunction = losses.list().find((entry) => entry.compute === loss);
  if (byFunction !== undefined) return byFunction.name;
  const issue = losses.nameIssue(loss);
  // The function names are written out: a bundler may rename the functions themselves.
  if (issue !== null) throw new RangeError(`compileMlpStep: ${issue}; nn's squaredError, bceWithLogits and softmaxCrossEntropy are accepted too`);
  return loss as LossName;
}

/** The model as Linear layers with their activations; anything else is refused with where it was found. */
function planLayers(model: Module): LayerPlan[] {
  const modules: readonly Module[] = model instanceof Sequential ? model.layers : [model];
  const layers: LayerPlan[] = [];
  let previousWasActivation = false;
  modules.forEach((module, index) => {
    if (module instanceof Linear) {
      layers.push({
        weight: module.weight.data,
        bias: module.bias === null ? null : module.bias.data,
        inFeatures: module.inFeatures,
        outFeatures: module.outFeatures,
        activation: 'identity',
        alpha: 0,
      });
      previousWasActivation = false;
      return;
    }
    if (module instanceof Activation) {
      const layer = layers[layers.length - 1];
      if (layer === undefined || previousWasActivation)
        throw new TypeError(`compileMlpStep: layer ${index} (${module.name}) must follow a linear layer; supported models are linear layers, each followed by at most one activation`);
      layer.activation = module.name;
      layer.alpha = module.alpha;
      previousWasActivation = true;
      return;
    }
    const kind = (module as object)?.constructor?.name ?? typeof module;
    throw new TypeError(`compileMlpStep: layer ${index} is a ${kind}; supported models are linear layers, each followed by at most one activation (sigmoid, tanh, relu, leaky_relu, identity)`);
  });
  if (layers.length === 0) throw new TypeError('compileMlpStep: the model has no linear layer');
  for (let l = 1; l < layers.length; l++) {
    if (layers[l].inFeatures !== layers[l - 1].outFeatures)
      throw new RangeError(`compileMlpStep: linear layer ${l} takes ${layers[l].inFeatures} inputs but the layer before gives ${layers[l - 1].outFeatures}`);
  }
  return layers;
}

function makeWorkspace(layers: readonly LayerPlan[], n: number, dtype: DType): Workspace {
  const make = (size: number) => (dtype === 'float64' ? new Float64Array(size) : new Float32Array(size));
  const z = layers.map((l) => make(n * l.outFeatures));
  return {
    z,
    a: layers.map((l, i) => (l.activation === 'identity' ? z[i] : make(n * l.outFeatures))),
    g: layers.map((l) => make(n * l.outFeatures)),
  };
}

function checkBatch(x: FloatArray, y: FloatArray | Int32Array, n: number, inFeatures: number, outFeatures: number, loss: LossName): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`lossAndGradient: n is ${n}; expected a positive integer (the number of examples)`);
  if (x.length < n * inFeatures) throw new RangeError(`lossAndGradient: x holds ${x.length} values; ${n} examples of ${inFeatures} features need ${n * inFeatures}`);
  if (loss === 'cross_entropy') {
    if (!(y instanceof Int32Array)) throw new TypeError('lossAndGradient: cross_entropy needs the labels as an Int32Array');
    if (y.length < n) throw new RangeError(`lossAndGradient: ${y.length} labels for ${n} examples`);
    for (let i = 0; i < n; i++) {
      const label = y[i];
      if (label < 0 || label >= outFeatures)
        throw new RangeError(`lossAndGradient: label ${label} at index ${i} is out of range for ${outFeatures} classes (expected an integer in [0, ${outFeatures - 1}])`);
    }
  } else if (y.length < n * outFeatures) {
    throw new RangeError(`lossAndGradient: y holds ${y.length} values; ${n} examples of ${outFeatures} targets need ${n * outFeatures}`);
  }
}

/**
 * z ← z + b (per column), then a ← act(z), so the forward pass gives the autograd path's bits. Sigmoid is the
 * active kernels' own `unary('sigmoid')` on the whole layer: its last bits depend on the kernel set and the
 * length (WebAssembly SIMD for long float32 arrays), and the autograd path calls the same kernel on the
 * same n·width values. The others are one fused pass with the tensor kernels' formulas.
 */
function biasAndActivate(kernels: Kernels, z: FloatArray, a: FloatArray, bias: FloatArray | null, n: number, width: number, activation: ActivationName, alpha: number): void {
  if (bias !== null) {
    for (let i = 0, o = 0; i < n; i++) for (let j = 0; j < width; j++, o++) z[o] = z[o] + bias[j];
  }
  const size = n * width;
  switch (activation) {
    case 'identity':
      return;
    case 'sigmoid':
      // z and a are exactly n·width long (the workspace's), as unary needs.
      kernels.unary('sigmoid', z, a, 0);
      return;
    case 'tanh':
      for (let o = 0; o < size; o++) a[o] = Math.tanh(z[o]);
      return;
    case 'relu':
      for (let o = 0; o < size; o++) a[o] = z[o] > 0 ? z[o] : 0;
      return;
    case 'leaky_relu':
      for (let o = 0; o < size; o++) a[o] = z[o] > 0 ? z[o] : alpha * z[o];
      return;
  }
}

/**
 * g ← g·act′: sigmoid′ = a(1 − a) and tanh′ = 1 − a² from the output; relu′ and leaky_relu′ (1 for z > 0,
 * else α; 0 for relu) from the input z, as the gradient table has them.
 */
function multiplyByDerivative(g: FloatArray, z: FloatArray, a: FloatArray, activation: ActivationName, alpha: number, size: number): void {
  switch (activation) {
    case 'identity':
      return;
    case 'sigmoid':
      for (let o = 0; o < size; o++) g[o] = g[o] * (a[o] * (1 - a[o]));
      return;
    case 'tanh':
      for (let o = 0; o < size; o++) g[o] = g[o] * (1 - a[o] * a[o]);
      return;
    case 'relu':
      for (let o = 0; o < size; o++) if (!(z[o] > 0)) g[o] = 0;
      return;
    case 'leaky_relu':
      for (let o = 0; o < size; o++) if (!(z[o] > 0)) g[o] = g[o] * alpha;
      return;
  }
}

/**
 * The loss of the network's output `out` [n × width] and ∂loss/∂out into g, in float64:
 *   squared_error  E = ½·mean((out − y)²)                 ∂E/∂out = (out − y)/(n·width)
 *   bce            mean(max(z, 0) − z·y + ln(1 + e^−|z|))  ∂/∂z = (σ(z) − y)/(n·width)
 *   cross_entropy  −(1/n)·Σᵢ ln softmax(zᵢ)[yᵢ]             ∂/∂zᵢ = (softmax(zᵢ) − onehot(yᵢ))/n
 * with softmax shifted by the row max so no exponent is positive. With g null, the loss alone (the same bits).
 */
function lossAndOutputGradient(loss: LossName, out: FloatArray, y: FloatArray | Int32Array, g: FloatArray | null, n: number, width: number): number {
  const size = n * width;
  let total = 0;
  switch (loss) {
    case 'squared_error': {
      const scale = 1 / size;
      for (let o = 0; o < size; o++) {
        const diff = out[o] - y[o];
        total += diff * diff;
        if (g !== null) g[o] = diff * scale;
      }
      return 0.5 * total * scale;
    }
    case 'bce': {
      const scale = 1 / size;
      for (let o = 0; o < size; o++) {
        const z = out[o];
        total += Math.max(z, 0) - z * y[o] + Math.log1p(Math.exp(-Math.abs(z)));
        if (g !== null) g[o] = (1 / (1 + Math.exp(-z)) - y[o]) * scale;
      }
      return total * scale;
    }
    case 'cross_entropy': {
      const scale = 1 / n;
      for (let i = 0, row = 0; i < n; i++, row += width) {
        let max = -Infinity;
        for (let j = 0; j < width; j++) max = Math.max(max, out[row + j]);
        let sum = 0;
        for (let j = 0; j < width; j++) sum += Math.exp(out[row + j] - max);
        const logSum = Math.log(sum);
        const label = y[i];
        total += logSum - (out[row + label] - max);
        if (g !== null) for (let j = 0; j < width; j++) g[row + j] = (Math.exp(out[row + j] - max - logSum) - (j === label ? 1 : 0)) * scale;
      }
      return total * scale;
    }
  }
}

/** out[j] = Σᵢ g[i, j], summed in float64 (as the tensor library's sum is) and rounded once. */
function sumColumns(g: FloatArray, n: number, width: number, sums: Float64Array, out: FloatArray): void {
  if (n === 1) {
    for (let j = 0; j < width; j++) out[j] = g[j];
    return;
  }
  sums.fill(0, 0, width);
  for (let i = 0, o = 0; i < n; i++) for (let j = 0; j < width; j++, o++) sums[j] += g[o];
  for (let j = 0; j < width; j++) out[j] = sums[j];
}
