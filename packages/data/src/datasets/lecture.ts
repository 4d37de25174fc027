import { defineDataset } from '../dataset.js';

/**
 * The lecture's running example: 3 features, one sigmoid output in (0, 1), trained with squared error.
 * Targets come from a fixed "teacher" network of the same shape as the lecture's 3-4-1 sigmoid network,
 *   h = σ(W1·x + b1),  y = σ(W2·h + b2),  σ(z) = 1 / (1 + e^-z),
 * so a student 3-4-1 network can fit the data exactly (zero loss is reachable) and how fast it gets there
 * is down to the optimizer. The weights are arbitrary but fixed; with x uniform in [-1, 1]³ they spread the
 * targets over almost all of (0, 1) (5 % / 50 % / 95 % quantiles ≈ 0.03 / 0.58 / 0.98, mean ≈ 0.55).
 * Targets are real numbers, so the task is 'regression' (squared error), not 'binary'.
 */
export const TEACHER = {
  /** 4×3: row j holds hidden unit j's weights for features 1..3. */
  W1: [
    [2.0, -1.5, 1.0],
    [-1.0, 2.5, 1.5],
    [1.5, 1.0, -2.0],
    [-2.0, -0.5, 2.5],
  ],
  b1: [0.5, -0.5, 0.0, 0.25],
  W2: [3.0, -2.5, 2.0, -3.0],
  b2: 0.25,
} as const;

/** σ(z) = 1 / (1 + e^-z) */
function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The teacher's output σ(W2·σ(W1·x + b1) + b2) for one 3-feature example. */
export function lectureTeacher(features: ArrayLike<number>): number {
  let output = TEACHER.b2;
  for (let j = 0; j < 4; j++) {
    const w = TEACHER.W1[j];
    const hidden = sigmoid(w[0] * features[0] + w[1] * features[1] + w[2] * features[2] + TEACHER.b1[j]);
    output += TEACHER.W2[j] * hidden;
  }
  return sigmoid(output);
}

export const lecture = defineDataset({
  name: 'lecture',
  description: "The lecture's example: 3 features uniform in [-1, 1], targets in (0, 1) from a fixed 3-4-1 sigmoid teacher network",
  settings: {
    size: { type: 'integer', default: 256, min: 1, max: 1_000_000, description: 'Number of examples (train + test)' },
  },
  task: () => 'regression',
  size: (params) => params.size,
  inputDim: () => 3,
  outputDim: () => 1,
  load(params, rng) {
    const n = params.size;
    const x = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 3; k++) x[3 * i + k] = rng.uniformIn(-1, 1);
      y[i] = lectureTeacher(x.subarray(3 * i, 3 * i + 3));
    }
    return { x, y, n, d: 3, task: 'regression', outputDim: 1 };
  },
});
