import { defineDataset } from '../dataset.js';

/**
 * A circle inside a circle, as scikit-learn's `make_circles`: ⌊n/2⌋ points on the unit circle (label 0)
 * and the rest on a circle of radius `factor` (label 1), angles evenly spaced in [0, 2π) (end excluded),
 * then N(0, noise²) added to every coordinate.
 */
export const circles = defineDataset({
  name: 'circles',
  description: "A small circle inside a large one (scikit-learn's make_circles), label 1 for the inner circle",
  settings: {
    size: { type: 'integer', default: 1000, min: 2, max: 1_000_000, description: 'Number of examples (train + test)' },
    noise: { type: 'number', default: 0.1, min: 0, description: 'Standard deviation of the Gaussian noise added to each coordinate' },
    factor: { type: 'number', default: 0.5, min: 0, max: 1, minExclusive: true, maxExclusive: true, description: 'Radius of the inner circle relative to the outer one' },
  },
  task: () => 'binary',
  size: (params) => params.size,
  inputDim: () => 2,
  outputDim: () => 1,
  load(params, rng) {
    const n = params.size;
    const outer = Math.floor(n / 2);
    const inner = n - outer;
    const x = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const isInner = i >= outer;
      const angle = isInner ? (2 * Math.PI * (i - outer)) / inner : (2 * Math.PI * i) / outer;
      const radius = isInner ? params.factor : 1;
      x[2 * i] = radius * Math.cos(angle) + params.noise * rng.normal();
      x[2 * i + 1] = radius * Math.sin(angle) + params.noise * rng.normal();
      y[i] = isInner ? 1 : 0;
    }
    return { x, y, n, d: 2, task: 'binary', outputDim: 1 };
  },
});
