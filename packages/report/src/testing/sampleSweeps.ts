import type { ReportRun, SweepReportInput } from '../types.js';
import { runIdentity, type MetricConfig } from '@descent/sweep';
import { makeReportRun, makeRunMeta, makeSweepInput, sampleGrid, wiggle } from './fixtures.js';

/**
 * Whole fixture sweeps: a momentum × learning-rate × batch-size grid with replicates, diverged and failed
 * runs; and a landscape sweep with real momentum trajectories on a saddle and on a two-minima function.
 */

const MOMENTUM_METRIC = { name: 'train_loss', goal: 'minimize' as const, target: 0.2 };

/**
 * lr ∈ {0.01, 0.1, 1} × momentum ∈ {0, 0.9} × batch ∈ {8, 64}, 3 replicates each (36 runs).
 * lr = 1 with momentum 0.9 diverges in every replicate; lr = 1 without momentum in one replicate at batch 8;
 * one replicate of (0.01, 0, 64) fails. Best: lr 0.1 · momentum 0.9 · batch 8, clearly ahead.
 */
export function momentumSweepFixture(name = 'momentum'): SweepReportInput {
  const runs: ReportRun[] = [];
  for (const lr of [0.01, 0.1, 1]) {
    for (const momentum of [0, 0.9]) {
      for (const batchSize of [8, 64]) {
        // Final loss falls with the effective step lr/(1−ρ) up to a point, and smaller batches reach lower.
        const effective = lr / (1 - momentum);
        const base = (0.02 + 0.03 / Math.min(effective, 1) ** 0.5) * (batchSize === 8 ? 1 : 1.5);
        for (let replicate = 0; replicate < 3; replicate++) {
          const diverged = (lr === 1 && momentum === 0.9) || (lr === 1 && momentum === 0 && batchSize === 8 && replicate === 1);
          const failed = lr === 0.01 && momentum === 0 && batchSize === 64 && replicate === 2;
          const finalMetric = base * (1 + 0.03 * (replicate - 1));
          runs.push(
            makeReportRun({
              sweep: name,
              lr,
              momentum,
              batchSize,
              replicate,
              finalMetric,
              startLoss: 0.7,
              points: 60,
              oscillation: batchSize === 8 ? 0.15 : 0.03,
              lossNoise: (batchSize === 8 ? 0.02 : 0.005) * (1 + 0.1 * replicate),
              metric: MOMENTUM_METRIC,
              status: failed ? 'failed' : diverged ? 'diverged' : 'finished',
              errorMessage: 'NaN in layer 1 weights',
              // A multiple of the logging interval (10 steps) within the 600 logged steps.
              stepsToTarget:
                diverged || failed || finalMetric > 0.2
                  ? null
                  : Math.min(590, 10 * Math.round(20 / effective ** 0.5 / (batchSize === 8 ? 1 : 2))),
            }),
          );
        }
      }
    }
  }
  return makeSweepInput({ name, varied: ['optimizer.lr', 'optimizer.momentum', 'train.batch_size'], runs, metric: MOMENTUM_METRIC });
}

type Gradient = (x: number, y: number) => [number, number];

/** Heavy-ball momentum from `start`: v = ρ·v + g; θ = θ − α·v (the lecture's form). */
function momentumPath(
  f: (x: number, y: number) => number,
  gradient: Gradient,
  start: [number, number],
  lr: number,
  momentum: number,
  steps: number,
): { x: number; y: number; loss: number }[] {
  let [x, y] = start;
  let vx = 0;
  let vy = 0;
  const path = [{ x, y, loss: f(x, y) }];
  for (let t = 0; t < steps; t++) {
    const [gx, gy] = gradient(x, y);
    vx = momentum * vx + gx;
    vy = momentum * vy + gy;
    x -= lr * vx;
    y -= lr * vy;
    path.push({ x, y, loss: f(x, y) });
  }
  return path;
}

const saddle = (x: number, y: number) => x * x - y * y;
const saddleGradient: Gradient = (x, y) => [2 * x, -2 * y];
// Two minima at x = ±1 (the left one deeper because of the 0.3·x tilt), a saddle near (0, 0).
const twoMinima = (x: number, y: number) => (x * x - 1) ** 2 + 0.3 * x + y * y;
const twoMinimaGradient: Gradient = (x, y) => [4 * x * (x * x - 1) + 0.3, 2 * y];

/** Saddle and two-minima landscapes × lr ∈ {0.02, 0.05} × momentum ∈ {0, 0.9}, 2 replicates (16 runs). */
export function landscapeSweepFixture(name = 'landscapes'): SweepReportInput {
  const metric = { name: 'loss', goal: 'minimize' as const, target: -1 };
  const landscapes = [
    { name: 'saddle', f: saddle, gradient: saddleGradient, start: [1.5, 0.02] as [number, number] },
    { name: 'two_minima', f: twoMinima, gradient: twoMinimaGradient, start: [1.6, 0.8] as [number, number] },
  ];
  const runs: ReportRun[] = [];
  for (const landscape of landscapes) {
    for (const lr of [0.02, 0.05]) {
      for (const momentum of [0, 0.9]) {
        for (let replicate = 0; replicate < 2; replicate++) {
          const start: [number, number] = [landscape.start[0], landscape.start[1] + 0.01 * replicate];
          const trajectory = momentumPath(landscape.f, landscape.gradient, start, lr, momentum, 80);
          const final = trajectory[trajectory.length - 1].loss;
          const reached = trajectory.findIndex((point) => point.loss <= metric.target);
          runs.push(
            makeReportRun({
              sweep: name,
              lr,
              momentum,
              batchSize: 1,
              replicate,
              landscape: { name: landscape.name, trajectory },
              finalMetric: final,
              startLoss: trajectory[0].loss,
              metric,
              stepsToTarget: reached < 0 ? null : reached * 10,
            }),
          );
        }
      }
    }
  }
  return makeSweepInput({
    name,
    varied: ['problem.landscape.name', 'optimizer.lr', 'optimizer.momentum'],
    runs,
    metric,
    landscapes: [
      sampleGrid('saddle', saddle, [-2, 2], [-2, 2], 41, [{ x: 0, y: 0, kind: 'saddle' }]),
      sampleGrid('two_minima', twoMinima, [-2, 2], [-1.5, 1.5], 41, [
        { x: -1.036, y: 0, kind: 'minimum' },
        { x: 0.96, y: 0, kind: 'minimum' },
        { x: 0.075, y: 0, kind: 'saddle' },
      ]),
    ],
  });
}

/** One configuration of the search fixture, in the order the search tried it. */
interface SearchFixtureConfiguration {
  lr: number;
  momentum: number;
  batchSize: number;
  finalMetric: number;
  /** Pruned at this rung (both replicates), stopped after 120 steps at rung 1 or 360 at rung 2 (full budget 550). */
  prunedAtRung?: 1 | 2;
  /** Replicate 1 diverged. */
  diverges?: boolean;
  startLoss?: number;
}

/**
 * A bayes search with Hyperband, 2 replicates, asked for in 3 rounds of 4 configurations (the first round its
 * startup), replicate-major within a round as the runner asks. The 9th configuration tried (lr 0.08 ·
 * momentum 0.7 · batch 16) is best; 4 configurations are pruned (8 runs), among them lr 0.2 · momentum 0.3 ·
 * batch 32 whose value at its rung (0.001 + 0.009·e^−3 ≈ 0.0014) is lower than any finished mean; lr 0.8 · momentum 0.9 has a
 * diverged replicate. 24 runs: 15 finished, 1 diverged, 8 pruned. Pass `method: 'random'` and no early
 * termination for a plain random search of the same configurations.
 */
export const SEARCH_FIXTURE_CONFIGURATIONS: readonly SearchFixtureConfiguration[] = [
  { lr: 0.003, momentum: 0.5, batchSize: 16, finalMetric: 0.3 },
  { lr: 0.3, momentum: 0.1, batchSize: 64, finalMetric: 0.12 },
  { lr: 0.01, momentum: 0.8, batchSize: 8, finalMetric: 0.4, prunedAtRung: 1 },
  { lr: 0.8, momentum: 0.9, batchSize: 32, finalMetric: 0.2, diverges: true },
  { lr: 0.1, momentum: 0.6, batchSize: 16, finalMetric: 0.08 },
  { lr: 0.002, momentum: 0.2, batchSize: 64, finalMetric: 0.5, prunedAtRung: 1 },
  { lr: 0.05, momentum: 0.9, batchSize: 8, finalMetric: 0.06 },
  { lr: 0.2, momentum: 0.3, batchSize: 32, finalMetric: 0.001, startLoss: 0.01, prunedAtRung: 2 },
  { lr: 0.08, momentum: 0.7, batchSize: 16, finalMetric: 0.05 },
  { lr: 0.005, momentum: 0.4, batchSize: 8, finalMetric: 0.45, prunedAtRung: 1 },
  { lr: 0.12, momentum: 0.75, batchSize: 32, finalMetric: 0.07 },
  { lr: 0.03, momentum: 0, batchSize: 64, finalMetric: 0.15 },
];

/**
 * The same search as a real one draws it: lr log-uniform and momentum uniform at full double precision
 * (momentum=0.6550321599122274), each value near the listed one's; the outcomes (final metric, pruning,
 * divergence) are those of SEARCH_FIXTURE_CONFIGURATIONS. The 9th tried is best: lr 0.08213372710469365 ·
 * momentum 0.6550321599122274 · batch 16, labelled lr=0.08213 · momentum=0.655 · batch=16.
 */
const SAMPLED_LR = [
  0.0031957789613693, 0.29810431187224523, 0.010823408124587102, 0.7733618734526731,
  0.09599493511665927, 0.0021340572186539886, 0.051977311350626016, 0.19598183662411412,
  0.08213372710469365, 0.004791964412362235, 0.12453908674212347, 0.02832933127491048,
];
const SAMPLED_MOMENTUM = [
  0.4539974845200777, 0.10347869123556781, 0.8172863103466281, 0.9097236478193414,
  0.5862154138272815, 0.21796532468713406, 0.8843130158768741, 0.30969593532716225,
  0.6550321599122274, 0.3961681586603134, 0.7441257209864515, 0.038210946702468734,
];
export const SAMPLED_SEARCH_FIXTURE_CONFIGURATIONS: readonly SearchFixtureConfiguration[] = SEARCH_FIXTURE_CONFIGURATIONS.map((configuration, i) => ({
  ...configuration,
  lr: SAMPLED_LR[i],
  momentum: SAMPLED_MOMENTUM[i],
}));

export function searchSweepFixture(
  name = 'search',
  options: {
    method?: 'random' | 'quasirandom' | 'bayes';
    earlyTerminate?: boolean;
    /** Default SEARCH_FIXTURE_CONFIGURATIONS (short values); SAMPLED_SEARCH_FIXTURE_CONFIGURATIONS for full-precision draws. */
    configurations?: readonly SearchFixtureConfiguration[];
  } = {},
): SweepReportInput {
  const earlyTerminate = options.earlyTerminate ?? true;
  const listed = options.configurations ?? SEARCH_FIXTURE_CONFIGURATIONS;
  const points = 55; // 550 steps at full budget
  const runs: ReportRun[] = [];
  const runIds: string[] = [];
  for (let round = 0; round < 3; round++) {
    const configurations = listed.slice(4 * round, 4 * round + 4);
    for (let replicate = 0; replicate < 2; replicate++) {
      for (const configuration of configurations) {
        const pruned = earlyTerminate && configuration.prunedAtRung !== undefined;
        const diverged = configuration.diverges === true && replicate === 1;
        const run = makeReportRun({
          sweep: name,
          lr: configuration.lr,
          momentum: configuration.momentum,
          batchSize: configuration.batchSize,
          replicate,
          finalMetric: configuration.finalMetric * (1 + 0.02 * replicate),
          startLoss: configuration.startLoss ?? 0.7,
          points,
          status: pruned ? 'pruned' : diverged ? 'diverged' : 'finished',
          prunedAt: configuration.prunedAtRung === 2 ? 36 : 12,
          pruning: { rung: configuration.prunedAtRung, rungs: 3, bracket: 1, rank: configuration.prunedAtRung === 2 ? 2 : 3, of: configuration.prunedAtRung === 2 ? 3 : 4 },
        });
        runs.push(run);
        runIds.push(run.record.runId);
      }
    }
  }
  return makeSweepInput({
    name,
    varied: ['optimizer.lr', 'optimizer.momentum', 'train.batch_size'],
    // The store's order is not the search's: reports must take the order from runIds.
    runs: [...runs].reverse(),
    runIds,
    method: options.method ?? 'bayes',
    // TPE's quasirandom startup: the first round's four configurations.
    ...((options.method ?? 'bayes') === 'bayes' ? { bayes: { startup: 4 } } : {}),
    ...(earlyTerminate ? { earlyTerminate: { type: 'hyperband' as const, minBudget: 120, eta: 3, unit: 'steps' as const, fullBudget: 550 } } : {}),
  });
}

/** The metric of `thousandRunSweepFixture`: with a target, so the report has every view a grid sweep can have. */
export const THOUSAND_RUN_METRIC: MetricConfig = { name: 'train_loss', goal: 'minimize', target: 0.2 };

/**
 * Issue 19's size and speed case: 10 learning rates (1e-4 … 1, log-spaced) × 10 momenta × 5 batch sizes ×
 * 2 replicates = 1,000 runs, each with 200 logged steps and 200 evaluations (every curve 200 points); runs whose
 * effective step lr/(1−ρ) exceeds 2 diverge.
 * Run ids and seeds are the runner's (`runIdentity`: 12 and 16 hex digits), not the other fixtures' long
 * readable ids, so the report's size is the size a real sweep's report has.
 */
export function thousandRunSweepFixture(): SweepReportInput {
  const metric = THOUSAND_RUN_METRIC;
  const runs: ReportRun[] = [];
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 10; j++) {
      for (const batchSize of [8, 16, 32, 64, 128]) {
        for (let replicate = 0; replicate < 2; replicate++) {
          const lr = 1e-4 * 10 ** (i / 2.25);
          const momentum = j / 10;
          const effective = lr / (1 - momentum);
          const finalMetric = 0.05 + Math.abs(Math.log10(effective) + 1) * 0.1 + 0.002 * replicate + batchSize / 5000;
          const status = effective > 2 ? 'diverged' : 'finished';
          const { record } = makeReportRun({
            lr,
            momentum,
            batchSize,
            replicate,
            points: 200,
            epochs: 199,
            finalMetric,
            metric,
            status,
            // A multiple of the logging interval within the 2,000 logged steps, for the runs that reach the target.
            stepsToTarget: status === 'finished' && metric.target !== null && finalMetric <= metric.target ? 10 * Math.min(199, Math.round(20 / effective ** 0.25)) : null,
          });
          const identified = { ...record, ...runIdentity(record.config, replicate) };
          runs.push({ record: identified, meta: makeRunMeta(identified) });
        }
      }
    }
  }
  return makeSweepInput({ varied: ['optimizer.lr', 'optimizer.momentum', 'train.batch_size'], runs, metric });
}

/**
 * Issue 20's scale case, built in memory: a random search of `runs` configurations (one replicate each) over a
 * log-uniform lr in [1e-4, 0.1] and a uniform momentum in [0, 0.99], drawn by `wiggle` (a hash, no generator),
 * each run with 20 logged steps and 20 evaluations; a run whose effective step lr/(1−ρ) exceeds 0.5 diverges
 * (about one in twenty), and one in a thousand fails. Run ids are the runner's (`runIdentity`).
 */
export function largeRandomSearchFixture(runs: number, name = 'scale'): SweepReportInput {
  const metric: MetricConfig = { name: 'train_loss', goal: 'minimize', target: null };
  const made: ReportRun[] = [];
  for (let i = 0; i < runs; i++) {
    const lr = 1e-4 * 1000 ** ((wiggle(name, 2 * i) + 1) / 2);
    const momentum = 0.99 * ((wiggle(name, 2 * i + 1) + 1) / 2);
    const effective = lr / (1 - momentum);
    const finalMetric = 0.02 + Math.abs(Math.log10(effective) + 1.5) * 0.1;
    const status = i % 1000 === 999 ? 'failed' : effective > 0.5 ? 'diverged' : 'finished';
    const { record } = makeReportRun({ sweep: name, lr, momentum, batchSize: 8, points: 20, epochs: 19, finalMetric, metric, status, errorMessage: 'synthetic failure' });
    const identified = { ...record, ...runIdentity(record.config, 0) };
    made.push({ record: identified, meta: makeRunMeta(identified) });
  }
  return makeSweepInput({ name, varied: ['optimizer.lr', 'optimizer.momentum'], runs: made, metric, method: 'random' });
}
