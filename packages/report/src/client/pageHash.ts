import type { ExploreData } from './exploreData.js';
import type { SelectionStore } from './selection.js';
import { decodeSelection, encodeSelection, safeDecode, STATE_PREFIX } from './urlState.js';
import { decodeView, hashWithSection, joinHash, sectionOfHash, type ViewStore } from './viewState.js';

/**
 * The address's hash follows the page: the selection and the view (urlState.ts, viewState.ts), and the section
 * the reader went to. A link of the page to a section (#runs) would replace the state with its anchor, and the
 * address a reader then copies would have lost the selection: while there is state, such a link goes to
 * its section here and the hash keeps the state, with the section beside it (`#explore:…&at=runs`), which a
 * reload scrolls back to. Without state, links stay the browser's own.
 */
export function syncHash(data: ExploreData, store: SelectionStore, view: ViewStore): void {
  let section = sectionOfHash(location.hash);
  const state = () => joinHash(encodeSelection(data, store.get()), view.get());
  const write = () => {
    const current = state();
    // Without state, a section anchor (#runs) stays exactly as the browser wrote it; only a state hash is removed.
    if (current === '' && !location.hash.startsWith(STATE_PREFIX)) return;
    const hash = hashWithSection(current, section);
    if (hash === location.hash) return;
    history.replaceState(null, '', hash === '' ? location.pathname + location.search : hash);
  };

  // A moment after the state settles: browsers throttle rapid history updates.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = (_state: unknown, source: string) => {
    if (source === 'url') return;
    clearTimeout(timer);
    timer = setTimeout(write, 150);
  };
  store.subscribe(changed);
  view.subscribe(changed);

  addEventListener('hashchange', () => {
    section = sectionOfHash(location.hash);
    const selection = decodeSelection(data, location.hash);
    if (selection !== null) store.set(selection, 'url');
    if (!location.hash.startsWith(STATE_PREFIX)) return;
    view.set(decodeView(data, location.hash), 'url');
    // The browser finds no element named by a state hash: go to its section here.
    goToSection(section);
  });

  document.addEventListener('click', (event) => {
    // A click another handler took, or one that opens a tab or window, is not a move within this page.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
    if (!(link instanceof HTMLAnchorElement)) return;
    const href = link.getAttribute('href') ?? '';
    if (href.startsWith(STATE_PREFIX) || state() === '') return;
    const id = safeDecode(href.slice(1));
    if (document.getElementById(id) === null) return;
    event.preventDefault();
    section = id;
    clearTimeout(timer);
    write();
    goToSection(id);
  });

  // Opened from a link with state and a section: the browser found no element by that name.
  if (location.hash.startsWith(STATE_PREFIX)) goToSection(section);
}

/**
 * Scroll a section to the top at once, and move the keyboard's place there, as following its anchor would.
 * Not smoothly: the tables' `content-visibility: auto` resizes what lies on the way as it comes into view, and
 * a smooth scroll aims at where the section was when it began (it stopped 200 px past #runs). At once, the
 * page has no motion to spare a reader who asks for less (prefers-reduced-motion).
 */
function goToSection(id: string | null): void {
  const target = id === null ? null : document.getElementById(id);
  if (target === null) return;
  target.scrollIntoView({ block: 'start' });
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus({ preventScroll: true });
}
