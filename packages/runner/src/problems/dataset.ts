import { datasets, splitTrainTest, gatherRows, type Dataset } from '@descent/data';
import { binaryAccuracy, capturedStep, classAccuracy, mlp, residualMlp, type MlpStep, type Module } from '@descent/nn';
import type { FloatArray, Rng } from '@descent/tensor';
import type { DatasetProblem } from '@descent/sweep';
import type { Evaluation, Problem } from './problem.js';

/**
 * A network (an MLP, or a residual MLP) on a dataset as a problem. The dataset is generated (or read) from the run's data stream,
 * split into train, validation (when validation_fraction is set) and test, and the network is initialised from the run's init stream (under
 * `pairing: paired` both are shared by every configuration of a replicate whose settings allow it).
 */
export function datasetProblem(config: DatasetProblem, streams: { data: Rng; init: Rng }, baseDir: string): Problem {
  const entry = datasets.get(config.dataset.name);
  const { test_fraction: testFraction, validation_fraction: validationFraction = 0, name: _name, ...params } = config.dataset;
  const full = entry.load(params as never, streams.data.stream('generate'), { baseDir });
  const { train, validation, test } = splitTrainTest(full, testFraction, streams.data.stream('split'), validationFraction);
  const outputDim = full.outputDim;
  const { model, step } = networkAndStep(config, full.d, outputDim, streams.init);
  const parameters = model.parameters();
  const multiclass = full.task === 'multiclass';
  const accuracy: Accuracy =
    full.task === 'regression' ? { kind: 'none' } : multiclass ? { kind: 'class', classes: outputDim } : { kind: 'binary', threshold: config.model.output === 'sigmoid' ? 0.5 : 0 };
  const trainSet = asArrays(train, multiclass);
  return new NetworkOnDataset(
    parameters.map((p) => p.data),
    step,
    train.d,
    trainSet,
    test.n > 0 ? asArrays(test, multiclass) : null,
    validation.n > 0 ? asArrays(validation, multiclass) : null,
    outputDim,
    multiclass,
    accuracy,
  );
}

/**
 * The network `problem.model` describes, and its training step: the readable engine, captured once per batch
 * shape and replayed (nn's capturedStep through tensor's compileStep: the same bits as a graph per step with
 * backward() from the one derivative table, without building the graph), whatever the kind of model.
 * The layers come from the init stream in mlp's order whatever the kind, so kinds of one replicate start alike.
 */
function networkAndStep(config: DatasetProblem, inFeatures: number, outputDim: number, init: Rng): { model: Module; step: MlpStep } {
  const { kind = 'mlp', hidden, activation, output, init: initializer, layer_norm: layerNorm = false } = config.model;
  const sizes = [inFeatures, ...hidden, outputDim];
  const options = { activation, output, init: initializer, rng: init, dtype: 'float32' } as const;
  const model = kind === 'mlp' ? mlp(sizes, options) : residualMlp(sizes, { ...options, layerNorm });
  return { model, step: capturedStep(model, config.loss, { inFeatures }) };
}

type Accuracy = { kind: 'none' } | { kind: 'class'; classes: number } | { kind: 'binary'; threshold: number };

/*
 * A class, not an object of closures: a sweep builds a problem per run, and V8 optimised every closure made
 * per run anew in each worker thread; methods on a prototype are optimised once per thread.
 */
class NetworkOnDataset implements Problem {
  readonly grads: FloatArray[];
  readonly trainSize: number;
  // Reused across steps: the batch's rows are copied into these buffers, never reallocated.
  private readonly batchX: Float32Array;
  private readonly batchY: Float32Array | Int32Array;

  constructor(
    readonly params: FloatArray[],
    private readonly step: MlpStep,
    /** Features per example. */
    private readonly d: number,
    /**
     * Whole sets as the captured step takes them: evaluations read them, and each step gathers its batch from the
     * training set's. Float32 already, so a gather is a copy, not a conversion of the dataset's float64 rows (the
     * same values: each is rounded once either way), and reads half the memory: on MNIST's 784-wide rows it was
     * 6 % of the optimizers sweep.
     */
    private readonly trainSet: EvaluationSet,
    private readonly testSet: EvaluationSet | null,
    private readonly validationSet: EvaluationSet | null,
    private readonly outputDim: number,
    private readonly multiclass: boolean,
    private readonly accuracy: Accuracy,
  ) {
    this.grads = [...step.grads];
    this.trainSize = trainSet.n;
    this.batchX = new Float32Array(trainSet.n * d);
    this.batchY = multiclass ? new Int32Array(trainSet.n) : new Float32Array(trainSet.n * outputDim);
  }

  lossAndGradient(batch: Int32Array, batchLength: number): number {
    const { trainSet, batchX, batchY } = this;
    gatherRows(trainSet.x, this.d, batch, batchLength, batchX);
    if (this.multiclass) gatherLabels(trainSet.y as Int32Array, batch, batchLength, batchY as Int32Array);
    else gatherRows(trainSet.y as Float32Array, this.outputDim, batch, batchLength, batchY as Float32Array);
    return this.step.lossAndGradient(batchX, batchY, batchLength);
  }

  /**
   * Evaluation replays a captured forward pass too (one capture per set size): on small networks the
   * end-of-epoch evaluations were half of a run's time through the autograd graph.
   */
  evaluate(): Evaluation {
    const tr = this.evaluateOn(this.trainSet);
    const te = this.testSet ? this.evaluateOn(this.testSet) : { loss: NaN, accuracy: null };
    const evaluation: Evaluation = { trainLoss: tr.loss, testLoss: te.loss, trainAccuracy: tr.accuracy, testAccuracy: te.accuracy };
    if (this.validationSet === null) return evaluation;
    const va = this.evaluateOn(this.validationSet);
    return { ...evaluation, validationLoss: va.loss, validationAccuracy: va.accuracy };
  }

  position(): null {
    return null;
  }

  private evaluateOn(set: EvaluationSet): { loss: number; accuracy: number | null } {
    const { loss, outputs } = this.step.evaluate(set.x, set.y, set.n);
    const accuracy = this.accuracy;
    if (accuracy.kind === 'class') return { loss, accuracy: classAccuracy(outputs, set.y as Int32Array, accuracy.classes) };
    if (accuracy.kind === 'binary') return { loss, accuracy: binaryAccuracy(outputs, set.y as Float32Array, accuracy.threshold) };
    return { loss, accuracy: null };
  }
}

interface EvaluationSet {
  x: Float32Array;
  y: Targets;
  n: number;
}

type Targets = Float32Array | Int32Array;

/** A set as the captured step takes it: float32 features, and float32 targets or integer labels. */
function asArrays(set: Dataset, multiclass: boolean): EvaluationSet {
  return { x: Float32Array.from(set.x), y: multiclass ? (set.y as Int32Array) : Float32Array.from(set.y as Float64Array), n: set.n };
}

function gatherLabels(labels: Int32Array, batch: Int32Array, count: number, out: Int32Array): void {
  for (let i = 0; i < count; i++) out[i] = labels[batch[i]];
}
