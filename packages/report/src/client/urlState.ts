import type { ExploreData } from './exploreData.js';
import { EMPTY_SELECTION, METRIC_AXIS, type AxisFilter, type Selection } from './selection.js';

/**
 * The selection in the URL's hash, so a link to the file can carry it. Section anchors (#runs, #winner)
 * stay what they are: state lives only behind the reserved prefix '#explore:', which no section id has.
 *
 *   #explore:optimizer.lr=0.01..0.1&optimizer.name=adam,sgd&metric=0.1..0.3,none&pick=3f9a1c2b
 *
 * Ranges are exact numbers (String(n) reads back the same double); categorical values and keys are
 * URI-encoded; `pick` names a run, whose configuration is picked. Parts that do not fit this report are ignored.
 */
export const STATE_PREFIX = '#explore:';

const NO_VALUE = 'none';

export function encodeSelection(data: ExploreData, selection: Selection): string {
  const parts = Object.entries(selection.filters).map(([axis, filter]) => `${encodeURIComponent(axis)}=${encodeFilter(filter)}`);
  if (selection.configuration !== null) {
    const run = data.runs.find((candidate) => candidate.configuration === selection.configuration);
    if (run !== undefined) parts.push(`pick=${encodeURIComponent(run.id)}`);
  }
  return parts.length === 0 ? '' : `${STATE_PREFIX}${parts.join('&')}`;
}

function encodeFilter(filter: AxisFilter): string {
  if (filter.kind === 'categories') return filter.values.map(encodeURIComponent).join(',');
  return [`${filter.min}..${filter.max}`, ...(filter.missing ? [NO_VALUE] : [])].join(',');
}

/** The selection a hash describes; null when the hash is not state (empty, or a section anchor). */
export function decodeSelection(data: ExploreData, hash: string): Selection | null {
  if (!hash.startsWith(STATE_PREFIX)) return null;
  const selection: Selection = { filters: {}, configuration: EMPTY_SELECTION.configuration };
  for (const part of hash.slice(STATE_PREFIX.length).split('&')) {
    const equals = part.indexOf('=');
    if (equals < 0) continue;
    const name = safeDecode(part.slice(0, equals));
    const value = part.slice(equals + 1);
    if (name === 'pick') {
      const id = safeDecode(value);
      const run = data.runs.find((candidate) => candidate.id === id);
      if (run !== undefined) selection.configuration = run.configuration;
      continue;
    }
    const filter = decodeFilter(data, name, value);
    if (filter !== null) selection.filters[name] = filter;
  }
  return selection;
}

function decodeFilter(data: ExploreData, axis: string, text: string): AxisFilter | null {
  const setting = data.settings.find((candidate) => candidate.key === axis);
  if (axis !== METRIC_AXIS && setting === undefined) return null;
  if (setting?.kind === 'categorical') {
    const values = text === '' ? [] : text.split(',').map(safeDecode);
    return { kind: 'categories', values: values.filter((value) => setting.categories.includes(value)) };
  }
  const [range, ...flags] = text.split(',');
  const [min, max] = range.split('..').map(Number);
  if (Number.isNaN(min) || Number.isNaN(max)) return null;
  return { kind: 'range', min, max, missing: axis === METRIC_AXIS && flags.includes(NO_VALUE) };
}

/** decodeURIComponent that returns malformed text as it is instead of throwing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
