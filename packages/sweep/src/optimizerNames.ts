import type { SweepNode } from './tree.js';

/** Keys that hold a parameter's values or a claim's selections: they add nothing to the config path. */
const TRANSPARENT = new Set(['parameters', 'values', 'value', 'a', 'b']);

/**
 * Every string written where an optimizer's name can stand, anywhere in a sweep file: `optimizer.name`,
 * the `name` of each value of a swept `optimizer`, each value of a swept `optimizer.name` (a grid's list or
 * a random search's categorical `values`), and, separately, the names in claims. A superset of the names
 * runs use (a name the validator will refuse is in it too), found before any plugin is loaded: when every
 * one is a built-in, no plugin needs to be imported at all.
 */
export function optimizerNamesWritten(doc: SweepNode | null): { runs: Set<string>; claims: Set<string> } {
  const runs = new Set<string>();
  const claims = new Set<string>();
  const walk = (node: SweepNode, path: readonly string[], into: Set<string>): void => {
    if (node.kind === 'scalar') {
      const n = path.length;
      const named = (n >= 2 && path[n - 2] === 'optimizer' && path[n - 1] === 'name') || (n >= 1 && path[n - 1] === 'optimizer');
      if (named && typeof node.value === 'string') into.add(node.value);
    } else if (node.kind === 'seq') {
      for (const item of node.items) walk(item, path, into);
    } else {
      for (const [key, entry] of node.entries) walk(entry.value, TRANSPARENT.has(key) ? path : [...path, ...key.split('.')], into);
    }
  };
  if (doc === null || doc.kind !== 'map') return { runs, claims };
  for (const [key, entry] of doc.entries) {
    if (key === 'claims') walk(entry.value, [], claims);
    else if (key !== 'plugins' && key !== 'name' && key !== 'description') walk(entry.value, TRANSPARENT.has(key) ? [] : key.split('.'), runs);
  }
  return { runs, claims };
}
