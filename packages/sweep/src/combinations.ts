import type { SweepParameter } from './sweep.js';
import type { MapEntry, MapNode, Position, SweepNode } from './tree.js';

/** A parameter set to one of its values. */
export interface Assignment {
  parameter: SweepParameter;
  value: SweepNode;
}

/**
 * The base configuration with parameter values laid over it: each value replaces the subtree at its
 * dotted key. Shorter keys go first, so `optimizer: {values: [...]}` can be refined by `optimizer.lr`.
 * Returns new maps along each changed path; the base is never modified.
 */
export function overlay(base: MapNode, assignments: readonly Assignment[]): MapNode {
  const byDepth = [...assignments].sort((a, b) => a.parameter.path.length - b.parameter.path.length);
  return byDepth.reduce((tree, { parameter, value }) => setAt(tree, parameter.path, value, parameter.keyPos), base);
}

function setAt(map: MapNode, path: readonly string[], value: SweepNode, keyPos: Position): MapNode {
  const [head, ...rest] = path;
  const entries = new Map<string, MapEntry>(map.entries);
  const existing = map.entries.get(head);
  if (rest.length === 0) {
    entries.set(head, { key: head, keyPos, value });
  } else {
    // A missing (or non-mapping) parent becomes a new mapping positioned at the parameter's key.
    const child: MapNode = existing?.value.kind === 'map' ? existing.value : { kind: 'map', entries: new Map(), pos: keyPos };
    entries.set(head, { key: head, keyPos: existing?.keyPos ?? keyPos, value: setAt(child, rest, value, keyPos) });
  }
  return { kind: 'map', entries, pos: map.pos };
}

/**
 * The values validation tries for a parameter: every listed value, or a range's two ends (marked with
 * the distribution, so an integer setting swept by a continuous one is caught). Checking the ends is
 * enough because every declared range is an interval.
 */
export function representatives(parameter: SweepParameter): SweepNode[] {
  if (parameter.kind === 'values') return parameter.values;
  // Only one end carries the distribution, so a mismatch is reported once.
  return [
    { kind: 'scalar', value: parameter.min, pos: parameter.minPos, drawnFrom: { distribution: parameter.kind, pos: parameter.distributionPos } },
    { kind: 'scalar', value: parameter.max, pos: parameter.maxPos },
  ];
}

/** Every combination of indices, the first position varying slowest: [0,0], [0,1], [1,0], [1,1]. */
export function* cartesian(counts: readonly number[]): Generator<number[]> {
  if (counts.some((n) => n === 0)) return;
  const index = counts.map(() => 0);
  while (true) {
    yield [...index];
    let k = counts.length - 1;
    while (k >= 0) {
      if (++index[k] < counts[k]) break;
      index[k] = 0;
      k--;
    }
    if (k < 0) return;
  }
}

const ALL_LIMIT = 4096;
const PAIRS_LIMIT = 20_000;

/**
 * The combinations validation resolves: all of them for a small grid; otherwise every pair of values of
 * two parameters (the rest at their first value), which still meets each hyperparameter value with each
 * optimizer and each batch size with each dataset; for a grid too large even for that, each value once.
 */
export function validationCombinations(counts: readonly number[]): Iterable<number[]> {
  const total = counts.reduce((product, n) => product * n, 1);
  if (total <= ALL_LIMIT) return cartesian(counts);
  let pairs = 0;
  for (let i = 0; i < counts.length; i++) for (let j = i + 1; j < counts.length; j++) pairs += counts[i] * counts[j];
  return pairs <= PAIRS_LIMIT ? pairwise(counts) : eachValueOnce(counts);
}

function* pairwise(counts: readonly number[]): Generator<number[]> {
  for (let i = 0; i < counts.length; i++)
    for (let j = i + 1; j < counts.length; j++)
      for (let a = 0; a < counts[i]; a++)
        for (let b = 0; b < counts[j]; b++) {
          const index = counts.map(() => 0);
          index[i] = a;
          index[j] = b;
          yield index;
        }
}

function* eachValueOnce(counts: readonly number[]): Generator<number[]> {
  for (let i = 0; i < counts.length; i++)
    for (let a = 0; a < counts[i]; a++) {
      const index = counts.map(() => 0);
      index[i] = a;
      yield index;
    }
}
