import { planarDataset } from './_planar.js';

/**
 * Two interleaved spirals (binary: arm 0 and arm 1). Arm a's j-th of m points has t = (j + 1)/m,
 * radius r = t and angle θ = 2π·turns·t + π·a, so the arms are point reflections of each other and
 * r grows to 1; then N(0, noise²) is added to every coordinate. Chosen binary (not k arms) so it pairs
 * with 'moons', 'circles' and 'xor' under the same losses; 'blobs' covers multiclass.
 */
export const spirals = planarDataset({
  name: 'spirals',
  description: 'Two interleaved spirals reaching radius 1; label = which arm',
  settings: {
    size: { type: 'integer', default: 500, min: 2, max: 1_000_000, description: 'Number of examples (train + test), split evenly between the arms' },
    noise: { type: 'number', default: 0.05, min: 0, description: 'Standard deviation of the Gaussian noise added to each coordinate' },
    turns: { type: 'number', default: 1.5, min: 0, minExclusive: true, max: 10, description: 'Revolutions each arm makes from the centre to radius 1' },
  },
  point(i, n, params) {
    const firstArm = Math.ceil(n / 2);
    const arm = i < firstArm ? 0 : 1;
    const pointsInArm = arm === 0 ? firstArm : n - firstArm;
    const t = ((arm === 0 ? i : i - firstArm) + 1) / pointsInArm;
    const angle = 2 * Math.PI * params.turns * t + Math.PI * arm;
    return { x: t * Math.cos(angle), y: t * Math.sin(angle), label: arm };
  },
});
