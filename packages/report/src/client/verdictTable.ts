import { CONFIGURATION_ATTRIBUTE, type ExploreData } from './exploreData.js';
import { selectedConfigurations } from './configurationSelection.js';
import type { SelectionStore } from './selection.js';

/**
 * The verdict's table of comparisons (`table.verdict-table`, a row per configuration carrying
 * CONFIGURATION_ATTRIBUTE) follows the selection: rows of configurations without a selected run are dimmed,
 * not hidden, so the leader and the comparisons keep their meaning (they were decided over every configuration).
 * (A shift-click on a row, or C on it, puts its configuration in the diff: linkConfigurationDiff in runDiff.ts.)
 */
export function linkVerdictTable(table: HTMLTableElement, data: ExploreData, store: SelectionStore): void {
  const rows = Array.from(table.querySelectorAll<HTMLTableRowElement>(`tbody tr[${CONFIGURATION_ATTRIBUTE}]`)).map((row) => ({
    row,
    configuration: Number(row.getAttribute(CONFIGURATION_ATTRIBUTE)),
  }));
  const update = () => {
    const selected = selectedConfigurations(data, store.get());
    for (const { row, configuration } of rows) row.classList.toggle('dimmed', !selected[configuration]);
  };
  store.subscribe(update);
  update();
}
