import { defineDataset } from '../dataset.js';

/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: ⌊n/2⌋ points on the upper arc
 * (cos t, sin t) and the rest on the lower arc (1 − cos t, ½ − sin t), t evenly spaced in [0, π]
 * (both ends included), then N(0, noise²) added to every coordinate. Upper arc: label 0, lower: 1.
 */
export const moons = defineDataset({
  name: 'moons',
  description: "Two interleaving half circles (scikit-learn's make_moons), label 0 for the upper and 1 for the lower",
  settings: {
    size: { type: 'integer', default: 1000, min: 2, max: 1_000_000, description: 'Number of examples (train + test)' },
    noise: { type: 'number', default: 0.2, min: 0, description: 'Standard deviation of the Gaussian noise added to each coordinate' },
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
      const t = isInner ? evenlySpaced(i - outer, inner, Math.PI) : evenlySpaced(i, outer, Math.PI);
      x[2 * i] = (isInner ? 1 - Math.cos(t) : Math.cos(t)) + params.noise * rng.normal();
      x[2 * i + 1] = (isInner ? 0.5 - Math.sin(t) : Math.sin(t)) + params.noise * rng.normal();
      y[i] = isInner ? 1 : 0;
    }
    return { x, y, n, d: 2, task: 'binary', outputDim: 1 };
  },
});

/** numpy's linspace(0, end, count)[i]: both ends included; a single point sits at 0. */
function evenlySpaced(i: number, count: number, end: number): number {
  return count === 1 ? 0 : (end * i) / (count - 1);
}
