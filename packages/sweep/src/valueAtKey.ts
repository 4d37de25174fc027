import { OMITTED_DEFAULTS } from './omittedDefaults.js';

/**
 * The value at a dotted key of a resolved config (`optimizer.lr`, `problem.landscape.name`), or undefined. A key
 * left out at its default (`problem.model.kind` of an MLP) reads as that default wherever its section exists.
 */
export function valueAtKey(config: unknown, key: string): unknown {
  let node: unknown = config;
  const parts = partsOf(key);
  for (let i = 0; i < parts.length; i++) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    if (!Object.hasOwn(node, parts[i])) return i === parts.length - 1 ? OMITTED_DEFAULTS.get(key) : undefined;
    node = (node as Record<string, unknown>)[parts[i]];
  }
  return node;
}

/**
 * Each dotted key's parts, split once: `exp list` of 100,000 runs asks for a few keys of every run, and splitting
 * (with a loop over `entries()`) each time was a tenth of the command. A sweep names a few keys, so this stays small.
 */
const splitKeys = new Map<string, readonly string[]>();
function partsOf(key: string): readonly string[] {
  let parts = splitKeys.get(key);
  if (parts === undefined) splitKeys.set(key, (parts = key.split('.')));
  return parts;
}
