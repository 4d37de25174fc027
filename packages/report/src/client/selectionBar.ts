import type { ExploreData } from './exploreData.js';
import { describeSelection, EMPTY_SELECTION, isEmpty, selectedRuns, type SelectionStore } from './selection.js';

/** The bar that says what is selected ('12 of 120 runs selected: lr 0.01–0.1') and clears it. */
export function mountSelectionBar(bar: HTMLElement, data: ExploreData, store: SelectionStore): void {
  const text = document.createElement('span');
  text.className = 'selection-text';
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.textContent = 'Clear';
  clear.addEventListener('click', () => store.set(EMPTY_SELECTION, 'selection-bar'));
  bar.replaceChildren(text, ' ', clear);
  const total = data.runs.length;
  const update = () => {
    const selection = store.get();
    const empty = isEmpty(selection);
    const count = selectedRuns(data, selection).filter(Boolean).length;
    text.textContent = empty
      ? `All ${total} runs shown: drag along an axis of the parallel coordinates (or type values under it), or click a row of the table, to select runs.`
      : `${count} of ${total} runs selected: ${describeSelection(data, selection)}`;
    clear.disabled = empty;
  };
  store.subscribe(update);
  update();
}
