import { defineDataset } from '../dataset.js';

/**
 * Gaussian blobs: class k's centre sits on a circle of radius 2 at angle 2πk/classes, and its points are
 * centre + N(0, spread²) per coordinate. Fixed centres (not drawn at random, unlike scikit-learn's
 * make_blobs) so the difficulty depends only on `classes` and `spread`. Example i has class i mod classes.
 */
export const blobs = defineDataset({
  name: 'blobs',
  description: 'Gaussian clusters with centres evenly spaced on a circle of radius 2; label = cluster',
  settings: {
    size: { type: 'integer', default: 600, min: 1, max: 1_000_000, description: 'Number of examples (train + test)' },
    classes: { type: 'integer', default: 3, min: 2, max: 100, description: 'Number of clusters (classes)' },
    spread: { type: 'number', default: 0.6, min: 0, description: 'Standard deviation of each cluster around its centre' },
  },
  task: () => 'multiclass',
  size: (params) => params.size,
  inputDim: () => 2,
  outputDim: (params) => params.classes,
  load(params, rng) {
    const n = params.size;
    const radius = 2;
    const x = new Float64Array(n * 2);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const label = i % params.classes;
      const angle = (2 * Math.PI * label) / params.classes;
      x[2 * i] = radius * Math.cos(angle) + params.spread * rng.normal();
      x[2 * i + 1] = radius * Math.sin(angle) + params.spread * rng.normal();
      y[i] = label;
    }
    return { x, y, n, d: 2, task: 'multiclass', outputDim: params.classes };
  },
});
