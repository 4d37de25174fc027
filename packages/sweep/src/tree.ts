/**
 * A sweep file as a tree of positioned nodes. The YAML document is copied into this tree once, so every
 * value knows the line and column it was written at, and no raw parsed object is ever merged into a
 * config (a `__proto__` key is just an entry of a `Map` here, never a prototype).
 */

/** 1-based line and column in the sweep file. */
export interface Position {
  line: number;
  col: number;
}

export type SweepNode = ScalarNode | MapNode | SeqNode;

/** Random-search distributions over numbers (categorical draws from `values` instead). */
export type NumberDistribution = 'uniform' | 'log_uniform_values' | 'int_uniform';

export interface ScalarNode {
  kind: 'scalar';
  value: number | string | boolean | null;
  pos: Position;
  /**
   * Set on the node that stands for a random-search range during validation, so an integer setting
   * swept with a continuous distribution is reported (its bounds alone may be whole numbers).
   */
  drawnFrom?: { distribution: NumberDistribution; pos: Position };
}

export interface MapEntry {
  key: string;
  keyPos: Position;
  value: SweepNode;
}

export interface MapNode {
  kind: 'map';
  /** In the order written; a JS Map, so keys like `__proto__` stay plain data. */
  entries: ReadonlyMap<string, MapEntry>;
  pos: Position;
}

export interface SeqNode {
  kind: 'seq';
  items: readonly SweepNode[];
  pos: Position;
}

/** YAML's own spelling of the non-finite numbers, so messages show what the user wrote. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  return String(x);
}

/** How a value appears in a message's "got ...": `0.1`, `"adamw"`, `the string "0.1"`, `a mapping`. */
export function describeNode(node: SweepNode, options: { stringsAsType?: boolean } = {}): string {
  switch (node.kind) {
    case 'map':
      return 'a mapping';
    case 'seq':
      return node.items.length === 0 ? 'an empty list' : `a list of ${node.items.length}`;
    case 'scalar': {
      const { value } = node;
      if (value === null) return 'nothing (null)';
      if (typeof value === 'number') return formatNumber(value);
      if (typeof value === 'string') return options.stringsAsType ? `the string ${JSON.stringify(value)}` : JSON.stringify(value);
      return String(value);
    }
  }
}
