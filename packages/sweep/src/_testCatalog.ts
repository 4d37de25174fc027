import type { Settings } from '@descent/settings';
import type { Catalog, CatalogDataset, CatalogSettings } from './catalog.js';

/** A small stand-in for the real registries (optim and data are built elsewhere), for the sweep tests only. */

const lr = (fallback: number) => ({ type: 'number', default: fallback, min: 0, minExclusive: true, log: true, description: 'learning rate' }) as const;

const optimizers: Record<string, Settings> = {
  sgd: { lr: lr(0.01) },
  momentum: {
    lr: lr(0.01),
    momentum: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, description: 'velocity decay' },
    nesterov: { type: 'boolean', default: false, description: 'look-ahead gradient' },
  },
  adam: {
    lr: lr(0.001),
    beta1: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, description: 'first moment decay' },
    beta2: { type: 'number', default: 0.999, min: 0, max: 1, maxExclusive: true, description: 'second moment decay' },
    eps: { type: 'number', default: 1e-8, min: 0, minExclusive: true, description: 'denominator floor' },
  },
  // Stands for an optimizer loaded from a plugin file.
  signum: { lr: lr(0.001) },
};

function dataset(name: string, task: ReturnType<CatalogDataset['task']>, settings: CatalogSettings, outputDim: (p: Record<string, unknown>) => number, fixedSize?: number): CatalogDataset {
  return {
    name,
    settings,
    task: () => task,
    size: (p) => fixedSize ?? (p.size as number),
    inputDim: () => 2,
    outputDim: (p) => outputDim(p),
  };
}

const size = { type: 'integer', default: 200, min: 4, max: 100_000, description: 'examples' } as const;

export const testCatalog: Catalog = {
  optimizers: {
    names: () => Object.keys(optimizers),
    get: (name) => (Object.hasOwn(optimizers, name) ? { name, hyperparameters: optimizers[name] } : undefined),
  },
  optimizerSource: (name) => (name === 'signum' ? { source: '../plugins/signum.ts', sha256: 'ab'.repeat(32) } : null),
  datasets: [
    dataset('moons', 'binary', { size, noise: { type: 'number', default: 0.1, min: 0, description: 'jitter' } }, () => 1),
    dataset('blobs', 'multiclass', { size, classes: { type: 'integer', default: 3, min: 2, max: 10, description: 'clusters' } }, (p) => p.classes as number),
    dataset('xor', 'binary', {}, () => 1, 4),
    dataset('sine', 'regression', { size }, () => 1),
    {
      ...dataset('csv', 'regression', { path: { type: 'string', default: '', description: 'CSV file' } }, () => 1),
      size: (p) => {
        if (p.path === '') throw new Error("dataset 'csv' needs path: the CSV file");
        return 150;
      },
    },
  ],
  landscapes: [
    { name: 'ravine', settings: { scale: { type: 'number', default: 10, min: 0, minExclusive: true, description: 'condition number' } }, start: [-4, 1] },
    { name: 'rosenbrock', settings: {}, start: [-1.5, 2] },
  ],
  schedules: {
    constant: {},
    step: {
      every: { type: 'integer', default: 100, min: 1, description: 'steps between drops' },
      gamma: { type: 'number', default: 0.1, min: 0, max: 1, minExclusive: true, description: 'factor per drop' },
    },
    cosine: { min_factor: { type: 'number', default: 0, min: 0, max: 1, description: 'final factor' } },
    warmup: { steps: { type: 'integer', default: 100, min: 1, description: 'ramp length' } },
  },
};
