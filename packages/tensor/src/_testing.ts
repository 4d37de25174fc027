/** Test helpers shared by this package's tests (not exported from the package). */
import { expect } from 'vitest';
import type { NestedArray } from './tensor.js';

/** Flatten nested arrays, typed arrays or a number into a plain list. */
export function flat(values: NestedArray | ArrayLike<number>): number[] {
  if (typeof values === 'number') return [values];
  if (Array.isArray(values)) return values.flatMap((v) => flat(v as NestedArray));
  return Array.from(values as ArrayLike<number>);
}

/** Every element within `tolerance` (absolute) of the expected one; lengths must match. NaN never matches. */
export function expectAllClose(actual: NestedArray | ArrayLike<number>, expected: NestedArray | ArrayLike<number>, tolerance = 1e-6): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length, 'number of elements').toBe(e.length);
  a.forEach((value, i) => {
    const ok = value === e[i] || Math.abs(value - e[i]) <= tolerance;
    if (!ok) expect.fail(`element ${i}: got ${value}, expected ${e[i]} (tolerance ${tolerance}); all: [${a.join(', ')}] vs [${e.join(', ')}]`);
  });
}
