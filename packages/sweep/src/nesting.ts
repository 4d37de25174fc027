import { Parser, type CST } from 'yaml';

/**
 * How deeply lists and mappings may sit inside each other in a sweep file. The grammar needs a handful of
 * levels (parameters.<key>.values: [...] is four); the bound is far above that and far below the depth at
 * which the YAML composer, validation or JSON Schema (all recursive) would exhaust the call stack.
 */
export const MAX_NESTING = 64;

/**
 * The offset in `text` of the first (in the file) list or mapping nested deeper than MAX_NESTING (flow `[`/`{` or block
 * indentation alike), or null. Reads the yaml package's concrete syntax tree, which its parser builds with a
 * stack of its own (no recursion), and walks it with an explicit stack, so any depth is safe to measure.
 * `onNewLine` is the parser's hook for a LineCounter, to turn the offset into a line and column.
 */
export function tooDeep(text: string, onNewLine?: (offset: number) => void): number | null {
  let first: number | null = null;
  const pending: { token: CST.Token; depth: number }[] = [];
  for (const token of new Parser(onNewLine).parse(text)) if (token.type === 'document' && token.value) pending.push({ token: token.value, depth: 1 });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token, depth } = next;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth > MAX_NESTING) {
      // Not looked into: the walk stops at the bound, whatever the depth below.
      first = first === null ? token.offset : Math.min(first, token.offset);
      continue;
    }
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) pending.push({ token: item.key, depth: depth + 1 });
      if (item.value) pending.push({ token: item.value, depth: depth + 1 });
    }
  }
  return first;
}

/** The message for nesting past MAX_NESTING, written or reached through aliases. */
export const TOO_DEEP = `nesting deeper than ${MAX_NESTING} levels of lists and mappings starts here; a sweep needs only a few levels`;
