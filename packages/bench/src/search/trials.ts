import type { RunRecord } from '@descent/runner';

/** One configuration a search tried, in the order it was proposed. */
export interface Trial {
  /** Its final metric; NaN when it diverged or failed, or was pruned (a pruned value is no configuration's result). */
  value: number;
  /** Examples it trained (a pruned or diverged run counts what it trained until it stopped). */
  examples: number;
  pruned: boolean;
}

/** A configuration Descent trained, as one trial: the record's final metric and the examples it saw. */
export function trialOfRecord(record: RunRecord): Trial {
  return {
    value: record.status === 'finished' ? record.summary.finalMetric : NaN,
    examples: record.summary.examples,
    pruned: record.status === 'pruned',
  };
}

/**
 * The sweep metric along a run, at every evaluation after training started: its epoch ends (a dataset) or its
 * logged path points (a landscape, whose point at step 0 is the start, the same for every configuration), each
 * with the examples trained so far. What a pruner reads; its last value is the record's final metric.
 */
export function metricCurve(record: RunRecord): { value: number; examples: number }[] {
  const { config } = record;
  if (config.problem.kind === 'landscape') {
    return record.trajectory.filter((p) => p.step > 0).map((p) => ({ value: p.loss, examples: p.step * config.train.batch_size }));
  }
  const field = EPOCH_FIELDS[config.metric.name];
  if (field === undefined) throw new Error(`bench search: no epoch series for metric '${config.metric.name}'`);
  return record.epochs.map((e) => ({ value: e[field] ?? NaN, examples: e.examples }));
}

// The dataset metrics as a record's epoch points name them.
const EPOCH_FIELDS: Record<string, 'trainLoss' | 'testLoss' | 'trainAccuracy' | 'testAccuracy'> = {
  train_loss: 'trainLoss',
  test_loss: 'testLoss',
  train_accuracy: 'trainAccuracy',
  test_accuracy: 'testAccuracy',
};
