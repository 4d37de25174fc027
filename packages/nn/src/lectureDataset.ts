import { fromArray, type DType, type Rng, type Tensor } from '@descent/tensor';

/**
 * The fixed "teacher" that labels the lecture dataset: a 3-4-1 network with sigmoid hidden and output units,
 * in the lecture's notation h = σ(W₁x + b₁), y = σ(W₂h + b₂). The student network (mlp([3, 4, 1])) can
 * represent it exactly, so the loss can go to zero; the weights are large enough that the targets spread over
 * much of (0, 1) instead of huddling at ½.
 */
export const LECTURE_TEACHER = Object.freeze({
  W1: [
    [2.5, -1.5, 1],
    [-2, 2.5, 0.5],
    [1.5, 1.5, -2.5],
    [0.5, -2.5, 2],
  ],
  b1: [0, 0.5, -0.5, 0.25],
  W2: [[4, -3.5, 3, -4]],
  b2: [0.25],
});

export interface LectureDataset {
  /** [n, 3]: features uniform in [−1, 1). */
  inputs: Tensor;
  /** [n, 1]: the teacher's output, in (0, 1). */
  targets: Tensor;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * n examples for the lecture's network: x ∈ [−1, 1)³ drawn from `rng` (x₁, x₂, x₃ of example 0, then of
 * example 1, ...), and target y = teacher(x), a smooth function squashed into (0, 1) (see LECTURE_TEACHER).
 */
export function lectureDataset(n: number, rng: Rng, options: { dtype?: DType } = {}): LectureDataset {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`lectureDataset: n must be a positive integer, got ${n}`);
  const float64 = options.dtype === 'float64';
  const inputs = float64 ? new Float64Array(n * 3) : new Float32Array(n * 3);
  const targets = float64 ? new Float64Array(n) : new Float32Array(n);
  const { W1, b1, W2, b2 } = LECTURE_TEACHER;
  for (let i = 0; i < n; i++) {
    const x = [rng.uniformIn(-1, 1), rng.uniformIn(-1, 1), rng.uniformIn(-1, 1)];
    inputs.set(x, i * 3);
    const h = W1.map((row, j) => sigmoid(row[0] * x[0] + row[1] * x[1] + row[2] * x[2] + b1[j]));
    targets[i] = sigmoid(W2[0].reduce((s, w, j) => s + w * h[j], b2[0]));
  }
  return { inputs: fromArray(inputs, [n, 3]), targets: fromArray(targets, [n, 1]) };
}
