import { didYouMean, oneOf } from './didYouMean.js';

/**
 * Named things of one kind (optimizers, schedules, datasets, landscapes, activations, losses,
 * initialisers), built from a list. Immutable: `with` returns a new registry. Every kind answers an
 * unknown name in the same words, and a name taken twice names both places that defined it.
 */
export interface Registry<T extends { readonly name: string }> {
  /** What one item is called in messages, singular: 'optimizer', 'dataset'. */
  readonly kind: string;
  /** The item called `name`; an unknown name throws an Error whose message is `nameIssue(name)`. */
  get(name: string): T;
  has(name: string): boolean;
  /** Every name, in the order the items were added. */
  names(): T['name'][];
  /** Every item, in the order they were added. */
  list(): T[];
  /** Where the item called `name` came from: 'built-in', or the source given to `with` (a plugin file). */
  sourceOf(name: string): string;
  /** This registry plus `more`, all from `source`; a name already taken throws naming both sources. */
  with(more: readonly T[], source: string): Registry<T>;
  /**
   * Why `name` names nothing here, or null when it is registered:
   * `unknown optimizer 'momentun'; did you mean 'momentum'? (expected one of sgd, momentum, adam)`.
   * For validators that collect issues instead of throwing.
   */
  nameIssue(name: unknown): string | null;
}

interface Entry<T> {
  item: T;
  source: string;
}

/** A registry of `kind` built from `items`, all from `source`; a duplicate name throws naming both sources. */
export function createRegistry<T extends { readonly name: string }>(kind: string, items: readonly T[], source = 'built-in'): Registry<T> {
  return registryOf(kind, withEntries(kind, new Map(), items, source));
}

function withEntries<T extends { readonly name: string }>(
  kind: string,
  existing: ReadonlyMap<string, Entry<T>>,
  items: readonly T[],
  source: string,
): Map<string, Entry<T>> {
  const entries = new Map(existing);
  for (const item of items) {
    const taken = entries.get(item.name);
    if (taken !== undefined) {
      const where = taken.source === source ? `twice by ${source}` : `by ${taken.source} and again by ${source}`;
      throw new Error(`${kind} '${item.name}' is defined ${where}; rename one of them`);
    }
    entries.set(item.name, { item, source });
  }
  return entries;
}

// A Map, not an object: a name such as '__proto__' or 'constructor' must not find Object.prototype's members.
function registryOf<T extends { readonly name: string }>(kind: string, entries: ReadonlyMap<string, Entry<T>>): Registry<T> {
  const names = (): T['name'][] => [...entries.keys()];
  const nameIssue = (name: unknown): string | null => {
    if (typeof name === 'string' && entries.has(name)) return null;
    const suggestion = typeof name === 'string' ? didYouMean(name, names()) : '';
    return `unknown ${kind} ${describeGiven(name)}${suggestion} (expected ${oneOf(names())})`;
  };
  const entry = (name: string): Entry<T> => {
    const found = entries.get(name);
    if (found === undefined) throw new Error(nameIssue(name)!);
    return found;
  };
  return {
    kind,
    get: (name) => entry(name).item,
    has: (name) => entries.has(name),
    names,
    list: () => [...entries.values()].map(({ item }) => item),
    sourceOf: (name) => entry(name).source,
    with: (more, source) => registryOf(kind, withEntries(kind, entries, more, source)),
    nameIssue,
  };
}

/** A name as the user wrote it: 'moon' in quotes; anything that is not a string as what it is. */
function describeGiven(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a bigint, or an object that refers to itself
  }
}
