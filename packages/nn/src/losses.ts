import { createRegistry, type Registry } from '@descent/settings';
import { formatShape, gather, logSoftmax, mean, mul, neg, pow, softplus, sub, type Tensor } from '@descent/tensor';

function requireSameShape(loss: string, a: Tensor, aName: string, b: Tensor, bName: string): void {
  if (a.rank !== b.rank || a.shape.some((n, d) => n !== b.shape[d]))
    throw new RangeError(
      `${loss}: ${aName} has shape ${formatShape(a.shape)} but ${bName} has shape ${formatShape(b.shape)}; they must match ` +
        `(broadcasting them, e.g. [B,1] against [B], would silently compare every prediction with every target)`,
    );
}

/**
 * Squared error E = ½ · mean over all elements of (ŷ − y)², the lecture's loss.
 * The ½ is the lecture's convention: it cancels the 2 from differentiating the square, so ∂E/∂ŷ = (ŷ − y)/n.
 * Values are half of PyTorch's MSELoss; gradients likewise.
 */
export function squaredError(pred: Tensor, target: Tensor): Tensor {
  requireSameShape('squaredError', pred, 'pred', target, 'target');
  return mul(mean(pow(sub(pred, target), 2)), 0.5);
}

/**
 * Binary cross-entropy from logits, mean over all elements:
 * −[y·ln σ(z) + (1 − y)·ln(1 − σ(z))] = softplus(z) − z·y = max(z, 0) − z·y + ln(1 + e^−|z|).
 * The last form never exponentiates a positive number, so logits of ±1000 give exact, finite losses;
 * its gradient is (σ(z) − y)/n.
 */
export function bceWithLogits(logits: Tensor, targets: Tensor): Tensor {
  requireSameShape('bceWithLogits', logits, 'logits', targets, 'targets');
  return mean(sub(softplus(logits), mul(logits, targets)));
}

/**
 * Softmax cross-entropy with integer labels, mean over the batch:
 * −(1/B) Σᵢ ln softmax(zᵢ)[labelᵢ] = −(1/B) Σᵢ logSoftmax(zᵢ)[labelᵢ].
 * Through logSoftmax (x − max − ln Σ e^(x − max)) it stays finite at logits of ±1000; its gradient is
 * (softmax(z) − onehot(label))/B.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Int32Array | readonly number[]): Tensor {
  if (logits.rank !== 2) throw new RangeError(`softmaxCrossEntropy: logits have shape ${formatShape(logits.shape)}; expected [batch, classes]`);
  const [batch, classes] = logits.shape;
  if (labels.length !== batch)
    throw new RangeError(`softmaxCrossEntropy: got ${labels.length} labels for logits of shape ${formatShape(logits.shape)}; expected one label per row (${batch})`);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes)
      throw new RangeError(`softmaxCrossEntropy: label ${label} at index ${i} is out of range for ${classes} classes (expected an integer in [0, ${classes - 1}])`);
  }
  return neg(mean(gather(logSoftmax(logits, 1), labels)));
}

/** The losses by the names sweeps use. */
export type LossName = 'squared_error' | 'bce' | 'cross_entropy';

/** A loss by the name sweeps use, with nn's function that computes it. */
export interface LossEntry {
  name: LossName;
  compute: typeof squaredError | typeof bceWithLogits | typeof softmaxCrossEntropy;
}

/** Every loss a config may name. */
export const losses: Registry<LossEntry> = createRegistry('loss', [
  { name: 'squared_error', compute: squaredError },
  { name: 'bce', compute: bceWithLogits },
  { name: 'cross_entropy', compute: softmaxCrossEntropy },
]);
