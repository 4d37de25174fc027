import type { RunMeta, RunRecord } from './types.js';

/**
 * Wall time at which a run reached its target: the meta's time of the logged point `summary.stepsToTarget` names
 * (train.ts's summarize takes the first point of the metric's series at or past the target). A dataset's metric is
 * measured at epoch ends, so it is `epochTimesMs` at the epoch with that step. A landscape's trajectory point
 * `step = s` is logged with step s − 1, so it is that step's `stepTimesMs` (the runner always logs the step that
 * reaches the target, so this is exact); the start (s = 0, before any work) is at 0 ms. Null when the run did not
 * reach the target or has no meta.
 */
export function wallTimeToTarget(record: RunRecord, meta: RunMeta | null): number | null {
  const targetStep = record.summary.stepsToTarget;
  if (targetStep === null || meta === null) return null;
  const finite = (time: number | undefined) => (typeof time === 'number' && Number.isFinite(time) ? time : null);
  if (record.config.problem.kind === 'dataset') {
    const index = record.epochs.findIndex((point) => point.step === targetStep);
    return index < 0 ? null : finite(meta.epochTimesMs?.[index]);
  }
  if (targetStep === 0) return 0;
  const index = record.steps.findIndex((point) => point.step >= targetStep - 1);
  return index < 0 ? null : finite(meta.stepTimesMs[index]);
}
