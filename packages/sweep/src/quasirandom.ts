import { rng } from '@descent/tensor';
import type { Assignment } from './combinations.js';
import { valueAt } from './parameterValue.js';
import { scrambledSobol } from './sobol.js';
import type { Sweep, SweepParameter } from './sweep.js';
import type { SweepNode } from './tree.js';

/**
 * `method: quasirandom`: the points of a scrambled Sobol sequence (sobol.ts) mapped onto the declared
 * distributions, one dimension per swept parameter in the order the file lists them. Points spread evenly
 * where random draws clump and leave gaps, which matters most at the small budgets of a first exploration.
 */

/** Whether a parameter takes a dimension of the sequence: every range, and every list of more than one value. */
export function isSearchDimension(parameter: SweepParameter): boolean {
  return parameter.kind !== 'values' || parameter.values.length > 1;
}

/** How many distinct values a parameter can take: listed values counted once each, a range's integers, Infinity for a continuous range. */
export function distinctValues(parameter: SweepParameter): number {
  switch (parameter.kind) {
    case 'values':
      return new Set(parameter.values.map(nodeKey)).size;
    case 'int_uniform':
      return parameter.max - parameter.min + 1;
    case 'uniform':
    case 'log_uniform_values':
      return parameter.min === parameter.max ? 1 : Infinity;
  }
}

/**
 * Points of the sequence expansion tries before it gives up finding `samples` distinct configurations. A
 * space validation accepts holds at least `samples` of them, and the sequence visits every cell of positive
 * volume; only listed values that resolve to one configuration (a default written out) can exhaust it.
 */
export function quasirandomPointLimit(samples: number): number {
  return Math.max(2 ** 16, 64 * samples);
}

/**
 * The assignments of Sobol points 0, 1, 2 … (at most `quasirandomPointLimit`), each point's coordinate d
 * mapped by `valueAt` onto the d-th swept parameter. A point whose values were all given before (an integer
 * or a listed value picked again) is skipped: the next point takes its place. Dimension d is scrambled from
 * rng(`sweep:${seed}`).stream('quasirandom').stream(d), so the same file gives the same points.
 */
export function* quasirandomAssignments(sweep: Sweep): Generator<Assignment[]> {
  const dimensions = sweep.parameters.filter(isSearchDimension);
  const sequence = scrambledSobol(dimensions.length, rng(`sweep:${sweep.seed}`).stream('quasirandom'));
  const seen = new Set<string>();
  for (let index = 0; index < quasirandomPointLimit(sweep.samples ?? 0); index++) {
    const point = sequence.point(index);
    // A parameter of one value takes no dimension: u = 0 picks that value.
    const assignment = sweep.parameters.map((parameter) => ({ parameter, value: valueAt(parameter, point[dimensions.indexOf(parameter)] ?? 0) }));
    const key = assignment.map(({ value }) => nodeKey(value)).join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    yield assignment;
  }
}

/** A node's value as text, positions left out and mapping keys sorted: equal values, equal keys. */
export function nodeKey(node: SweepNode): string {
  switch (node.kind) {
    case 'scalar':
      return JSON.stringify(node.value);
    case 'seq':
      return `[${node.items.map(nodeKey).join(',')}]`;
    case 'map':
      return `{${[...node.entries.keys()]
        .sort()
        .map((key) => `${JSON.stringify(key)}:${nodeKey(node.entries.get(key)!.value)}`)
        .join(',')}}`;
  }
}
