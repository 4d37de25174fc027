import { planarDataset } from './_planar.js';

/**
 * A circle inside a circle, as scikit-learn's `make_circles`: ⌊n/2⌋ points on the unit circle (label 0)
 * and the rest on a circle of radius `factor` (label 1), angles evenly spaced in [0, 2π) (end excluded),
 * then N(0, noise²) added to every coordinate.
 */
export const circles = planarDataset({
  name: 'circles',
  description: "A small circle inside a large one (scikit-learn's make_circles), label 1 for the inner circle",
  settings: {
    size: { type: 'integer', default: 1000, min: 2, max: 1_000_000, description: 'Number of examples (train + test)' },
    noise: { type: 'number', default: 0.1, min: 0, description: 'Standard deviation of the Gaussian noise added to each coordinate' },
    factor: { type: 'number', default: 0.5, min: 0, max: 1, minExclusive: true, maxExclusive: true, description: 'Radius of the inner circle relative to the outer one' },
  },
  point(i, n, params) {
    const outer = Math.floor(n / 2);
    const isInner = i >= outer;
    const angle = isInner ? (2 * Math.PI * (i - outer)) / (n - outer) : (2 * Math.PI * i) / outer;
    const radius = isInner ? params.factor : 1;
    return { x: radius * Math.cos(angle), y: radius * Math.sin(angle), label: isInner ? 1 : 0 };
  },
});
