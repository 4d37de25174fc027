import { gatherRows } from '@descent/data';
import { capturedStep, mlp, softmaxCrossEntropy, squaredError, type MlpStep, type Sequential } from '@descent/nn';
import { momentum, type OptimizerState } from '@descent/optim';
import { activeKernels, fromArray, rng, useKernels, wasmRelaxedKernels, type Kernels, type Tensor } from '@descent/tensor';
import type { Contender, MatmulRunner, MatmulSetup, MlpSetup, MlpTrainer } from '../contender.js';

/** The workload's network built by nn's `mlp`, its parameters overwritten with the shared starting values. */
export function descentModel(setup: MlpSetup): Sequential {
  const { workload, initial } = setup;
  // The rng only fills values that are overwritten just below.
  const model = mlp(workload.sizes, { activation: workload.hidden, output: workload.output, rng: rng('overwritten') });
  const parameters = model.parameters();
  initial.weights.forEach((w, layer) => {
    parameters[2 * layer].data.set(w);
    parameters[2 * layer + 1].data.set(initial.biases[layer]);
  });
  return model;
}

/** optim's built-in momentum with the workload's ρ and α, and PyTorch's other defaults. */
export function momentumStepper(setup: MlpSetup, params: Float32Array[]): (grads: readonly Float32Array[]) => void {
  const hp = { lr: setup.workload.lr, momentum: setup.workload.momentum, dampening: 0, nesterov: false, weight_decay: 0 };
  let state: OptimizerState = momentum.init(params, hp);
  let step = 0;
  return (grads) => {
    state = momentum.update({ params, grads, state, hp, step }).state;
    step++;
  };
}

/**
 * The eager engine, a graph built per step: rows gathered into reused buffers, then forward, loss and
 * backward through the tensor library's autograd graph, then optim's momentum (what `descent` captures).
 */
class AutogradTrainer implements MlpTrainer {
  private readonly model: Sequential;
  private readonly params: Tensor[];
  private readonly update: (grads: readonly Float32Array[]) => void;
  private readonly batchInputs: Float32Array;
  private readonly batchTargets: Float32Array;
  private readonly batchLabels: Int32Array;

  constructor(
    private readonly setup: MlpSetup,
    private readonly kernels: Kernels,
  ) {
    this.model = descentModel(setup);
    this.params = this.model.parameters();
    this.update = momentumStepper(setup, this.params.map((p) => p.data as Float32Array));
    const { batchSize } = setup.workload;
    this.batchInputs = new Float32Array(batchSize * setup.data.d);
    this.batchTargets = new Float32Array(batchSize * setup.data.outputs);
    this.batchLabels = new Int32Array(batchSize);
  }

  step(indices: Int32Array, length: number): number {
    const { data, workload } = this.setup;
    gatherRows(data.inputs, data.d, indices, length, this.batchInputs);
    const x = fromArray(this.batchInputs.subarray(0, length * data.d), [length, data.d]);
    for (const p of this.params) p.zeroGrad();
    let loss: Tensor;
    if (workload.loss === 'squared_error') {
      gatherRows(data.targets!, data.outputs, indices, length, this.batchTargets);
      const y = fromArray(this.batchTargets.subarray(0, length * data.outputs), [length, data.outputs]);
      loss = squaredError(this.model.forward(x), y);
    } else {
      for (let e = 0; e < length; e++) this.batchLabels[e] = data.labels![indices[e]];
      loss = softmaxCrossEntropy(this.model.forward(x), this.batchLabels.subarray(0, length));
    }
    loss.backward();
    this.update(this.params.map((p) => p.grad!.data as Float32Array));
    return loss.item();
  }

  parameters(): Float32Array[] {
    return this.params.map((p) => Float32Array.from(p.data));
  }

  async prepare(): Promise<void> {
    useKernels(this.kernels);
  }

  dispose(): void {}
}

/**
 * The path the runner trains through: nn's capturedStep (the autograd engine's kernel calls captured once per
 * batch shape and replayed into preallocated buffers, no graph), rows gathered into reused buffers, then
 * optim's momentum. Nothing allocates per step but momentum's small result object. A capture binds the kernels
 * active when it is made: prepare() makes this trainer's kernels active before every block of steps.
 */
class CapturedTrainer implements MlpTrainer {
  private readonly model: Sequential;
  private readonly captured: MlpStep;
  private readonly update: (grads: readonly Float32Array[]) => void;
  private readonly batchInputs: Float32Array;
  private readonly batchTargets: Float32Array;
  private readonly batchLabels: Int32Array;

  constructor(
    private readonly setup: MlpSetup,
    private readonly kernels: Kernels,
  ) {
    this.model = descentModel(setup);
    this.captured = capturedStep(this.model, setup.workload.loss);
    this.update = momentumStepper(setup, this.captured.parameters.map((p) => p.data as Float32Array));
    const { batchSize } = setup.workload;
    this.batchInputs = new Float32Array(batchSize * setup.data.d);
    this.batchTargets = new Float32Array(batchSize * setup.data.outputs);
    this.batchLabels = new Int32Array(batchSize);
  }

  step(indices: Int32Array, length: number): number {
    const { data } = this.setup;
    gatherRows(data.inputs, data.d, indices, length, this.batchInputs);
    let loss: number;
    if (data.targets !== null) {
      gatherRows(data.targets, data.outputs, indices, length, this.batchTargets);
      loss = this.captured.lossAndGradient(this.batchInputs, this.batchTargets, length);
    } else {
      const labels = data.labels!;
      for (let e = 0; e < length; e++) this.batchLabels[e] = labels[indices[e]];
      loss = this.captured.lossAndGradient(this.batchInputs, this.batchLabels, length);
    }
    this.update(this.captured.grads as Float32Array[]);
    return loss;
  }

  parameters(): Float32Array[] {
    return this.captured.parameters.map((p) => Float32Array.from(p.data));
  }

  async prepare(): Promise<void> {
    useKernels(this.kernels);
  }

  dispose(): void {}
}

/**
 * C = A·B by the tensor library's active kernels into a reused output, as captured steps call them. (The
 * matmul op allocates a new output per call; on this benchmark's virtual machines a fresh 1 MB array costs
 * about 1 ms of page faults, which would measure the machine rather than the kernel.)
 */
class KernelMatmul implements MatmulRunner {
  private readonly a: Float32Array;
  private readonly b: Float32Array;
  private readonly c: Float32Array;

  constructor(
    private readonly setup: MatmulSetup,
    private readonly kernels: Kernels,
  ) {
    this.a = setup.a.slice();
    this.b = setup.b.slice();
    this.c = new Float32Array(setup.workload.size * setup.workload.size);
  }

  multiply(): void {
    const n = this.setup.workload.size;
    this.kernels.matmul(this.a, this.b, this.c, n, n, n, false, false);
  }

  result(): Float32Array {
    return this.c;
  }

  dispose(): void {}
}

// The kernels DESCENT_KERNELS chose (or the automatic choice), read once at load. Every Descent trainer makes
// its own kernels active before each timed block, so descent-relaxed's blocks cannot leak into the others'.
const chosenKernels = activeKernels();

export const descentAutograd: Contender = {
  name: 'descent-autograd',
  label: 'Descent autograd',
  description: "Descent's tensor graph: nn's mlp and loss, backward(), optim's momentum (the generic path for any model).",
  mlp: async (setup) => new AutogradTrainer(setup, chosenKernels),
};

export const descent: Contender = {
  name: 'descent',
  label: 'Descent',
  description:
    "Training: nn's capturedStep (tensor's compileStep: the autograd engine's kernel calls captured once per batch shape, replayed into reused buffers) and optim's momentum. Matmul: the active kernels (named under Environment) into a reused output.",
  mlp: async (setup) => new CapturedTrainer(setup, chosenKernels),
  matmul: async (setup) => new KernelMatmul(setup, chosenKernels),
};

/**
 * Descent with the opt-in 'wasm-relaxed-simd' kernels (matmul's multiply-adds fused where the engine fuses
 * them). bin.ts adds it where this Node has relaxed SIMD (Node ≥ 22), to measure what the opt-in buys.
 */
export const descentRelaxed: Contender = {
  name: 'descent-relaxed',
  label: 'Descent relaxed SIMD',
  description: "As Descent, with DESCENT_KERNELS=wasm-relaxed-simd's kernels: relaxed SIMD's multiply-add in matmul (opt-in; its last bits depend on the engine fusing it).",
  mlp: async (setup) => new CapturedTrainer(setup, wasmRelaxedKernels),
  matmul: async (setup) => new KernelMatmul(setup, wasmRelaxedKernels),
};
