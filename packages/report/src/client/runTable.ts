import { runIdOfRow, type ExploreData } from './exploreData.js';
import { togglePickedConfiguration } from './configurationSelection.js';
import { selectedRuns, type SelectionStore } from './selection.js';

/**
 * The table of runs (rows carry `runRowId` ids) follows the selection: rows outside it are hidden. A click
 * (or Enter / Space on a focused row) picks the row's configuration, and a second one on it drops the pick.
 */
export function linkRunTable(table: HTMLTableElement, data: ExploreData, store: SelectionStore): void {
  const indexOf = new Map(data.runs.map((run, i) => [run.id, i] as const));
  const rows = Array.from(table.tBodies[0].rows).flatMap((row) => {
    const index = indexOf.get(runIdOfRow(row) ?? '');
    return index === undefined ? [] : [{ row, index }];
  });

  const togglePick = (index: number) => togglePickedConfiguration(store, data.runs[index].configuration, 'run-table');
  for (const { row, index } of rows) {
    row.tabIndex = 0;
    row.classList.add('pickable');
    row.addEventListener('click', (event) => {
      // Text being selected with the mouse, or a link in the row, is not a pick.
      if ((event.target as Element).closest('a, button') !== null || String(window.getSelection() ?? '') !== '') return;
      togglePick(index);
    });
    row.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      togglePick(index);
    });
  }

  let shown: boolean[] = data.runs.map(() => true);
  let picked: number | null | undefined; // undefined: not drawn yet
  const update = () => {
    const selection = store.get();
    const selected = selectedRuns(data, selection);
    const pickChanged = selection.configuration !== picked;
    for (const { row, index } of rows) {
      if (selected[index] !== shown[index]) row.hidden = !selected[index];
      if (pickChanged) row.classList.toggle('picked', data.runs[index].configuration === selection.configuration);
    }
    shown = selected;
    picked = selection.configuration;
  };
  store.subscribe(update);
  update();
}
