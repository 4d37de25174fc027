import type { SearchObjective } from './objectives.js';

/** For the tests: a noisy ravine of 20 steps (milliseconds a run) over lr, momentum and a listed batch size. */
export const TINY_OBJECTIVE: SearchObjective = {
  id: 'tiny-ravine',
  title: 'noisy ravine, 20 steps',
  base: `problem:
  landscape: { name: ravine, condition: 50, noise: 1 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
train: { batch_size: 4, steps: 20, max_points: 5 }
metric: { name: loss, goal: minimize }
`,
  metric: 'loss',
  goal: 'minimize',
  minBudget: 5, // steps: the path is logged every 5 (max_points 5)
  space: [
    { key: 'optimizer.lr', scale: 'log', min: 0.001, max: 0.05, grid: [0.001, 0.01] },
    { key: 'optimizer.momentum', scale: 'linear', min: 0, max: 0.9, grid: [0, 0.9] },
    { key: 'train.batch_size', choices: [1, 4] },
  ],
};
