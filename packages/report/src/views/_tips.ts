import { formatNumber } from '../format.js';
import type { ReportModel } from '../reportModel.js';
import type { SearchTrial } from '../searchProgress.js';
import type { ReportRun } from '../types.js';

/**
 * The text a chart's mark shows when pointed at (Plot's `title` channel: an SVG <title>, which every browser shows
 * as a tooltip with no script and screen readers read): which run or configuration it is, its settings, the value
 * under the pointer and the run's status. One wording for every server-rendered chart.
 */

/**
 * Charts with a mark per run name each run in its tooltip up to this many marks; beyond, the titles would cost more
 * than the chart (about 130 bytes each: 260 KB at 2,000 marks), and the explore section's tips name runs instead.
 */
export const MAX_RUN_TIPS = 500;

/** Plot's title option for a mark per run: the datum's `tip`, unless the chart has more runs than MAX_RUN_TIPS. */
export function runTitles(runs: number): { title?: 'tip' } {
  return runs <= MAX_RUN_TIPS ? { title: 'tip' } : {};
}

/** "run 1c470eea5ba8 (replicate 2) · lr=0.1 · momentum=0.9 · final test_loss 0.123 · diverged" */
export function runTip(run: ReportRun, configurationLabel: string, value: { name: string; value: number } | null): string {
  const { record } = run;
  const parts = [`run ${record.runId} (replicate ${record.replicate})`, configurationLabel];
  if (value !== null) parts.push(`${value.name} ${formatNumber(value.value)}`);
  parts.push(record.status);
  return parts.filter((part) => part !== '').join(' · ');
}

/** "lr=0.1 · momentum=0.9 · mean final test_loss 0.123 (min 0.11, max 0.14, 3 replicates)" */
export function configurationTip(label: string, metric: string, summary: { mean: number; min: number; max: number; replicates: number }): string {
  const spread = summary.replicates > 1 ? ` (min ${formatNumber(summary.min)}, max ${formatNumber(summary.max)}, ${summary.replicates} replicates)` : '';
  return `${label === '' ? 'all runs' : label} · mean final ${metric} ${formatNumber(summary.mean)}${spread}`;
}

/** A configuration of the search as its marks' tooltips name it: its label, mean final metric and status. */
export function trialTip(model: ReportModel, trial: SearchTrial): string {
  const { result } = trial;
  const value = result.eligible
    ? configurationTip(result.configuration.label, model.metric.name, { mean: result.mean, min: result.min, max: result.max, replicates: result.metricValues.length })
    : `${result.configuration.label} · ${result.status === 'finished' ? 'not every replicate finished' : result.status}`;
  return value;
}
