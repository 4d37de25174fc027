import { OMITTED_DEFAULTS } from './omittedDefaults.js';

/**
 * The value at a dotted key of a resolved config (`optimizer.lr`, `problem.landscape.name`), or undefined. A key
 * left out at its default (`problem.model.kind` of an MLP) reads as that default wherever its section exists.
 */
export function valueAtKey(config: unknown, key: string): unknown {
  let node: unknown = config;
  const parts = key.split('.');
  for (const [i, part] of parts.entries()) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    if (!Object.hasOwn(node, part)) return i === parts.length - 1 ? OMITTED_DEFAULTS.get(key) : undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
