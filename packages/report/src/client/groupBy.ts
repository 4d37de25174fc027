import type { ExploreData } from './exploreData.js';
import type { ViewStore } from './viewState.js';

/**
 * The "Group runs by" control: a labelled <select> of the varied settings that writes the view's `group`,
 * which the learning curves (curves.ts) and the winner section (winnerGroups.ts) follow.
 */
export function mountGroupBy(mount: HTMLElement, data: ExploreData, view: ViewStore): void {
  if (data.settings.length === 0) return;
  const label = document.createElement('label');
  label.className = 'group-by';
  const select = document.createElement('select');
  select.name = 'group-by';
  const none = new Option('configuration (no grouping)', '');
  select.append(none, ...data.settings.map((setting) => new Option(setting.name, setting.key)));
  label.append('Group runs by ', select);
  mount.replaceChildren(label);
  select.addEventListener('change', () => view.set({ ...view.get(), group: select.value === '' ? null : select.value }, 'group-by'));
  const update = () => {
    select.value = view.get().group ?? '';
  };
  view.subscribe(update);
  update();
}
