import type { Assignment } from './combinations.js';
import { distinctValues, nodeKey } from './quasirandom.js';
import type { SweepParameter } from './sweep.js';
import type { SweepNode } from './tree.js';
import type { Dimension, Point, SearchSpace } from './tpe/space.js';

/**
 * The one mapping between a sweep's parameters and TPE's search space (tpe/space.ts), both ways: a range is a
 * `uniform`, `log` or `int` dimension with its min and max; a `values:` list is a `categorical` dimension whose
 * choices are the listed values' canonical text (nodeKey, a listed value written twice counted once). A parameter
 * with one value (a `value:`, a list of one, a range with min = max) takes no dimension: it keeps that value.
 */

/** The parameter's TPE dimension, or null when it has one value only. */
function dimensionOf(parameter: SweepParameter): Dimension | null {
  if (distinctValues(parameter) <= 1) return null;
  switch (parameter.kind) {
    case 'values':
      return { kind: 'categorical', choices: [...new Set(parameter.values.map(nodeKey))] };
    case 'uniform':
      return { kind: 'uniform', min: parameter.min, max: parameter.max };
    case 'log_uniform_values':
      return { kind: 'log', min: parameter.min, max: parameter.max };
    case 'int_uniform':
      return { kind: 'int', min: parameter.min, max: parameter.max };
  }
}

/** The search space of the parameters that take more than one value, by dotted key. */
export function tpeSpace(parameters: readonly SweepParameter[]): SearchSpace {
  return Object.fromEntries(parameters.flatMap((p) => {
    const dimension = dimensionOf(p);
    return dimension === null ? [] : [[p.key, dimension]];
  }));
}

/** The TPE point of an assignment (of every parameter): each dimension's value. */
export function pointOfAssignment(assignment: readonly Assignment[]): Point {
  return Object.fromEntries(
    assignment.flatMap(({ parameter, value }) => {
      const dimension = dimensionOf(parameter);
      if (dimension === null) return [];
      return [[parameter.key, dimension.kind === 'categorical' ? nodeKey(value) : (value as { value: number }).value]];
    }),
  );
}

/** The assignment of a TPE point: every parameter, those without a dimension at their one value. */
export function assignmentOfPoint(parameters: readonly SweepParameter[], point: Point): Assignment[] {
  return parameters.map((parameter) => ({ parameter, value: nodeOf(parameter, point[parameter.key]) }));
}

function nodeOf(parameter: SweepParameter, value: Point[string] | undefined): SweepNode {
  if (parameter.kind === 'values') return parameter.values.find((node) => value === undefined || nodeKey(node) === value)!;
  return { kind: 'scalar', value: value === undefined ? parameter.min : (value as number), pos: parameter.minPos };
}
