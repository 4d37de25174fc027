import { EXPLORE_DATA_ID, EXPLORE_DATA_VERSION, type ExploreData } from './exploreData.js';
import { mountParallelCoordinates } from './parallelCoordinates.js';
import { linkRunTable } from './runTable.js';
import { linkHeatmap } from './heatmap.js';
import { linkVerdictTable } from './verdictTable.js';
import { createSelectionStore, type SelectionStore } from './selection.js';
import { mountSelectionBar } from './selectionBar.js';
import { decodeSelection, encodeSelection, STATE_PREFIX } from './urlState.js';

/**
 * The page script of a sweep report: reads the data island, draws the explorable views and links them
 * through one selection. Without it the page is complete: this only adds. Marks 'explore:start' and
 * 'explore:ready' (page interactive) for the browser tests' timing.
 */

function readIsland(): ExploreData | null {
  const island = document.getElementById(EXPLORE_DATA_ID);
  if (island === null) return null;
  const data = JSON.parse(island.textContent ?? '') as ExploreData;
  if (data.version !== EXPLORE_DATA_VERSION) {
    throw new Error(`this report's data is version ${String(data.version)}; its page script reads version ${EXPLORE_DATA_VERSION}`);
  }
  return data;
}

/** Keep the hash in step with the selection, a moment after it settles (browsers throttle rapid history updates). */
function syncHash(data: ExploreData, store: SelectionStore): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  store.subscribe((selection, source) => {
    if (source === 'url') return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const state = encodeSelection(data, selection);
      // An empty selection leaves a section anchor (#runs) alone and only removes a state hash.
      if (state === '' && !location.hash.startsWith(STATE_PREFIX)) return;
      history.replaceState(null, '', state === '' ? location.pathname + location.search : state);
    }, 150);
  });
  addEventListener('hashchange', () => {
    const selection = decodeSelection(data, location.hash);
    if (selection !== null) store.set(selection, 'url');
  });
}

function start(): void {
  performance.mark('explore:start');
  const data = readIsland();
  if (data === null) return;
  const store = createSelectionStore(decodeSelection(data, location.hash) ?? undefined);
  document.documentElement.classList.add('explorable');
  for (const bar of document.querySelectorAll<HTMLElement>('[data-explore="selection-bar"]')) mountSelectionBar(bar, data, store);
  for (const mount of document.querySelectorAll<HTMLElement>('[data-explore="parallel-coordinates"]')) mountParallelCoordinates(mount, data, store);
  for (const table of document.querySelectorAll<HTMLTableElement>('table[data-explore="runs"]')) linkRunTable(table, data, store);
  for (const chart of document.querySelectorAll('[data-chart="metric-heatmap"]')) linkHeatmap(chart, data, store);
  for (const table of document.querySelectorAll<HTMLTableElement>('table.verdict-table')) linkVerdictTable(table, data, store);
  syncHash(data, store);
  performance.mark('explore:ready');
}

start();
