import { formatShape, type FloatArray, type Tensor } from '@descent/tensor';

/**
 * Fraction of elements where the prediction (score > threshold) agrees with the target (target > 0.5).
 * Use threshold 0.5 for probabilities (a sigmoid output) and 0 for logits. Scores and targets are Tensors
 * of one size, or flat arrays of one length (what a compiled step's `evaluate` returns, beside its targets).
 *
 * Both comparisons are strict, as in PyTorch (`(logits > 0) == (y > 0.5)`, the bench's reference), Keras's
 * binary_accuracy and torchmetrics: a score exactly at the threshold (a logit of 0, a sigmoid output of
 * exactly 0.5) expresses no preference and counts as the negative class.
 */
export function binaryAccuracy(scores: Tensor | FloatArray, targets: Tensor | FloatArray, threshold = 0.5): number {
  const s = dataOf(scores);
  const t = dataOf(targets);
  if (s.length !== t.length)
    throw new RangeError(`binaryAccuracy: scores have ${describe(scores)} but targets have ${describe(targets)}; expected one target per score`);
  if (s.length === 0) return NaN;
  let correct = 0;
  for (let i = 0; i < s.length; i++) if (s[i] > threshold === t[i] > 0.5) correct++;
  return correct / s.length;
}

/**
 * Fraction of rows of logits [batch, classes] whose largest entry is at the label (the first of equal largest).
 * Logits are a rank-2 Tensor, or a flat row-major array with the number of classes given.
 */
export function classAccuracy(logits: Tensor, labels: Int32Array | readonly number[]): number;
export function classAccuracy(logits: FloatArray, labels: Int32Array | readonly number[], classes: number): number;
export function classAccuracy(logits: Tensor | FloatArray, labels: Int32Array | readonly number[], classes?: number): number {
  const batch = labels.length;
  if (!isArray(logits)) {
    if (logits.rank !== 2 || logits.shape[0] !== batch)
      throw new RangeError(`classAccuracy: logits have shape ${formatShape(logits.shape)} and there are ${batch} labels; expected logits [${batch}, classes]`);
    classes = logits.shape[1];
  } else if (classes === undefined || logits.length !== batch * classes) {
    throw new RangeError(`classAccuracy: logits have length ${logits.length}, there are ${batch} labels and ${classes} classes; expected ${batch} × classes logits`);
  }
  if (batch === 0) return NaN;
  const data = dataOf(logits);
  let correct = 0;
  for (let i = 0; i < batch; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (data[i * classes + c] > data[i * classes + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / batch;
}

// A typed-array test, not `instanceof Tensor`: two copies of the tensor package would each have their own class.
function isArray(values: Tensor | FloatArray): values is FloatArray {
  return ArrayBuffer.isView(values);
}

function dataOf(values: Tensor | FloatArray): FloatArray {
  return isArray(values) ? values : values.data;
}

function describe(values: Tensor | FloatArray): string {
  return isArray(values) ? `length ${values.length}` : `shape ${formatShape(values.shape)}`;
}
