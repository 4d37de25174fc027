import { canonicalJson } from '../identity.js';

// The search space TPE proposes in: the four kinds of parameter a sweep declares (sweep.ts, SweepParameter:
// `distribution: uniform | log_uniform_values | int_uniform` with min/max, or `values: [...]`).

/** A JSON value: what a point holds for a parameter. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Uniform in [min, max] (a sweep's `distribution: uniform`). */
export interface UniformDimension {
  kind: 'uniform';
  min: number;
  max: number;
}

/** Log-uniform in [min, max], min > 0: uniform in log x (a sweep's `distribution: log_uniform_values`). */
export interface LogDimension {
  kind: 'log';
  min: number;
  max: number;
}

/** An integer in [min, max] (a sweep's `distribution: int_uniform`); with `log`, spread evenly in log x (min ≥ 1). */
export interface IntDimension {
  kind: 'int';
  min: number;
  max: number;
  log?: boolean;
}

/** One of `choices`, unordered (a sweep's `values: [...]`). */
export interface CategoricalDimension {
  kind: 'categorical';
  choices: readonly JsonValue[];
}

export type Dimension = UniformDimension | LogDimension | IntDimension | CategoricalDimension;

/** The dimensions by key (a sweep parameter's dotted key, e.g. `optimizer.lr`). */
export type SearchSpace = Readonly<Record<string, Dimension>>;

/** A value for each key of a space. */
export type Point = Readonly<Record<string, JsonValue>>;

/**
 * One dimension as the Parzen estimators see it: numbers in an internal coordinate (log x for log
 * dimensions, the choice's index for categoricals) with the kernel bounds [low, high].
 */
export type Axis = NumericAxis | CategoricalAxis;

interface AxisBase {
  key: string;
  dimension: Dimension;
  /** The internal coordinate of a value of this dimension; throws for a value the dimension cannot take. */
  toInternal(value: JsonValue): number;
  /** The value of an internal coordinate: rounded to an integer or a choice, clipped to the bounds. */
  fromInternal(x: number): JsonValue;
}

export interface NumericAxis extends AxisBase {
  kind: 'numeric';
  /** Kernel bounds: [min, max], [log min, log max], or for integers the cells' edges [min − ½, max + ½] (in log for log). */
  low: number;
  high: number;
  /** Integers: the cell [x−½, x+½] (or its logarithm) of an internal coordinate, whose kernel mass is its likelihood. */
  cell: ((x: number) => [number, number]) | null;
}

export interface CategoricalAxis extends AxisBase {
  kind: 'categorical';
  count: number;
}

/** The axes of a space in key order: the order every stream and canonical key follows. Throws on a malformed dimension. */
export function axesOf(space: SearchSpace): Axis[] {
  const keys = Object.keys(space).sort();
  if (keys.length === 0) throw new RangeError('tpe: the search space has no dimensions');
  return keys.map((key) => axisOf(key, space[key]));
}

function axisOf(key: string, dimension: Dimension): Axis {
  const fail = (message: string): never => {
    throw new RangeError(`tpe: dimension ${key}: ${message} (got ${JSON.stringify(dimension, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))})`);
  };
  if (dimension.kind === 'categorical') {
    const index = new Map<string, number>();
    dimension.choices.forEach((choice, i) => {
      const text = canonicalJson(choice);
      if (index.has(text)) fail(`choice ${text} is listed twice`);
      index.set(text, i);
    });
    if (index.size === 0) fail('needs at least one choice');
    return {
      kind: 'categorical',
      key,
      dimension,
      count: dimension.choices.length,
      toInternal: (value) => (value === undefined ? undefined : index.get(canonicalJson(value))) ?? fail(`${show(value)} is not one of its choices`),
      fromInternal: (x) => dimension.choices[x],
    };
  }
  const { min, max } = dimension;
  if (!Number.isFinite(min) || !Number.isFinite(max)) fail('min and max must be finite numbers');
  const outside = (value: JsonValue): never => fail(`${show(value)} is outside [${min}, ${max}]`);
  const numeric = (value: JsonValue): number => (typeof value === 'number' && value >= min && value <= max ? value : outside(value));
  switch (dimension.kind) {
    case 'uniform':
      if (!(min < max)) fail('needs min < max');
      return { kind: 'numeric', key, dimension, low: min, high: max, cell: null, toInternal: numeric, fromInternal: (x) => clip(x, min, max) };
    case 'log':
      if (!(min > 0 && min < max)) fail('needs 0 < min < max');
      return {
        kind: 'numeric',
        key,
        dimension,
        low: Math.log(min),
        high: Math.log(max),
        cell: null,
        toInternal: (value) => Math.log(numeric(value)),
        // exp(log max) can land an ulp above max: clip so the declared bounds hold.
        fromInternal: (x) => clip(Math.exp(x), min, max),
      };
    case 'int': {
      if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) fail('needs integers min ≤ max');
      const integer = (value: JsonValue): number => (Number.isInteger(value) ? numeric(value) : fail(`${show(value)} is not an integer`));
      if (dimension.log) {
        if (min < 1) fail('a log integer dimension needs min ≥ 1');
        return {
          kind: 'numeric',
          key,
          dimension,
          low: Math.log(min - 0.5),
          high: Math.log(max + 0.5),
          cell: (x) => {
            const k = Math.round(Math.exp(x));
            return [Math.log(k - 0.5), Math.log(k + 0.5)];
          },
          toInternal: (value) => Math.log(integer(value)),
          fromInternal: (x) => clip(Math.round(Math.exp(x)), min, max),
        };
      }
      return {
        kind: 'numeric',
        key,
        dimension,
        low: min - 0.5,
        high: max + 0.5,
        cell: (x) => [x - 0.5, x + 0.5],
        toInternal: integer,
        fromInternal: (x) => clip(Math.round(x), min, max),
      };
    }
  }
}

/** A value in a message: its JSON, or "nothing" for a point that lacks the key. */
function show(value: JsonValue | undefined): string {
  return value === undefined ? 'nothing' : canonicalJson(value);
}

function clip(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

/** The number of distinct points when every dimension is an integer or a choice; Infinity otherwise. */
export function cardinality(axes: readonly Axis[]): number {
  let count = 1;
  for (const axis of axes) {
    const { dimension } = axis;
    if (dimension.kind === 'categorical') count *= dimension.choices.length;
    else if (dimension.kind === 'int') count *= dimension.max - dimension.min + 1;
    else return Infinity;
  }
  return count;
}

/** The point's values for the axes' keys only, as canonical JSON: equal points give equal text. */
export function pointKey(axes: readonly Axis[], point: Point): string {
  return canonicalJson(Object.fromEntries(axes.map((axis) => [axis.key, point[axis.key]])));
}
