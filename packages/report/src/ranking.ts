import { statusCounts, type RunStatus } from '@descent/runner';
import type { Configuration } from './configurations.js';
import { extent, finiteValues, mean, standardDeviation } from './statistics.js';
import type { MetricConfig } from '@descent/sweep';

/** A configuration's result on the sweep metric, over its replicates. */
export interface ConfigurationResult {
  configuration: Configuration;
  /**
   * The worst status among the replicates: failed, then diverged, then pruned, then finished. Early
   * termination decides for a whole configuration (its replicates' mean at a rung), so its replicates are
   * pruned together; a replicate that diverged or failed is what made that mean NaN, so it names the status.
   */
  status: RunStatus;
  counts: Record<RunStatus, number>;
  /** Final metric of each finished replicate (finite values only). */
  metricValues: number[];
  mean: number;
  standardDeviation: number;
  min: number;
  max: number;
  /**
   * Every replicate finished with a finite final metric: only such configurations can win. A pruned
   * replicate's final metric is its value at a rung, on a smaller budget, so it never competes with full runs.
   */
  eligible: boolean;
}

/** Summarise one configuration: mean, sd and min–max of the finished replicates' final metric. */
export function summarizeConfiguration(configuration: Configuration): ConfigurationResult {
  const counts = statusCounts(configuration.runs.map((run) => run.record.status));
  const status: RunStatus =
    counts.failed > 0 ? 'failed' : counts.diverged > 0 ? 'diverged' : counts.pruned > 0 ? 'pruned' : 'finished';
  const finished = configuration.runs.filter((run) => run.record.status === 'finished');
  const metricValues = finiteValues(finished.map((run) => run.record.summary.finalMetric));
  const [min, max] = extent(metricValues);
  return {
    configuration,
    status,
    counts,
    metricValues,
    mean: mean(metricValues),
    standardDeviation: standardDeviation(metricValues),
    min,
    max,
    eligible: status === 'finished' && metricValues.length === configuration.runs.length && metricValues.length > 0,
  };
}

/** `a` is better than `b` under the metric's goal. */
export function isBetter(a: number, b: number, goal: MetricConfig['goal']): boolean {
  return goal === 'minimize' ? a < b : a > b;
}

/**
 * Configurations best first: eligible ones by mean final metric, then those where some replicate diverged,
 * failed or was pruned (by the mean of their finished replicates), then those with no finished replicate.
 * Ties keep the configurations' value order, so the ranking is deterministic.
 */
export function rankConfigurations(
  configurations: readonly Configuration[],
  goal: MetricConfig['goal'],
): ConfigurationResult[] {
  const tier = (result: ConfigurationResult): number =>
    result.eligible ? 0 : result.metricValues.length > 0 ? 1 : 2;
  return configurations
    .map(summarizeConfiguration)
    .map((result, order) => ({ result, order }))
    .sort((a, b) => {
      const tierOrder = tier(a.result) - tier(b.result);
      if (tierOrder !== 0) return tierOrder;
      if (tier(a.result) < 2 && a.result.mean !== b.result.mean) {
        return isBetter(a.result.mean, b.result.mean, goal) ? -1 : 1;
      }
      return a.order - b.order;
    })
    .map(({ result }) => result);
}
