import { CONFIGURATION_ATTRIBUTE, type ExploreData } from './exploreData.js';
import { configurationOfTarget, selectedConfigurations, togglePickedConfiguration } from './configurationSelection.js';
import type { SelectionStore } from './selection.js';

/**
 * The server-drawn lr × momentum heatmap (`data-chart="metric-heatmap"`) follows the selection: every cell,
 * outline and value carries its configuration (CONFIGURATION_ATTRIBUTE), and those of configurations without a
 * selected run are dimmed. A click on a cell, or Enter / Space on it (each cell becomes focusable, labelled
 * with its configuration and value), picks that configuration; a second one drops the pick. (A shift-click,
 * or C, puts the configuration in the diff instead: linkConfigurationDiff in runDiff.ts.)
 */
export function linkHeatmap(chart: Element, data: ExploreData, store: SelectionStore): void {
  const elements = Array.from(chart.querySelectorAll<SVGElement>(`[${CONFIGURATION_ATTRIBUTE}]`)).map((element) => ({
    element,
    configuration: Number(element.getAttribute(CONFIGURATION_ATTRIBUTE)),
  }));
  // Each configuration's cell: its first rect (cells are drawn before the outlines of values beyond the scale).
  const cells = new Map<number, SVGElement>();
  const values = new Map<number, string>();
  for (const { element, configuration } of elements) {
    if (element.tagName.toLowerCase() === 'rect' && !cells.has(configuration)) cells.set(configuration, element);
    if (element.tagName.toLowerCase() === 'text') values.set(configuration, element.textContent ?? '');
  }
  for (const [configuration, cell] of cells) {
    cell.setAttribute('tabindex', '0');
    cell.setAttribute('role', 'button');
    const value = values.get(configuration);
    cell.setAttribute('aria-label', `${data.configurations[configuration].label}${value ? `: ${value}` : ''}`);
    cell.classList.add('pickable');
  }

  chart.addEventListener('click', (event) => {
    const configuration = configurationOfTarget(event.target);
    if (configuration !== null) togglePickedConfiguration(store, configuration, 'heatmap');
  });
  chart.addEventListener('keydown', (event) => {
    const { key } = event as KeyboardEvent;
    if (key !== 'Enter' && key !== ' ') return;
    const configuration = configurationOfTarget(event.target);
    if (configuration === null) return;
    event.preventDefault();
    togglePickedConfiguration(store, configuration, 'heatmap');
  });

  const update = () => {
    const selection = store.get();
    const selected = selectedConfigurations(data, selection);
    for (const { element, configuration } of elements) {
      element.classList.toggle('dimmed', !selected[configuration]);
      element.classList.toggle('picked', selection.configuration === configuration);
    }
  };
  store.subscribe(update);
  update();
}
