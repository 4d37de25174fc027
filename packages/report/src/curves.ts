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

/** One point of a configuration's learning curve: mean and min–max band across the replicates logged there. */
export interface CurvePoint {
  x: number;
  mean: number;
  low: number;
  high: number;
  /** How many replicates contributed (fewer after one diverged). */
  replicates: number;
}

/** The x value of a run's logged step i on an axis, or null when the axis has no data for it. */
function axisValue(run: ReportRun, index: number, axis: CurveAxis): number | null {
  const point = run.record.steps[index];
  switch (axis) {
    case 'steps':
      return point.step;
    case 'epochs':
      return point.epoch;
    case 'examples':
      return point.examples;
    case 'wall': {
      const time = run.meta?.stepTimesMs[index];
      return typeof time === 'number' && Number.isFinite(time) ? time : null;
    }
  }
}

/**
 * A configuration's training-loss curve across replicates, aligned by logged step t:
 * mean(t) = Σ_r loss_r(t) / R_t over the R_t replicates with a finite loss logged at t,
 * band = [min_r loss_r(t), max_r loss_r(t)], x = mean of the replicates' x values at t
 * (replicates share steps, epochs and examples; only wall time differs between them).
 */
export function meanCurve(runs: readonly ReportRun[], axis: CurveAxis): CurvePoint[] {
  const byStep = new Map<number, { xs: number[]; losses: number[] }>();
  for (const run of runs) {
    run.record.steps.forEach((point, index) => {
      if (!Number.isFinite(point.loss)) return;
      const x = axisValue(run, index, axis);
      if (x === null) return;
      let bucket = byStep.get(point.step);
      if (bucket === undefined) byStep.set(point.step, (bucket = { xs: [], losses: [] }));
      bucket.xs.push(x);
      bucket.losses.push(point.loss);
    });
  }
  return [...byStep.entries()]
    .sort(([stepA], [stepB]) => stepA - stepB)
    .map(([, { xs, losses }]) => {
      const [low, high] = extent(losses);
      return { x: mean(xs), mean: mean(losses), low, high, replicates: losses.length };
    });
}

/** True when the runs log no epochs (landscapes, or budgets shorter than one epoch): the epoch axis would be flat. */
export function hasEpochs(runs: readonly ReportRun[]): boolean {
  return runs.some((run) => run.record.steps.some((point) => point.epoch > 0));
}

/** True when at least one run has per-step wall times in its meta. */
export function hasWallTimes(runs: readonly ReportRun[]): boolean {
  return runs.some((run) => run.meta !== null && run.meta.stepTimesMs.length > 0);
}
