import * as Plot from '@observablehq/plot';
import type { BenchWorkload, OptimizerBenchSummary } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { LOG_TICK_FORMAT, renderPlot } from '../_plot.js';
import { formatNumber } from '../format.js';
import { section } from '../page.js';
import { spansDecades } from '../statistics.js';
import { rankedOptimizers, resultOf, timeToTarget } from './_benchOptimizers.js';
import { curveOf } from './benchCurve.js';

export const CURVES_SECTION_ID = 'curves';

/**
 * The built-ins a workload's chart compares the candidates with: the ones their verdicts name, or the
 * fastest baseline when there is no verdict (nobody reached the target there).
 */
export function comparedBaselines(summary: OptimizerBenchSummary, workload: string): string[] {
  const named = summary.verdicts.filter((verdict) => verdict.workload === workload && summary.candidates.includes(verdict.optimizer)).map((verdict) => verdict.against);
  if (named.length > 0) return [...new Set(named)];
  const reached = summary.baselines
    .map((name) => resultOf(summary, name, workload))
    .filter((result) => result !== undefined && timeToTarget(summary, result) !== null)
    .sort((a, b) => timeToTarget(summary, a!)! - timeToTarget(summary, b!)!);
  return reached.length > 0 ? [reached[0]!.optimizer] : [];
}

function workloadChart(summary: OptimizerBenchSummary, workload: BenchWorkload, index: number): SafeHtml {
  const colours = new Map(rankedOptimizers(summary).map((optimizer) => [optimizer.name, optimizer.colour]));
  const drawn = [...summary.candidates, ...comparedBaselines(summary, workload.id)];
  const rows = drawn.flatMap((optimizer) => {
    const result = resultOf(summary, optimizer, workload.id);
    const curve = result === undefined ? undefined : curveOf(result);
    return (curve ?? []).filter((point) => point.value !== null && Number.isFinite(point.value)).map((point) => ({ optimizer, examples: point.examples, value: point.value! }));
  });
  if (rows.length === 0) return html`<figure class="bench-curve"><figcaption><strong>${workload.id}</strong>: no curves recorded.</figcaption></figure>`;
  const present = drawn.filter((name) => rows.some((row) => row.optimizer === name));
  const logY = workload.goal === 'minimize' && spansDecades([...rows.map((row) => row.value), workload.target]);
  const isCandidate = (name: string) => summary.candidates.includes(name);
  const chart = renderPlot(`bench-curve-${index}`, {
    width: 540,
    height: 300,
    marginLeft: 56,
    marginTop: 24,
    x: { label: 'examples seen →', grid: true },
    y: { label: `${workload.goal === 'minimize' ? '↓' : '↑'} ${workload.metric}${logY ? ' (log scale)' : ''}`, type: logY ? 'log' : 'linear', grid: true, ...(logY ? { tickFormat: LOG_TICK_FORMAT } : {}) },
    color: { type: 'ordinal', domain: present, range: present.map((name) => colours.get(name) ?? '#999999'), legend: true },
    marks: [
      Plot.ruleY([workload.target], { stroke: '#555', strokeDasharray: '4,3' }),
      Plot.lineY(rows.filter((row) => !isCandidate(row.optimizer)), { x: 'examples', y: 'value', z: 'optimizer', stroke: 'optimizer', title: 'optimizer', strokeWidth: 1.6 }),
      Plot.lineY(rows.filter((row) => isCandidate(row.optimizer)), { x: 'examples', y: 'value', z: 'optimizer', stroke: 'optimizer', title: 'optimizer', strokeWidth: 2.6 }),
    ],
  });
  return html`<figure class="bench-curve" data-workload="${workload.id}"><figcaption><strong>${workload.id}</strong>: ${workload.title} (${workload.variant}); target ${workload.metric} ${workload.goal === 'minimize' ? '≤' : '≥'} ${formatNumber(workload.target)}, dashed.</figcaption>${chart}</figure>`;
}

/** Each candidate's mean learning curve against the best built-in, per workload (only when the summary has curves). */
export function curvesView(summary: OptimizerBenchSummary): SafeHtml {
  return section({
    id: CURVES_SECTION_ID,
    title: 'Learning curves',
    caption: 'Each candidate (thick) against the built-in fastest to the target on the workload: the mean metric of the replicates, by examples seen. The dashed line is the target.',
    body: html`<div class="panels">${summary.workloads.map((workload, i) => workloadChart(summary, workload, i))}</div>`,
  });
}
