import * as Plot from '@observablehq/plot';
import { formatNumber } from '../format.js';
import { LOG_TICK_FORMAT, marginForLabels } from '../plotLayout.js';
import type { ExploreData } from './exploreData.js';
import { countText, groupMetrics, type GroupMetric } from './groupMetrics.js';
import { selectedRuns, type SelectionStore } from './selection.js';
import type { ViewStore } from './viewState.js';

/**
 * The "Which setting is best" section grouped by a setting: while the view is grouped, a chart drawn here from
 * the island takes the place of the static verdict and chart (which stay in the page for printing and for
 * readers without the script): one row per value of the setting, dots = the selected runs' final metric, grey
 * bar = their min–max, black tick = their mean, and at the right how many runs it holds and how many were
 * left out (diverged, failed, pruned). It follows the selection as the other views do.
 */

/** A dot: one run's final metric, on its group's row. */
interface RunDot {
  label: string;
  value: number;
  id: string;
}

export function mountWinnerGroups(mount: HTMLElement, data: ExploreData, store: SelectionStore, view: ViewStore): void {
  const section = mount.closest('section') ?? mount;
  let drawn = '';
  const update = () => {
    const group = view.get().group;
    const active = group !== null;
    section.classList.toggle('explore-active', active);
    mount.hidden = !active;
    if (!active) {
      drawn = '';
      return;
    }
    const selected = selectedRuns(data, store.get());
    // Brushing moves the pointer many times for each change of the selected runs: draw only on a change.
    const signature = `${group}|${selected.map((on) => (on ? 1 : 0)).join('')}`;
    if (signature === drawn) return;
    drawn = signature;
    mount.replaceChildren(...drawing(data, groupMetrics(data, selected, group), group, selected.filter(Boolean).length));
  };
  store.subscribe(update);
  view.subscribe(update);
  update();
}

function drawing(data: ExploreData, groups: GroupMetric[], group: string, selectedCount: number): Node[] {
  const { name, goal } = data.metric;
  const setting = data.settings.find((entry) => entry.key === group)!;
  const note = document.createElement('p');
  note.className = 'note winner-groups-note';
  note.textContent =
    `The final ${name} of the selected runs (${selectedCount} of ${data.runs.length}) per value of ${setting.name}: dots are runs, ` +
    `the grey bar their min–max range, the black tick their mean; at the right, how many runs each holds. ` +
    `The sweep ${goal === 'minimize' ? 'minimizes' : 'maximizes'} ${name}: ${goal === 'minimize' ? 'lower' : 'higher'} is better. ` +
    'Diverged, failed and pruned runs are counted apart, not drawn (a pruned run stopped at a smaller budget). ' +
    'Clear the grouping for the verdict between configurations.';
  const labels = groups.map((entry) => entry.label);
  const summarised = groups.filter((entry) => entry.finals.length > 0);
  const dots: RunDot[] = groups.flatMap((entry) => entry.finals.map(({ run, value }) => ({ label: entry.label, value, id: data.runs[run].id })));
  const chart = Plot.plot({
    width: 760,
    height: 50 + 28 * labels.length,
    marginLeft: marginForLabels(labels),
    marginRight: 200,
    ariaLabel: `Final ${name} per ${setting.name}: ${groups.map((entry) => `${entry.label} ${countText(entry)}`).join('; ')}`,
    x: {
      label: `final ${name}${data.metric.log ? ' (log scale)' : ''} ${goal === 'minimize' ? '(lower is better)' : '(higher is better)'} →`,
      type: data.metric.log ? 'log' : 'linear',
      grid: true,
      ...(data.metric.log ? { tickFormat: LOG_TICK_FORMAT } : {}),
    },
    y: { domain: labels, label: null },
    marks: [
      Plot.ruleY(summarised, { y: 'label', x1: 'min', x2: 'max', stroke: '#999', strokeWidth: 6, strokeOpacity: 0.5, className: 'winner-band' }),
      Plot.dot(dots, { x: 'value', y: 'label', r: 3, fill: '#0072B2', className: 'winner-dot' }),
      Plot.tickX(summarised, { x: 'mean', y: 'label', stroke: 'currentColor', strokeWidth: 2, className: 'winner-mean' }),
      Plot.text(groups, { y: 'label', text: countText, frameAnchor: 'right', textAnchor: 'start', dx: 10, className: 'winner-count' }),
      Plot.tip(
        dots,
        Plot.pointer({ x: 'value', y: 'label', maxRadius: 20, title: (dot: RunDot) => `${dot.label}\nrun ${dot.id}\nfinal ${name} ${formatNumber(dot.value)}` }),
      ),
    ],
  });
  chart.setAttribute('data-groups', String(groups.length));
  return [note, chart];
}
