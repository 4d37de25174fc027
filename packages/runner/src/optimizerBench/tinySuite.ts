import type { WorkloadSpec, WorkloadVariant } from './workloads.js';

const landscape = (label: string, seed: number, yaml: string): WorkloadVariant => ({ label, seed, problem: `  landscape: ${yaml}\n` });

/**
 * Three fast landscape workloads (a few hundred steps of two parameters each) for tests and for trying the
 * bench: the same protocol and scoring as the suite, in seconds. `exp optimizers bench --suite tiny` runs it.
 */
export const TINY_WORKLOADS: readonly WorkloadSpec[] = [
  {
    id: 'ravine',
    title: 'noisy ravine (κ = 20), gradient noise σ = 1, batch 4',
    metric: 'loss',
    goal: 'minimize',
    train: { batch_size: 4, steps: 80 },
    variants: [
      landscape('noise seed 1', 1, '{ name: ravine, condition: 20, noise: 1 }'),
      landscape('noise seed 2', 2, '{ name: ravine, condition: 20, noise: 1 }'),
    ],
  },
  {
    id: 'saddle',
    title: 'saddle x² − y² + y⁴/2 started near its stable manifold',
    metric: 'loss',
    goal: 'minimize',
    train: { batch_size: 1, steps: 120 },
    variants: [landscape('start (1, 0.001)', 1, '{ name: saddle }'), landscape('start (1.5, 0.001)', 1, '{ name: saddle, start: [1.5, 0.001] }')],
  },
  {
    id: 'least-squares',
    title: 'least squares ½(x² + κy²), κ = 100, exact gradients',
    metric: 'loss',
    goal: 'minimize',
    train: { batch_size: 1, steps: 100 },
    variants: [landscape('κ = 100', 1, '{ name: ravine, condition: 100 }'), landscape('κ = 200', 1, '{ name: ravine, condition: 200 }')],
  },
];
