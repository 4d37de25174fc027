import type { FloatArray } from '@descent/optim';

/**
 * Anything the training loop can minimise: an MLP on a dataset, or a 2-D function whose two
 * coordinates are the parameters. The loop and the optimizers do not care which one they have.
 */
export interface Problem {
  /** Live parameter arrays; the optimizer's result is copied back into them if it returns new arrays. */
  readonly params: FloatArray[];
  /** Gradient arrays, same shapes as params, overwritten by each `lossAndGradient`. */
  readonly grads: FloatArray[];
  /** Examples in the training set, or null when there is none (landscapes). */
  readonly trainSize: number | null;
  /**
   * Loss of one mini-batch at the current parameters, with the gradient written into `grads`.
   * `batch` holds example indices (datasets); landscapes use only `batchLength`, for their noise model.
   */
  lossAndGradient(batch: Int32Array, batchLength: number): number;
  /** Full train/test (and validation, when the split has one) evaluation (datasets), or null. */
  evaluate(): Evaluation | null;
  /** The current point of a 2-D landscape and its exact loss, or null. */
  position(): { x: number; y: number; loss: number } | null;
}

export interface Evaluation {
  trainLoss: number;
  testLoss: number;
  trainAccuracy: number | null;
  testAccuracy: number | null;
  /** Present only when the split holds validation rows (absent, not NaN, so records without them keep their bytes). */
  validationLoss?: number;
  validationAccuracy?: number | null;
}
