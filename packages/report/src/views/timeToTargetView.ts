import * as Plot from '@observablehq/plot';
import { html, type SafeHtml } from '../_html.js';
import { marginForLabels, renderPlot } from '../_plot.js';
import type { Configuration } from '../configurations.js';
import { wallTimeToTargetOf } from '../listedRun.js';
import { CURVE_AXIS_LABELS, type CurveAxis } from '../curves.js';
import { formatCount, formatMilliseconds, formatNumber } from '../format.js';
import { section } from '../page.js';
import type { ReportModel } from '../reportModel.js';
import { mean } from '../statistics.js';
import type { ReportRun } from '../types.js';
import { axisSwitch } from './axisSwitch.js';
import { MAX_RUN_TIPS, runTip, runTitles } from './_tips.js';

export const TIME_TO_TARGET_SECTION_ID = 'time-to-target';

/** Charts list at most this many configurations (fastest first); the table below lists them all. */
const CHART_ROWS = 30;
/** Up to this many configurations that never reached the target are named inline; more are folded away. */
const INLINE_NEVER = 8;

export function showsTimeToTarget(model: ReportModel): boolean {
  return model.metric.target !== null;
}

/** Whether some run reached the target, so the view has bars to draw. */
export function someReachedTarget(model: ReportModel): boolean {
  return model.runs.some((run) => run.record.summary.stepsToTarget !== null);
}

type TargetAxis = Exclude<CurveAxis, 'epochs'>;
const TARGET_AXES: readonly TargetAxis[] = ['examples', 'steps', 'wall'];

function reachedValue(run: ReportRun, axis: TargetAxis): number | null {
  if (axis === 'steps') return run.record.summary.stepsToTarget;
  if (axis === 'examples') return run.record.summary.examplesToTarget;
  return wallTimeToTargetOf(run);
}

interface TargetRow {
  label: string;
  reached: number;
  total: number;
  steps: number;
  examples: number;
  wall: number;
}

function targetRow(configuration: Configuration): TargetRow {
  const reachedRuns = configuration.runs.filter((run) => run.record.summary.stepsToTarget !== null);
  const meanOf = (axis: TargetAxis) =>
    mean(reachedRuns.map((run) => reachedValue(run, axis)).filter((value): value is number => value !== null));
  return {
    label: configuration.label,
    reached: reachedRuns.length,
    total: configuration.runs.length,
    steps: meanOf('steps'),
    examples: meanOf('examples'),
    wall: meanOf('wall'),
  };
}

/** One bar per configuration that reached the target (those that never did are listed in a sentence below). */
function targetChart(rows: TargetRow[], configurations: Configuration[], axis: TargetAxis): SafeHtml {
  const labels = rows.map((row) => row.label);
  const reached = rows.filter((row) => Number.isFinite(row[axis]));
  const noData = rows.filter((row) => row.reached > 0 && !Number.isFinite(row[axis]));
  const partial = reached.filter((row) => row.reached < row.total);
  const shownLabels = new Set(labels);
  const replicates = configurations
    .filter((configuration) => shownLabels.has(configuration.label))
    .flatMap((configuration) =>
      configuration.runs.flatMap((run) => {
        const value = reachedValue(run, axis);
        return value === null ? [] : [{ label: configuration.label, value, tip: runTip(run, configuration.label, { name: `${CURVE_AXIS_LABELS[axis]} to target`, value }) }];
      }),
    );
  return renderPlot(`time-to-target-${axis}`, {
    width: 760,
    height: 60 + 24 * labels.length,
    marginLeft: marginForLabels(labels),
    marginRight: 80,
    x: { label: `${CURVE_AXIS_LABELS[axis]} to reach the target →`, grid: true, nice: true },
    y: { domain: labels, label: null },
    marks: [
      Plot.barX(reached, {
        x: axis,
        y: 'label',
        fill: '#56B4E9',
        fillOpacity: 0.7,
        ...(reached.length <= MAX_RUN_TIPS ? { title: (row: TargetRow) => `${row.label} · mean ${CURVE_AXIS_LABELS[axis]} to target ${formatNumber(row[axis])} (${row.reached} of ${row.total} replicates reached it)` } : {}),
      }),
      Plot.dot(replicates, { x: 'value', y: 'label', r: 2.5, fill: '#0072B2', ...runTitles(replicates.length) }),
      Plot.text(partial, { x: axis, y: 'label', text: (row: TargetRow) => `${row.reached}/${row.total} reached`, textAnchor: 'start', dx: 6 }),
      Plot.text(noData, { x: 0, y: 'label', text: () => 'no wall times', textAnchor: 'start', dx: 4, fill: '#555' }),
      Plot.ruleX([0]),
    ],
  });
}

export function timeToTargetView(model: ReportModel): SafeHtml {
  const rows = model.configurations.map(targetRow);
  // Fastest first by examples (the fair axis).
  const reached = rows
    .filter((row) => row.reached > 0)
    .sort((a, b) => {
      const x = Number.isFinite(a.examples) ? a.examples : Infinity;
      const y = Number.isFinite(b.examples) ? b.examples : Infinity;
      return x === y ? 0 : x < y ? -1 : 1;
    });
  const never = rows.filter((row) => row.reached === 0);
  const charted = reached.slice(0, CHART_ROWS);
  const comparison = model.metric.goal === 'minimize' ? '≤' : '≥';
  const goal = `${model.metric.name} ${comparison} ${formatNumber(model.metric.target)}`;
  // A long list of configurations that never got there would push the chart off the screen: fold it.
  const neverList = html`${never.map((row, i) => html`${i > 0 ? ', ' : ''}<span class="never-label">${row.label}</span>`)}`;
  const neverSummary = `${reached.length === 0 ? 'No configuration' : `${never.length} of ${rows.length} configurations`} never reached ${goal}`;
  const neverNote =
    never.length === 0 || reached.length === 0
      ? html`${reached.length === 0 ? html`<p class="note never">${neverSummary}.</p>` : html``}`
      : never.length <= INLINE_NEVER
        ? html`<p class="note never">${neverSummary}: ${neverList}.</p>`
        : html`<details class="note never"><summary>${neverSummary} (show which)</summary><p>${neverList}.</p></details>`;
  if (reached.length === 0) {
    return section({
      id: TIME_TO_TARGET_SECTION_ID,
      title: 'Time to target',
      caption: `How long each configuration took until ${goal}.`,
      body: [neverNote, html`<p class="caption">Nothing to chart: consider a less demanding target in the sweep file.</p>`],
    });
  }
  const panels = TARGET_AXES.map((axis) => ({ axis, body: targetChart(charted, model.configurations, axis) }));
  // Cells without end tags (the next <td> or </tr> closes them): one row per configuration that got there.
  const table = html`<div class="table-wrap"><table class="target-table">
<thead><tr><th>configuration</th><th class="number">reached</th><th class="number">steps</th><th class="number">examples seen</th><th class="number">wall time</th></tr></thead>
<tbody>
${reached.map(
  (row) => html`<tr><td>${row.label}<td>${row.reached}/${row.total}<td>${formatCount(row.steps)}<td>${formatCount(row.examples)}<td>${
    Number.isFinite(row.wall) ? formatMilliseconds(row.wall) : 'no wall times'
  }</tr>
`,
)}</tbody></table></div>`;
  return section({
    id: TIME_TO_TARGET_SECTION_ID,
    title: 'Time to target',
    caption: `How long each configuration took until ${goal} (bar = mean over the replicates that got there, dots = replicates, "k/n reached" when not all did). Look for the shortest bar in examples seen; wall time shows what it costs on this machine.`,
    body: [
      axisSwitch('time-to-target-axis', panels, 'examples'),
      reached.length > charted.length
        ? html`<p class="note">The charts show the ${charted.length} fastest of the ${reached.length} configurations that reached the target; the table lists all of them.</p>`
        : html``,
      neverNote,
      table,
    ],
  });
}
