import { defineDataset } from '../dataset.js';

/**
 * XOR: points around the four corners (±1, ±1) with Gaussian jitter; label 1 where the signs differ
 * (x·y < 0 at the corner), 0 where they agree. Corners are used in turn (example i sits at corner i mod 4),
 * so every corner gets n/4 examples; the split and the batch sampler shuffle the order.
 */
export const xor = defineDataset({
  name: 'xor',
  description: 'Four Gaussian clusters at the corners (±1, ±1); label 1 where the two coordinates have opposite signs',
  settings: {
    size: { type: 'integer', default: 200, min: 4, max: 1_000_000, description: 'Number of examples (train + test)' },
    noise: { type: 'number', default: 0.2, min: 0, description: 'Standard deviation of the Gaussian jitter around each corner' },
  },
  task: () => 'binary',
  size: (params) => params.size,
  inputDim: () => 2,
  outputDim: () => 1,
  load(params, rng) {
    const n = params.size;
    const x = new Float64Array(n * 2);
    const y = new Float64Array(n);
    const corners = [[-1, -1], [1, 1], [-1, 1], [1, -1]] as const;
    for (let i = 0; i < n; i++) {
      const corner = i % 4;
      const [cx, cy] = corners[corner];
      x[2 * i] = cx + params.noise * rng.normal();
      x[2 * i + 1] = cy + params.noise * rng.normal();
      y[i] = corner >= 2 ? 1 : 0;
    }
    return { x, y, n, d: 2, task: 'binary', outputDim: 1 };
  },
});
