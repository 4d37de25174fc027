/**
 * Shape arithmetic shared by every op: sizes, row-major strides, NumPy broadcasting and axis lists.
 * Every error names the op that was called, so `add: shapes [2,3] and [4] ...` points at the user's line.
 */
export type Shape = readonly number[];

/** An axis argument: one axis, several, or `undefined` for all of them. Negative axes count from the end. */
export type Axis = number | readonly number[] | undefined;

/** `[2,3]`: the form every error message uses. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Number of elements: the product of the sizes (1 for a scalar, shape []). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const n of shape) size *= n;
  return size;
}

/** Row-major strides: the last axis is contiguous. strides[d] = product of shape[d+1..]. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return false;
  return true;
}

/** Check a shape a user wrote: a list of non-negative integers. */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: shape ${JSON.stringify(shape)} is not a list; expected a list of sizes like [2, 3]`);
  shape.forEach((n, axis) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      throw new RangeError(`${op}: shape ${JSON.stringify(shape)} has size ${JSON.stringify(n)} at axis ${axis}; expected non-negative integers`);
  });
  return shape.slice();
}

/**
 * NumPy broadcasting: align the shapes on the right; each pair of sizes must be equal or contain a 1,
 * and the result takes the larger. A missing leading axis counts as 1.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const m = i <= a.length ? a[a.length - i] : 1;
    const n = i <= b.length ? b[b.length - i] : 1;
    if (m !== n && m !== 1 && n !== 1)
      throw new RangeError(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (${m} ≠ ${n} at axis -${i}; sizes must match or one must be 1)`);
    out[rank - i] = m === 1 ? n : m;
  }
  return out;
}

/** Strides that read a tensor of `shape` as if it had the (broadcast) shape `target`: 0 on broadcast axes. */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const strides = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let d = 0; d < shape.length; d++) strides[lead + d] = shape[d] === 1 ? 0 : own[d];
  return strides;
}

/** One axis in [0, rank), accepting negative axes. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank)
    throw new RangeError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}; expected an integer in [${-rank}, ${rank - 1}]`);
  return axis < 0 ? axis + rank : axis;
}

/** Sorted, distinct axes in [0, rank); `undefined` means every axis. */
export function normalizeAxes(op: string, axis: Axis, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, d) => d);
  const list = typeof axis === 'number' ? [axis] : axis;
  const axes = list.map((a) => normalizeAxis(op, a, rank)).sort((x, y) => x - y);
  for (let i = 1; i < axes.length; i++)
    if (axes[i] === axes[i - 1]) throw new RangeError(`${op}: axis ${axes[i]} is listed twice in ${JSON.stringify(list)}`);
  return axes;
}

/** The shape after reducing `axes`: kept as 1s with keepdims, dropped without. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (!axes.includes(d)) out.push(shape[d]);
    else if (keepdims) out.push(1);
  }
  return out;
}
