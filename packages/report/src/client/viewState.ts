import { createStore, type Store, type StoreListener } from './store.js';
import { decodeDiff, encodeDiff, type DiffItem } from './diffItems.js';
import type { ExploreData } from './exploreData.js';
import { safeDecode, STATE_PREFIX } from './urlState.js';

/**
 * How the page shows the selection, beside what is selected (selection.ts): the setting the curves are
 * grouped by, and the runs or configurations put side by side in the diff. A store of its own, so the
 * selection's rules stay as they are; the URL carries both (`group=` and `diff=` parts after the selection's;
 * diffItems.ts writes the diff).
 *
 *   #explore:optimizer.lr=0.01..0.1&group=optimizer.momentum&diff=3f9a1c2b,77d0e1aa&at=runs
 *   #explore:diff=c:12,c:40
 *
 * `at` names the section the reader last went to from a link of the page (a plain #runs without any state).
 */
export interface ViewState {
  /** A setting's key (one of the island's settings), or null: one curve per configuration. */
  group: string | null;
  /** Up to two runs, or up to two configurations, in the order they were picked. */
  diff: DiffItem[];
}

export const DEFAULT_VIEW: ViewState = { group: null, diff: [] };

export type ViewListener = StoreListener<ViewState>;

/** The grouping and the diff, shared by the views that use them (store.ts). */
export type ViewStore = Store<ViewState>;

export function createViewStore(initial: ViewState = DEFAULT_VIEW): ViewStore {
  return createStore(initial);
}

/** The view's parts of the hash (without the prefix); empty for the default view. */
export function encodeView(view: ViewState): string[] {
  return [
    ...(view.group === null ? [] : [`group=${encodeURIComponent(view.group)}`]),
    ...(view.diff.length === 0 ? [] : [`diff=${encodeDiff(view.diff)}`]),
  ];
}

/** The view a hash describes; parts that do not fit this report (an unknown setting, run or configuration) are dropped. */
export function decodeView(data: ExploreData, hash: string): ViewState {
  if (!hash.startsWith(STATE_PREFIX)) return DEFAULT_VIEW;
  let view: ViewState = DEFAULT_VIEW;
  for (const part of hash.slice(STATE_PREFIX.length).split('&')) {
    const [name, value = ''] = part.split('=');
    if (name === 'group') {
      const key = safeDecode(value);
      if (data.settings.some((setting) => setting.key === key)) view = { ...view, group: key };
    } else if (name === 'diff') {
      view = { ...view, diff: decodeDiff(data, value) };
    }
  }
  return view;
}

/** Join the selection's hash (urlState's encodeSelection: '' or '#explore:…') and the view's parts. */
export function joinHash(selectionHash: string, view: ViewState): string {
  const parts = [...(selectionHash === '' ? [] : [selectionHash.slice(STATE_PREFIX.length)]), ...encodeView(view)];
  return parts.length === 0 ? '' : `${STATE_PREFIX}${parts.join('&')}`;
}


/** The section part's name: `&at=runs`. */
const SECTION_PART = 'at=';

/** The page's whole hash: the state (joinHash) with the section beside it; a section alone stays a plain anchor (#runs). */
export function hashWithSection(stateHash: string, section: string | null): string {
  if (section === null) return stateHash;
  return stateHash === '' ? `#${encodeURIComponent(section)}` : `${stateHash}&${SECTION_PART}${encodeURIComponent(section)}`;
}

/** The section a hash points to: a plain anchor's id, or the state's `at` part; null for neither. */
export function sectionOfHash(hash: string): string | null {
  if (!hash.startsWith(STATE_PREFIX)) return hash.length > 1 ? safeDecode(hash.slice(1)) : null;
  const part = hash.slice(STATE_PREFIX.length).split('&').find((candidate) => candidate.startsWith(SECTION_PART));
  const section = part === undefined ? '' : safeDecode(part.slice(SECTION_PART.length));
  return section === '' ? null : section;
}
