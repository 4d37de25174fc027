import type { ExploreData } from './exploreData.js';
import { safeDecode } from './urlState.js';

/**
 * What the diff (runDiff.ts) puts side by side: two runs, or two configurations (all their replicates). One
 * kind at a time: a pick of the other kind starts a new diff. In the URL (viewState.ts) a run is its id and a
 * configuration its index in the island behind `c:`, so links written before configurations joined still read:
 *
 *   diff=3f9a1c2b,77d0e1aa     two runs
 *   diff=c:12,c:40             two configurations
 */
export type DiffItem = { kind: 'run'; id: string } | { kind: 'configuration'; configuration: number };

export function runItem(id: string): DiffItem {
  return { kind: 'run', id };
}

export function configurationItem(configuration: number): DiffItem {
  return { kind: 'configuration', configuration };
}

/** No run id starts with this: a store's run ids are hex digests, with no colon. */
const CONFIGURATION_PREFIX = 'c:';

export function sameItem(a: DiffItem, b: DiffItem): boolean {
  return a.kind === 'run' ? b.kind === 'run' && a.id === b.id : b.kind === 'configuration' && a.configuration === b.configuration;
}

/** The diff with `item` added (the older of two of its kind dropped, any of the other kind too) or, if it was in, removed. */
export function toggledDiff(diff: readonly DiffItem[], item: DiffItem): DiffItem[] {
  if (diff.some((other) => sameItem(other, item))) return diff.filter((other) => !sameItem(other, item));
  return [...diff.filter((other) => other.kind === item.kind), item].slice(-2);
}

/** The diff with each run replaced by its configuration (two replicates of one configuration become one). */
export function widenedToConfigurations(data: ExploreData, diff: readonly DiffItem[]): DiffItem[] {
  const configurations = diff.map((item) => (item.kind === 'configuration' ? item.configuration : data.runs.find((run) => run.id === item.id)?.configuration));
  return [...new Set(configurations.filter((configuration) => configuration !== undefined))].map(configurationItem);
}

/** The value of the URL's `diff=` part (not URI-decoded: each item is encoded on its own). */
export function encodeDiff(diff: readonly DiffItem[]): string {
  return diff.map((item) => (item.kind === 'run' ? encodeURIComponent(item.id) : `${CONFIGURATION_PREFIX}${item.configuration}`)).join(',');
}

/**
 * The diff a `diff=` value describes. What does not fit this report is dropped, as a reader would want: an
 * unknown run or configuration index, a repeated item, items of the kind the first one is not, more than two.
 */
export function decodeDiff(data: ExploreData, text: string): DiffItem[] {
  const items: DiffItem[] = [];
  for (const part of text.split(',')) {
    const item = decodeItem(data, safeDecode(part));
    if (item === null || items.some((other) => sameItem(other, item)) || (items.length > 0 && items[0].kind !== item.kind)) continue;
    items.push(item);
  }
  return items.slice(0, 2);
}

function decodeItem(data: ExploreData, text: string): DiffItem | null {
  if (text.startsWith(CONFIGURATION_PREFIX)) {
    const digits = text.slice(CONFIGURATION_PREFIX.length);
    const configuration = Number(digits);
    return /^\d+$/.test(digits) && configuration < data.configurations.length ? configurationItem(configuration) : null;
  }
  return data.runs.some((run) => run.id === text) ? runItem(text) : null;
}
