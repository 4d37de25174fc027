import { DATASET_METRICS, LANDSCAPE_METRICS, type MetricConfig } from '@descent/sweep';
import { summarize } from './train.js';
import type { RunRecord } from './types.js';

/**
 * A run's record measured by another metric: the metric's summary values (final, best, time to target)
 * computed from the series the record keeps, by the same function that summarised it when it ran. Lets sweeps
 * that were measured differently (the momentum sweep by test loss, the optimizers sweep by train loss) be
 * compared on a metric both record. Null when the run's problem has no such metric (a landscape has no test set, a run without validation rows no validation metric).
 */
export function withMetric(record: RunRecord, metric: MetricConfig): RunRecord | null {
  if (!metricsOf(record).includes(metric.name)) return null;
  const config = { ...record.config, metric };
  return { ...record, config, summary: summarize(config, record.steps, record.epochs, record.trajectory, record.divergence) };
}

/** The metrics a run's problem records: the validation ones only when its split held validation rows out. */
export function metricsOf(record: RunRecord): readonly string[] {
  if (record.config.problem.kind === 'landscape') return LANDSCAPE_METRICS;
  const validated = record.epochs.some((e) => e.validationLoss !== undefined);
  return validated ? DATASET_METRICS : DATASET_METRICS.filter((name) => !name.startsWith('validation_'));
}

/** The goal a metric has by its name: losses go down, accuracies up. */
export function goalOf(metric: string): MetricConfig['goal'] {
  return metric.endsWith('accuracy') ? 'maximize' : 'minimize';
}
