import { formatShape, type Tensor } from '@descent/tensor';

/**
 * Fraction of elements where the prediction (score ≥ threshold) agrees with the target (target ≥ 0.5).
 * Use threshold 0.5 for probabilities (a sigmoid output) and 0 for logits.
 */
export function binaryAccuracy(scores: Tensor, targets: Tensor, threshold = 0.5): number {
  if (scores.size !== targets.size)
    throw new RangeError(`binaryAccuracy: scores have shape ${formatShape(scores.shape)} but targets have shape ${formatShape(targets.shape)}; expected one target per score`);
  if (scores.size === 0) return NaN;
  let correct = 0;
  for (let i = 0; i < scores.size; i++) if (scores.data[i] >= threshold === targets.data[i] >= 0.5) correct++;
  return correct / scores.size;
}

/** Fraction of rows of logits [batch, classes] whose largest entry is at the label (the first of equal largest). */
export function classAccuracy(logits: Tensor, labels: Int32Array | readonly number[]): number {
  if (logits.rank !== 2 || logits.shape[0] !== labels.length)
    throw new RangeError(`classAccuracy: logits have shape ${formatShape(logits.shape)} and there are ${labels.length} labels; expected logits [${labels.length}, classes]`);
  const [batch, classes] = logits.shape;
  if (batch === 0) return NaN;
  let correct = 0;
  for (let i = 0; i < batch; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits.data[i * classes + c] > logits.data[i * classes + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / batch;
}
