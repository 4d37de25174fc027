/**
 * What `pnpm bench search` searches: problems Descent trains, each over a space declared once here. The space
 * gives the sweep's `parameters:` for Descent's samplers, Optuna's distributions (same bounds, same scales, the
 * same listed choices), and the grid the searches are read against.
 */

/** A range (log or linear scale) or a list of choices; `grid` is the values the reference grid takes. */
export type SearchDimension =
  | { key: string; scale: 'log' | 'linear'; min: number; max: number; grid: readonly number[] }
  | { key: string; choices: readonly unknown[]; grid?: readonly unknown[] };

export interface SearchObjective {
  id: string;
  title: string;
  /** The sweep file's problem, optimizer, train and metric sections (YAML), shared by every method. */
  base: string;
  /** The sweep metric (the objective every method minimises or maximises: each run's final value). */
  metric: string;
  goal: 'minimize' | 'maximize';
  space: readonly SearchDimension[];
  /** Early termination's first rung, in the unit of the base's train budget: where the objective is first evaluated. */
  minBudget: number;
}

export const SEARCH_OBJECTIVES: readonly SearchObjective[] = [
  {
    id: 'digits',
    title: 'digits MLP (1000 real MNIST digits, 5 epochs): lr × momentum × batch size × width',
    base: `problem:
  dataset: { name: digits, size: 1000, test_fraction: 0.25 }
  model: { hidden: [32], activation: relu, init: he }
  loss: cross_entropy
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
train: { batch_size: 32, epochs: 5 }
metric: { name: test_loss, goal: minimize }
`,
    metric: 'test_loss',
    goal: 'minimize',
    minBudget: 1, // epoch
    space: [
      { key: 'optimizer.lr', scale: 'log', min: 0.001, max: 1, grid: [0.003, 0.01, 0.03, 0.1] },
      { key: 'optimizer.momentum', scale: 'linear', min: 0, max: 0.99, grid: [0, 0.9] },
      { key: 'train.batch_size', choices: [16, 32, 64, 128] },
      { key: 'problem.model.hidden', choices: [[16], [32], [64]], grid: [[16], [64]] },
    ],
  },
  {
    id: 'moons',
    title: 'two moons (400 points, 8 epochs of batch 16): lr × momentum',
    base: `problem:
  dataset: { name: moons, size: 400, noise: 0.2, test_fraction: 0.25 }
  model: { hidden: [16], activation: tanh, init: xavier }
  loss: bce
optimizer: { name: momentum, lr: 0.03, momentum: 0.9 }
train: { batch_size: 16, epochs: 8 }
metric: { name: test_loss, goal: minimize }
`,
    metric: 'test_loss',
    goal: 'minimize',
    minBudget: 1, // epoch
    space: [
      { key: 'optimizer.lr', scale: 'log', min: 0.001, max: 3, grid: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3] },
      { key: 'optimizer.momentum', scale: 'linear', min: 0, max: 0.99, grid: [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99] },
    ],
  },
  {
    id: 'noisy-ravine',
    title: 'noisy ravine (κ 50, gradient noise σ 2, 100 steps of batch 4): lr × momentum',
    base: `problem:
  landscape: { name: ravine, condition: 50, noise: 2 }
optimizer: { name: momentum, lr: 0.01, momentum: 0.9 }
train: { batch_size: 4, steps: 100, max_points: 11 }
metric: { name: loss, goal: minimize }
`,
    metric: 'loss',
    goal: 'minimize',
    minBudget: 10, // steps: the path is logged every 10 (max_points 11), where Optuna's pruners read it too
    space: [
      { key: 'optimizer.lr', scale: 'log', min: 0.0001, max: 0.1, grid: [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.02, 0.04, 0.1] },
      { key: 'optimizer.momentum', scale: 'linear', min: 0, max: 0.99, grid: [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99] },
    ],
  },
];

/** The dimension's values in the reference grid. */
export function gridValues(dimension: SearchDimension): readonly unknown[] {
  return 'choices' in dimension ? (dimension.grid ?? dimension.choices) : dimension.grid;
}

/** How many configurations the objective's reference grid has. */
export function gridSize(objective: SearchObjective): number {
  return objective.space.reduce((size, dimension) => size * gridValues(dimension).length, 1);
}
