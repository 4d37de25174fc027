import { OKABE_ITO } from '../palette.js';
import { bandChart } from './bandChart.js';
import type { ExploreData } from './exploreData.js';
import { curveGroups, runSeriesOf, type CurveGroup, type GroupPick, type RunSeries } from './groupCurves.js';
import { isEmpty, selectedRuns, withFilter, type Selection, type SelectionStore } from './selection.js';
import type { ViewStore } from './viewState.js';

/**
 * The learning-curves section follows the selection: while runs are selected or the curves are grouped,
 * a chart drawn here from the island's curves takes the place of the static charts (which stay in the page
 * for printing and for readers without the script): a mean line and min–max band per group, a tip on the
 * line under the pointer, and a legend whose entries select their group's runs. Cut at the top as the static
 * charts are (divergenceCeiling.ts), with a ✕ where a diverged run's curve ends (✂ a pruned one's).
 */

export function mountLearningCurves(mount: HTMLElement, data: ExploreData, store: SelectionStore, view: ViewStore): void {
  const curves = data.curves;
  const section = mount.closest('section') ?? mount;
  if (curves === null) return;
  let drawn = '';

  const update = () => {
    const selection = store.get();
    const group = view.get().group;
    const active = !isEmpty(selection) || group !== null;
    section.classList.toggle('explore-active', active);
    mount.hidden = !active;
    if (!active) {
      drawn = '';
      return;
    }
    const { groups, hidden } = curveGroups(data, selectedRuns(data, selection), group);
    // Brushing moves the pointer many times for each change of the selected runs: draw only on a change.
    const signature = `${group}|${groups.map((entry) => entry.runs.join(',')).join(';')}|${JSON.stringify(selection)}`;
    if (signature === drawn) return;
    drawn = signature;
    const started = performance.now();
    mount.replaceChildren(...drawing(data, runSeriesOf(data), groups, hidden, selection, store));
    // For the browser tests: what drawing the curves cost, beside the rest of an update.
    performance.measure('explore:curves', { start: started });
  };
  store.subscribe(update);
  view.subscribe(update);
  update();
}

function drawing(data: ExploreData, series: RunSeries[], groups: CurveGroup[], hidden: number, selection: Selection, store: SelectionStore): Node[] {
  const curves = data.curves!;
  const runCount = groups.reduce((sum, entry) => sum + entry.runs.length, 0);
  const note = document.createElement('p');
  note.className = 'note curves-note';
  if (groups.length === 0) {
    note.textContent = 'No run is selected: nothing to draw.';
    return [note];
  }
  const grouped = groups[0].pick.kind === 'setting';
  note.textContent =
    `The selected runs' ${curves.title} against ${curves.axisLabel}: ${grouped ? 'one line per value' : 'one line per configuration'} ` +
    `(mean over its ${grouped ? 'runs' : 'replicates'}, band = min–max), ${runCount} runs.` +
    (hidden > 0 ? ` Showing the ${groups.length} best of ${groups.length + hidden} by final ${data.metric.name}, so each keeps a distinct colour.` : '') +
    ' Click an entry of the key to select its runs.';

  const { chart, notes } = bandChart(data, series, groups, {
    height: 380,
    ariaLabel: `Learning curves of the selected runs: ${groups.map((entry) => entry.label).join('; ')}`,
    ariaDescription: `${curves.title} against ${curves.axisLabel}, mean and min–max band per ${grouped ? 'value' : 'configuration'}.`,
    legend: false,
  });
  for (const line of notes) note.textContent += ` ${line}`;
  chart.setAttribute('data-groups', String(groups.length));
  return [note, legend(groups, selection, store), chart];
}

/** The key: one button per group, which selects (or, pressed again, drops) that group's runs. */
function legend(groups: CurveGroup[], selection: Selection, store: SelectionStore): HTMLElement {
  const key = document.createElement('div');
  key.className = 'key series-key curve-legend';
  key.setAttribute('aria-label', 'Curves (click to select)');
  groups.forEach((entry, i) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.label = entry.label;
    const pressed = isPicked(selection, entry.pick);
    button.setAttribute('aria-pressed', String(pressed));
    const swatch = document.createElement('span');
    swatch.className = 'line-swatch';
    swatch.style.background = OKABE_ITO[i % OKABE_ITO.length];
    button.append(swatch, entry.label);
    button.addEventListener('click', () => store.set(toggled(store.get(), entry.pick), 'curves-legend'));
    key.append(button);
  });
  return key;
}

function isPicked(selection: Selection, pick: GroupPick): boolean {
  if (pick.kind === 'configuration') return selection.configuration === pick.configuration;
  return pick.filter !== null && JSON.stringify(selection.filters[pick.key]) === JSON.stringify(pick.filter);
}

function toggled(selection: Selection, pick: GroupPick): Selection {
  if (pick.kind === 'configuration') return { ...selection, configuration: selection.configuration === pick.configuration ? null : pick.configuration };
  if (pick.filter === null) return selection;
  return withFilter(selection, pick.key, isPicked(selection, pick) ? null : pick.filter);
}
