import { closestNames } from '@descent/settings';

/** A lookup table built from a list; a repeated name is a programming error caught at import. */
export function indexByName<T extends { name: string }>(kind: string, items: readonly T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) {
    if (index.has(item.name)) throw new Error(`two ${kind}s are named '${item.name}'`);
    index.set(item.name, item);
  }
  return index;
}

/** "unknown dataset 'moon'. Did you mean 'moons'? Known datasets: ..." */
export function unknownNameError(kind: string, name: string, known: readonly string[]): Error {
  const suggestions = closestNames(name, known);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
  return new Error(`unknown ${kind} ${JSON.stringify(name)}.${hint} Known ${kind}s: ${known.join(', ')}`);
}
