import { getDataset, splitTrainTest, gatherRows, type Dataset } from '@descent/data';
import { compileMlpStep, mlp } from '@descent/nn';
import type { FloatArray, Rng } from '@descent/tensor';
import type { DatasetProblem } from '../types.js';
import type { Evaluation, Problem } from './problem.js';

/**
 * An MLP on a dataset as a problem. The dataset is generated (or read) from the run's data stream,
 * split into train and test, and the network is initialised from the run's init stream.
 */
export function datasetProblem(config: DatasetProblem, streams: { data: Rng; init: Rng }, baseDir: string): Problem {
  const entry = getDataset(config.dataset.name);
  const { test_fraction: testFraction, name: _name, ...params } = config.dataset;
  const full = entry.load(params as never, streams.data.stream('generate'), { baseDir });
  const { train, test } = splitTrainTest(full, testFraction, streams.data.stream('split'));
  const outputDim = full.outputDim;
  const model = mlp([full.d, ...config.model.hidden, outputDim], {
    activation: config.model.activation,
    output: config.model.output,
    init: config.model.init,
    rng: streams.init,
    dtype: 'float32',
  });
  const parameters = model.parameters();
  // Training steps and evaluations run the compiled MLP step: forward, loss and backward into preallocated
  // buffers, no graph (the same results as autograd to float32 rounding; nn's tests check both against
  // finite differences and against each other).
  const step = compileMlpStep(model, config.loss);
  const multiclass = full.task === 'multiclass';
  const threshold = config.model.output === 'sigmoid' ? 0.5 : 0;
  const accuracyOf =
    full.task === 'regression'
      ? null
      : multiclass
        ? (out: FloatArray, y: Targets) => classAccuracy(out, y as Int32Array, outputDim)
        : (out: FloatArray, y: Targets) => binaryAccuracy(out, y as Float32Array, threshold);

  // Reused across steps: the batch's rows are copied into these buffers, never reallocated.
  const batchX = new Float32Array(train.n * full.d);
  const batchY = multiclass ? new Int32Array(train.n) : new Float32Array(train.n * outputDim);
  const trainSet = asArrays(train, multiclass);
  const testSet = test.n > 0 ? asArrays(test, multiclass) : null;

  // Evaluation runs the compiled forward pass too (into buffers kept per set size): on small networks the
  // end-of-epoch evaluations were half of a run's time through the autograd graph.
  const evaluateOn = (set: { x: Float32Array; y: Targets; n: number }) => {
    const { loss, outputs } = step.evaluate(set.x, set.y, set.n);
    return { loss, accuracy: accuracyOf ? accuracyOf(outputs, set.y) : null };
  };

  return {
    params: parameters.map((p) => p.data),
    grads: [...step.grads],
    trainSize: train.n,
    lossAndGradient(batch: Int32Array, batchLength: number): number {
      gatherRows(train.x, train.d, batch, batchLength, batchX);
      if (multiclass) gatherLabels(train.y as Int32Array, batch, batchLength, batchY as Int32Array);
      else gatherRows(train.y as Float64Array, outputDim, batch, batchLength, batchY as Float32Array);
      return step.lossAndGradient(batchX, batchY, batchLength);
    },
    evaluate(): Evaluation {
      const tr = evaluateOn(trainSet);
      const te = testSet ? evaluateOn(testSet) : { loss: NaN, accuracy: null };
      return { trainLoss: tr.loss, testLoss: te.loss, trainAccuracy: tr.accuracy, testAccuracy: te.accuracy };
    },
    position: () => null,
  };
}

type Targets = Float32Array | Int32Array;

/** A set as the compiled step takes it: float32 features, and float32 targets or integer labels. */
function asArrays(set: Dataset, multiclass: boolean): { x: Float32Array; y: Targets; n: number } {
  return { x: Float32Array.from(set.x), y: multiclass ? (set.y as Int32Array) : Float32Array.from(set.y as Float64Array), n: set.n };
}

function gatherLabels(labels: Int32Array, batch: Int32Array, count: number, out: Int32Array): void {
  for (let i = 0; i < count; i++) out[i] = labels[batch[i]];
}

/** Fraction of rows whose arg-max equals the label. */
function classAccuracy(logits: FloatArray, labels: Int32Array, classes: number): number {
  const n = labels.length;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (logits[i * classes + j] > logits[i * classes + best]) best = j;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}

/** Fraction of outputs on the same side of `threshold` as their 0/1 target. */
function binaryAccuracy(outputs: FloatArray, targets: Float32Array, threshold: number): number {
  let correct = 0;
  for (let i = 0; i < targets.length; i++) if (outputs[i] > threshold === targets[i] > 0.5) correct++;
  return correct / targets.length;
}
