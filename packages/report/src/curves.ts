import { extent, mean } from './statistics.js';
import type { ReportRun } from './types.js';

/** The x-axes a learning curve can be drawn against. 'examples' is the fair one when batch sizes differ. */
export type CurveAxis = 'steps' | 'epochs' | 'examples' | 'wall';

export const CURVE_AXES: readonly CurveAxis[] = ['examples', 'steps', 'epochs', 'wall'];

export const CURVE_AXIS_LABELS: Record<CurveAxis, string> = {
  steps: 'steps',
  epochs: 'epochs',
  examples: 'examples seen',
  wall: 'wall time (ms)',
};

/**
 * What a curve measures.
 * - `loss`: the objective itself: on a dataset the loss on the WHOLE training set at each epoch end
 *   (`record.epochs[].trainLoss`), on a landscape the exact function value along the path
 *   (`record.trajectory[].loss`). This is the learning curve.
 * - `test_loss`, `train_accuracy`, `test_accuracy`: the end-of-epoch evaluations (datasets only);
 *   `validation_loss`, `validation_accuracy` too, for runs whose split holds validation rows (empty otherwise).
 * - `batch_loss`: the loss of the mini-batch at each sampled step (`record.steps[].loss`). At small batch
 *   sizes it is mostly noise, which is exactly what the oscillation view wants to show, and nothing else does.
 */
export type CurveQuantity = 'loss' | 'test_loss' | 'train_accuracy' | 'test_accuracy' | 'validation_loss' | 'validation_accuracy' | 'batch_loss';

/** One measured point of one run: `step` aligns replicates, `x` is its position on the chosen axis. */
interface RunPoint {
  step: number;
  x: number;
  value: number;
}

/** One point of a configuration's learning curve: mean and min–max band across the replicates logged there. */
export interface CurvePoint {
  x: number;
  mean: number;
  low: number;
  high: number;
  /** How many replicates contributed (fewer after one diverged). */
  replicates: number;
}

const finiteOrNull = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** The mini-batch loss at each sampled step; wall time from `meta.stepTimesMs` (same length as `steps`). */
function batchLossPoints(run: ReportRun, axis: CurveAxis): RunPoint[] {
  return run.record.steps.flatMap((point, index) => {
    const x =
      axis === 'steps' ? point.step
      : axis === 'epochs' ? point.epoch
      : axis === 'examples' ? point.examples
      : finiteOrNull(run.meta?.stepTimesMs[index]);
    return x === null ? [] : [{ step: point.step, x, value: point.loss }];
  });
}

const EPOCH_FIELDS = {
  loss: 'trainLoss',
  test_loss: 'testLoss',
  train_accuracy: 'trainAccuracy',
  test_accuracy: 'testAccuracy',
  validation_loss: 'validationLoss',
  validation_accuracy: 'validationAccuracy',
} as const;

/** End-of-epoch evaluations on the whole train, test (and validation) sets; wall time from `meta.epochTimesMs` (same length as `epochs`). */
function epochPoints(run: ReportRun, quantity: Exclude<CurveQuantity, 'batch_loss'>, axis: CurveAxis): RunPoint[] {
  const times = run.meta?.epochTimesMs;
  return run.record.epochs.flatMap((point, index) => {
    const value = point[EPOCH_FIELDS[quantity]];
    const x =
      axis === 'steps' ? point.step
      : axis === 'epochs' ? point.epoch
      : axis === 'examples' ? point.examples
      : finiteOrNull(times?.[index]);
    // undefined: a run without validation rows records no validation field.
    return x === null || value === null || value === undefined ? [] : [{ step: point.step, x, value }];
  });
}

/**
 * The exact function value along a landscape path. Trajectory point `step = s` is the position after s
 * updates; the runner logs it together with step s − 1, so its wall time is that step's `stepTimesMs`,
 * and the start (s = 0, before any work) is at 0 ms. Landscapes have no epochs.
 */
function trajectoryPoints(run: ReportRun, axis: CurveAxis): RunPoint[] {
  if (axis === 'epochs') return [];
  const batch = run.record.config.train.batch_size;
  // Only the wall-time axis reads the step times: building their map for every run of a 100,000-run sweep on
  // every axis was most of a large report's learning-curves time.
  const timeAtStep = new Map<number, number>();
  if (axis === 'wall') {
    run.record.steps.forEach((point, index) => {
      const time = finiteOrNull(run.meta?.stepTimesMs[index]);
      if (time !== null) timeAtStep.set(point.step, time);
    });
  }
  return run.record.trajectory.flatMap((point) => {
    const x =
      axis === 'steps' ? point.step
      : axis === 'examples' ? point.step * batch
      : point.step === 0 && run.meta !== null ? 0
      : (timeAtStep.get(point.step - 1) ?? null);
    return x === null ? [] : [{ step: point.step, x, value: point.loss }];
  });
}

/** A run's series of `quantity` against `axis` (empty when the run does not record it). */
export function runCurve(run: ReportRun, quantity: CurveQuantity, axis: CurveAxis): RunPoint[] {
  if (quantity === 'batch_loss') return batchLossPoints(run, axis);
  if (run.record.config.problem.kind === 'landscape') return quantity === 'loss' ? trajectoryPoints(run, axis) : [];
  return epochPoints(run, quantity, axis);
}

/**
 * A configuration's curve of `quantity` across replicates, aligned by step t:
 * mean(t) = Σ_r v_r(t) / R_t over the R_t replicates with a finite value at t,
 * band = [min_r v_r(t), max_r v_r(t)], x = mean of the replicates' x values at t
 * (replicates share steps, epochs and examples; only wall time differs between them).
 */
export function meanCurve(runs: readonly ReportRun[], axis: CurveAxis, quantity: CurveQuantity = 'loss'): CurvePoint[] {
  const byStep = new Map<number, { xs: number[]; values: number[] }>();
  for (const run of runs) {
    for (const point of runCurve(run, quantity, axis)) {
      if (!Number.isFinite(point.value)) continue;
      let bucket = byStep.get(point.step);
      if (bucket === undefined) byStep.set(point.step, (bucket = { xs: [], values: [] }));
      bucket.xs.push(point.x);
      bucket.values.push(point.value);
    }
  }
  return [...byStep.entries()]
    .sort(([stepA], [stepB]) => stepA - stepB)
    .map(([, { xs, values }]) => {
      const [low, high] = extent(values);
      return { x: mean(xs), mean: mean(values), low, high, replicates: values.length };
    });
}

/** True when some run has a finite value of `quantity` on `axis`: the chart would not be empty. */
export function hasCurve(runs: readonly ReportRun[], quantity: CurveQuantity, axis: CurveAxis): boolean {
  return runs.some((run) => runCurve(run, quantity, axis).some((point) => Number.isFinite(point.value)));
}

/**
 * The x-axes worth offering for these runs, in CURVE_AXES order: an axis with no data is left out (no
 * epochs on landscapes, no wall time without meta), and so is 'examples' when it equals 'steps' for every
 * run (batch size 1 everywhere), where it would only repeat the steps chart.
 */
export function availableAxes(runs: readonly ReportRun[], quantity: CurveQuantity): CurveAxis[] {
  const axes = CURVE_AXES.filter((axis) => {
    if (!hasCurve(runs, quantity, axis)) return false;
    if (axis === 'epochs') return runs.some((run) => runCurve(run, quantity, 'epochs').some((point) => point.x > 0));
    if (axis === 'examples') return runs.some((run) => run.record.config.train.batch_size !== 1);
    return true;
  });
  // Epochs that all hold the same number of examples make the epochs axis the examples axis with other tick
  // labels: one chart fewer per view (a 1,000-run report's learning curves were a quarter larger with it).
  return axes.includes('examples') && sharedEpochSize(runs, quantity) !== null ? axes.filter((axis) => axis !== 'epochs') : axes;
}

/**
 * The examples in one epoch, when every run that recorded `quantity` by epoch has the same (one training set size);
 * null when they differ or no run has a whole epoch.
 */
export function sharedEpochSize(runs: readonly ReportRun[], quantity: CurveQuantity): number | null {
  const sizes = new Set<number>();
  for (const run of runs) {
    const byEpoch = runCurve(run, quantity, 'epochs');
    const last = byEpoch.length - 1;
    if (last < 0 || !(byEpoch[last].x > 0)) continue;
    const byExamples = runCurve(run, quantity, 'examples');
    if (byExamples.length !== byEpoch.length) continue;
    sizes.add(Math.round(byExamples[last].x / byEpoch[last].x));
  }
  return sizes.size === 1 ? [...sizes][0] : null;
}
