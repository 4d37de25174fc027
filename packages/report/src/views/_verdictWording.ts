import type { Decision } from '@descent/stats';
import type { Configuration } from '../configurations.js';
import { formatNumber, formatPercent } from '../format.js';
import type { ConfigurationResult } from '../ranking.js';
import type { EquivalenceMargin } from '../winner.js';

/** The phrases the verdict's statement and table share: one configuration, one effect, one margin. */

/** "0.06514 (mean of 3; replicates 0.04618–0.08935)". */
export function describe(result: ConfigurationResult): string {
  const n = result.metricValues.length;
  if (n === 1) return `${formatNumber(result.mean)} (one replicate)`;
  return `${formatNumber(result.mean)} (mean of ${n}; replicates ${formatNumber(result.min)}–${formatNumber(result.max)})`;
}

export function relativeLead(lead: number, runnerUp: ConfigurationResult): string {
  return runnerUp.mean !== 0 ? ` (${formatPercent(lead / Math.abs(runnerUp.mean))} of the runner-up's value)` : '';
}

/** How a statement names things: a configuration's label, the metric, and which way is better. */
export interface Wording {
  labelOf: (configuration: Configuration) => string;
  /** 'final test_loss' */
  metric: string;
  /** '(lower is better)' */
  better: string;
  /** 'lower' when minimizing: the leader's metric is lower by the effect. */
  ahead: string;
}

export function wordingFor(metricName: string, goal: 'minimize' | 'maximize', labelOf: (configuration: Configuration) => string): Wording {
  return {
    labelOf,
    metric: `final ${metricName}`,
    better: goal === 'minimize' ? '(lower is better)' : '(higher is better)',
    ahead: goal === 'minimize' ? 'lower' : 'higher',
  };
}

/** "0.0031 to 0.0068": the confidence interval of the effect. */
export function intervalText({ comparison }: Decision): string {
  return `${formatNumber(comparison.interval.low)} to ${formatNumber(comparison.interval.high)}`;
}

/** "95%": the confidence level of a comparison's interval. */
export function confidenceOf({ comparison }: Decision): string {
  return formatPercent(comparison.bootstrap.confidence);
}

/** "0.0049 (95% CI 0.0031 to 0.0068)": the effect, positive when the leader is better, and its interval. */
export function effectWithInterval(decision: Decision): string {
  return `${formatNumber(decision.comparison.effect)} (${confidenceOf(decision)} CI ${intervalText(decision)})`;
}

/** "±δ = 0.01 (declared by the sweep: …)" or "±δ = 0.0085 (5% of the interquartile range of …)": δ and where it came from. */
export function marginText(margin: EquivalenceMargin, metric: string): string {
  if (margin.source === 'declared') return `±δ = ${formatNumber(margin.delta)} (declared by the sweep: the smallest difference in ${metric} that matters)`;
  return `±δ = ${formatNumber(margin.delta)} (${formatPercent(margin.fraction)} of the ${margin.spread} of ${metric} over the ${margin.runs} finished runs)`;
}

/** "lr=0.1, lr=0.3 and lr=1": at most `shown` names, then "and N more". */
export function listOf(names: readonly string[], shown = 3): string {
  if (names.length <= shown) return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

export function configurationCount(count: number): string {
  return `${count} configuration${count === 1 ? '' : 's'}`;
}

/** "the other configuration" or "each of the other 39 configurations": everything the leader is compared with. */
export function eachOther(count: number): string {
  return count === 1 ? 'the other configuration' : `each of the other ${count} configurations`;
}
