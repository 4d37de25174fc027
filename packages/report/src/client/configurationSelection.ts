import { CONFIGURATION_ATTRIBUTE, type ExploreData } from './exploreData.js';
import { selectedRuns, type Selection, type SelectionStore } from './selection.js';

/**
 * The selection seen by configuration, for views that draw one mark per configuration (the heatmap's cells,
 * the verdict table's rows). Pure, so the rule is tested in Node.
 */

/**
 * Per configuration (island order): whether it is in the selection, i.e. at least one of its runs is selected
 * (with an empty selection, every run is).
 */
export function selectedConfigurations(data: ExploreData, selection: Selection): boolean[] {
  const selected = data.configurations.map(() => false);
  selectedRuns(data, selection).forEach((isSelected, i) => {
    if (isSelected) selected[data.runs[i].configuration] = true;
  });
  return selected;
}

/** Pick a configuration (its runs alone, with any brushes still AND-ed), or drop the pick when it is the one picked. */
export function togglePickedConfiguration(store: SelectionStore, configuration: number, source: string): void {
  const selection = store.get();
  store.set({ ...selection, configuration: selection.configuration === configuration ? null : configuration }, source);
}

/** The configuration an event's target names: its own or its nearest ancestor's CONFIGURATION_ATTRIBUTE; null when none does. */
export function configurationOfTarget(target: EventTarget | null): number | null {
  const element = target instanceof Element ? target.closest(`[${CONFIGURATION_ATTRIBUTE}]`) : null;
  return element === null ? null : Number(element.getAttribute(CONFIGURATION_ATTRIBUTE));
}
