import { getDataset, splitTrainTest, gatherRows, type Dataset } from '@descent/data';
import { bceWithLogits, compileMlpStep, mlp, softmaxCrossEntropy, squaredError } from '@descent/nn';
import { fromArray, noGrad, type Rng, type Tensor } from '@descent/tensor';
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
  // Training steps run the compiled MLP step: forward, loss and backward into preallocated buffers, no
  // graph (same gradients as autograd to float32 rounding; nn's tests check both against finite
  // differences). Evaluation below still goes through the readable autograd ops.
  const step = compileMlpStep(model, config.loss);
  const multiclass = full.task === 'multiclass';
  const lossOf = makeLoss(config.loss);
  const threshold = config.model.output === 'sigmoid' ? 0.5 : 0;
  const accuracyOf = full.task === 'regression' ? null : multiclass ? classAccuracy : (out: Tensor, y: Targets) => binaryAccuracy(out, y, threshold);

  // Reused across steps: the batch's rows are copied into these buffers, never reallocated.
  const batchX = new Float32Array(train.n * full.d);
  const batchY = multiclass ? new Int32Array(train.n) : new Float32Array(train.n * outputDim);
  const trainSet = asTensors(train, outputDim, multiclass);
  const testSet = test.n > 0 ? asTensors(test, outputDim, multiclass) : null;

  const evaluateOn = (set: { x: Tensor; y: Targets }) => {
    const out = model.forward(set.x);
    return { loss: lossOf(out, set.y).item(), accuracy: accuracyOf ? accuracyOf(out, set.y) : null };
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
      return noGrad(() => {
        const tr = evaluateOn(trainSet);
        const te = testSet ? evaluateOn(testSet) : { loss: NaN, accuracy: null };
        return { trainLoss: tr.loss, testLoss: te.loss, trainAccuracy: tr.accuracy, testAccuracy: te.accuracy };
      });
    },
    position: () => null,
  };
}

type Targets = Tensor | Int32Array;

function makeLoss(name: DatasetProblem['loss']): (out: Tensor, y: Targets) => Tensor {
  switch (name) {
    case 'squared_error':
      return (out, y) => squaredError(out, y as Tensor);
    case 'bce':
      return (out, y) => bceWithLogits(out, y as Tensor);
    case 'cross_entropy':
      return (out, y) => softmaxCrossEntropy(out, y as Int32Array);
  }
}

function asTensors(set: Dataset, outputDim: number, multiclass: boolean): { x: Tensor; y: Targets } {
  const x = fromArray(Float32Array.from(set.x), [set.n, set.d]);
  const y = multiclass ? (set.y as Int32Array) : fromArray(Float32Array.from(set.y as Float64Array), [set.n, outputDim]);
  return { x, y };
}

function gatherLabels(labels: Int32Array, batch: Int32Array, count: number, out: Int32Array): void {
  for (let i = 0; i < count; i++) out[i] = labels[batch[i]];
}

/** Fraction of rows whose arg-max equals the label. */
function classAccuracy(out: Tensor, labels: Targets): number {
  const [n, c] = out.shape as [number, number];
  const logits = out.data;
  const y = labels as Int32Array;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (logits[i * c + j] > logits[i * c + best]) best = j;
    if (best === y[i]) correct++;
  }
  return correct / n;
}

/** Fraction of outputs on the same side of `threshold` as their 0/1 target. */
function binaryAccuracy(out: Tensor, targets: Targets, threshold: number): number {
  const pred = out.data;
  const y = (targets as Tensor).data;
  let correct = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] > threshold === y[i] > 0.5) correct++;
  return correct / pred.length;
}
