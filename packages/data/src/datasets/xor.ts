import { planarDataset } from './_planar.js';

/**
 * XOR: points around the four corners (±1, ±1) with Gaussian jitter; label 1 where the signs differ
 * (x·y < 0 at the corner), 0 where they agree. Corners are used in turn (example i sits at corner i mod 4),
 * so every corner gets n/4 examples; the split and the batch sampler shuffle the order.
 */
const CORNERS = [[-1, -1], [1, 1], [-1, 1], [1, -1]] as const;

export const xor = planarDataset({
  name: 'xor',
  description: 'Four Gaussian clusters at the corners (±1, ±1); label 1 where the two coordinates have opposite signs',
  settings: {
    size: { type: 'integer', default: 200, min: 4, max: 1_000_000, description: 'Number of examples (train + test)' },
    noise: { type: 'number', default: 0.2, min: 0, description: 'Standard deviation of the Gaussian jitter around each corner' },
  },
  point(i) {
    const corner = i % 4;
    const [cx, cy] = CORNERS[corner];
    return { x: cx, y: cy, label: corner >= 2 ? 1 : 0 };
  },
});
