import { EXPLORE_DATA_ID, EXPLORE_DATA_VERSION, type ExploreData } from './exploreData.js';
import { decodeExploreWire, type ExploreWire } from './exploreWire.js';
import { unpackScriptText } from './packedScript.js';
import { mountParallelCoordinates } from './parallelCoordinates.js';
import { linkRunTable } from './runTable.js';
import { linkHeatmap } from './heatmap.js';
import { linkVerdictTable } from './verdictTable.js';
import { createSelectionStore } from './selection.js';
import { mountSelectionBar } from './selectionBar.js';
import { mountSelectByValue } from './selectByValue.js';
import { decodeSelection } from './urlState.js';
import { syncHash } from './pageHash.js';
import { mountLearningCurves } from './curves.js';
import { mountGroupBy } from './groupBy.js';
import { mountWinnerGroups } from './winnerGroups.js';
import { warmRunSeries } from './groupCurves.js';
import { linkConfigurationDiff, linkRunDiff, mountRunDiff } from './runDiff.js';
import { mountSharedTips } from './tips.js';
import { createViewStore, decodeView } from './viewState.js';

/**
 * The page script of a sweep report: reads the data island, draws the explorable views and links them
 * through one selection. Without it the page is complete: this only adds. Marks 'explore:start' and
 * 'explore:ready' (page interactive) for the browser tests' timing.
 */

function readIsland(): ExploreData | null {
  const island = document.getElementById(EXPLORE_DATA_ID);
  if (island === null) return null;
  const wire = unpackScriptText(island.textContent ?? '') as ExploreWire;
  if (wire.version !== EXPLORE_DATA_VERSION) {
    throw new Error(`this report's data is version ${String(wire.version)}; its page script reads version ${EXPLORE_DATA_VERSION}`);
  }
  return decodeExploreWire(wire);
}

function start(): void {
  performance.mark('explore:start');
  const data = readIsland();
  if (data === null) return;
  const store = createSelectionStore(decodeSelection(data, location.hash) ?? undefined);
  document.documentElement.classList.add('explorable');
  for (const bar of document.querySelectorAll<HTMLElement>('[data-explore="selection-bar"]')) mountSelectionBar(bar, data, store);
  for (const mount of document.querySelectorAll<HTMLElement>('[data-explore="parallel-coordinates"]')) mountParallelCoordinates(mount, data, store);
  for (const mount of document.querySelectorAll<HTMLElement>('[data-explore="select-by-value"]')) mountSelectByValue(mount, data, store);
  for (const table of document.querySelectorAll<HTMLTableElement>('table[data-explore="runs"]')) linkRunTable(table, data, store);
  const view = createViewStore(decodeView(data, location.hash));
  for (const mount of document.querySelectorAll<HTMLElement>('[data-explore="group-by"]')) mountGroupBy(mount, data, view);
  for (const mount of document.querySelectorAll<HTMLElement>('[data-explore="learning-curves"]')) mountLearningCurves(mount, data, store, view);
  for (const mount of document.querySelectorAll<HTMLElement>('[data-explore="winner-groups"]')) mountWinnerGroups(mount, data, store, view);
  for (const mount of document.querySelectorAll<HTMLElement>('[data-explore="run-diff"]')) mountRunDiff(mount, data, view);
  for (const table of document.querySelectorAll<HTMLTableElement>('table[data-explore="runs"]')) linkRunDiff(table, data, view);
  for (const chart of document.querySelectorAll('[data-chart="metric-heatmap"]')) {
    linkHeatmap(chart, data, store);
    linkConfigurationDiff(chart, view);
  }
  for (const table of document.querySelectorAll<HTMLTableElement>('table.verdict-table')) {
    linkVerdictTable(table, data, store);
    linkConfigurationDiff(table, view);
  }
  mountSharedTips(document);
  syncHash(data, store, view);
  performance.mark('explore:ready');
  warmRunSeries(data);
}

start();
