import type { BenchMachine, BenchTimingResult, OptimizerBenchSummary, OptimizerBenchTiming } from '@descent/runner';
import { html, type SafeHtml } from '../_html.js';
import { countOf, formatMilliseconds } from '../format.js';
import { section } from '../page.js';
import { rankedOptimizers } from './_benchOptimizers.js';

export const WALL_TIME_SECTION_ID = 'wall-time';

const machineText = (machine: BenchMachine) => `${machine.machine}, Node ${machine.node}, kernels ${machine.kernels}`;

function measuredOn(machines: readonly BenchMachine[]): SafeHtml {
  if (machines.length === 0) return html`No run recorded its wall time, so there is nothing to show.`;
  if (machines.length === 1) return html`Measured on <strong class="machine">${machineText(machines[0])}</strong>.`;
  return html`Measured on ${machines.length} machines (runs cached in the store by earlier benches): ${machines.map(
    (machine, i) => html`${i > 0 ? '; ' : ''}<strong class="machine">${machineText(machine)}</strong> (${countOf(machine.runs, 'run')})`,
  )}. Times from different machines do not compare.`;
}

function cell(entry: BenchTimingResult | undefined): SafeHtml {
  if (entry === undefined) return html`<td class="number" data-sort="">–</td>`;
  const toTarget = entry.wallTimeToTargetMs === null ? 'never' : formatMilliseconds(entry.wallTimeToTargetMs);
  return html`<td class="number" data-sort="${entry.wallTimeToTargetMs === null ? '' : String(entry.wallTimeToTargetMs)}" title="tuning: ${formatMilliseconds(entry.tuningMs)}">${toTarget}<br><span class="other-time">of ${formatMilliseconds(entry.trainingMs)} training</span></td>`;
}

/**
 * Wall time to target, workloads × optimizers, from timing.json: apart from the scores, labelled with the machine
 * it was measured on, since it depends on the machine, its load and what ran beside each run.
 */
export function wallTimeView(summary: OptimizerBenchSummary, timing: OptimizerBenchTiming): SafeHtml {
  const ranked = rankedOptimizers(summary);
  const entryOf = (optimizer: string, workload: string) => timing.results.find((entry) => entry.optimizer === optimizer && entry.workload === workload);
  return section({
    id: WALL_TIME_SECTION_ID,
    title: 'Wall time (this machine, not scored)',
    caption: html`${measuredOn(timing.machines)} Each cell: the median over replicates of the wall time at which a replicate reached the target (never: most did not), then the replicates' total training time; the tuning trials' time is in its title. Wall time depends on the machine, its load and the runs beside each one (the bench trains several at once), so nothing above is scored by it; it comes from timing.json, not from summary.json.`,
    body: html`<div class="table-wrap"><table class="bench-wall-time">
<thead><tr><th scope="col">workload</th>${ranked.map((optimizer) => html`<th class="number" scope="col">${optimizer.name}</th>`)}</tr></thead>
<tbody>
${summary.workloads.map(
  (workload) => html`<tr data-workload="${workload.id}"><th scope="row">${workload.id}</th>${ranked.map((optimizer) => cell(entryOf(optimizer.name, workload.id)))}</tr>
`,
)}</tbody>
</table></div>`,
  });
}
