import { planarDataset } from './_planar.js';

/**
 * Two interleaving half circles, as scikit-learn's `make_moons`: ⌊n/2⌋ points on the upper arc
 * (cos t, sin t) and the rest on the lower arc (1 − cos t, ½ − sin t), t evenly spaced in [0, π]
 * (both ends included), then N(0, noise²) added to every coordinate. Upper arc: label 0, lower: 1.
 */
export const moons = planarDataset({
  name: 'moons',
  description: "Two interleaving half circles (scikit-learn's make_moons), label 0 for the upper and 1 for the lower",
  settings: {
    size: { type: 'integer', default: 1000, min: 2, max: 1_000_000, description: 'Number of examples (train + test)' },
    noise: { type: 'number', default: 0.2, min: 0, description: 'Standard deviation of the Gaussian noise added to each coordinate' },
  },
  point(i, n) {
    const outer = Math.floor(n / 2);
    const isInner = i >= outer;
    const t = isInner ? evenlySpaced(i - outer, n - outer, Math.PI) : evenlySpaced(i, outer, Math.PI);
    return isInner ? { x: 1 - Math.cos(t), y: 0.5 - Math.sin(t), label: 1 } : { x: Math.cos(t), y: Math.sin(t), label: 0 };
  },
});

/** numpy's linspace(0, end, count)[i]: both ends included; a single point sits at 0. */
function evenlySpaced(i: number, count: number, end: number): number {
  return count === 1 ? 0 : (end * i) / (count - 1);
}
