import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromArray } from './creation.js';
import { add, mul } from './ops/elementwise.js';
import { sum } from './ops/reduce.js';
import { broadcastShapes, reducedShape, sizeOf, stridesOf } from './shape.js';

/**
 * Two shapes that broadcast: start from a full shape, then for each operand drop some leading axes and
 * turn some sizes into 1.
 */
const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((full) =>
    fc.tuple(
      fc.constant(full),
      operandOf(full),
      operandOf(full),
    ),
  );

function operandOf(full: number[]) {
  return fc.tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length })).map(([drop, ones]) =>
    full.slice(drop).map((n, i) => (ones[i + drop] ? 1 : n)),
  );
}

/** Values 1, 2, 3, ... so every element is distinguishable. */
function counting(shape: number[]) {
  return fromArray(Float64Array.from({ length: sizeOf(shape) }, (_, i) => i + 1), shape, { requiresGrad: true });
}

/** The element of an operand of `shape` that output multi-index `index` reads (right-aligned, size-1 axes repeat). */
function readIndex(shape: number[], index: number[]): number {
  const strides = stridesOf(shape);
  const lead = index.length - shape.length;
  return shape.reduce((flat, n, d) => flat + (n === 1 ? 0 : index[lead + d] * strides[d]), 0);
}

describe('broadcasting properties', () => {
  it('the result shape is the per-axis larger size, and the rule is symmetric', () => {
    fc.assert(
      fc.property(broadcastPair, ([, a, b]) => {
        const out = broadcastShapes('add', a, b);
        expect(broadcastShapes('add', b, a)).toEqual(out);
        expect(out.length).toBe(Math.max(a.length, b.length));
        for (let i = 1; i <= out.length; i++) {
          const m = a[a.length - i] ?? 1;
          const n = b[b.length - i] ?? 1;
          expect(out[out.length - i]).toBe(Math.max(m, n));
        }
      }),
    );
  });

  it('add and mul match a naive per-element evaluation of the broadcasting rule', () => {
    fc.assert(
      fc.property(broadcastPair, ([, aShape, bShape]) => {
        const a = counting(aShape);
        const b = counting(bShape);
        const outShape = broadcastShapes('add', aShape, bShape);
        const sumOut = add(a, b);
        const productOut = mul(a, b);
        expect(sumOut.shape).toEqual(outShape);
        const strides = stridesOf(outShape);
        for (let flat = 0; flat < sizeOf(outShape); flat++) {
          const index = strides.map((s, d) => Math.floor(flat / s) % outShape[d]);
          const x = a.data[readIndex(aShape, index)];
          const y = b.data[readIndex(bShape, index)];
          expect(sumOut.data[flat]).toBe(x + y);
          expect(productOut.data[flat]).toBe(x * y);
        }
      }),
    );
  });

  it('backward returns gradients of the input shapes; for Σ(a + b) each element gets the number of times it was used', () => {
    fc.assert(
      fc.property(broadcastPair, ([, aShape, bShape]) => {
        const a = counting(aShape);
        const b = counting(bShape);
        const out = add(a, b);
        sum(out).backward();
        expect(a.grad!.shape).toEqual(aShape);
        expect(b.grad!.shape).toEqual(bShape);
        // Each element of a is read out.size / a.size times.
        for (const v of a.grad!.data) expect(v).toBe(out.size / a.size);
        for (const v of b.grad!.data) expect(v).toBe(out.size / b.size);
      }),
    );
  });

  it('sum over any axes matches a naive sum, with and without keepdims', () => {
    const shapeAndAxes = fc
      .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
      .chain((shape) => fc.tuple(fc.constant(shape), fc.subarray(shape.map((_, d) => d)), fc.boolean()));
    fc.assert(
      fc.property(shapeAndAxes, ([shape, axes, keepdims]) => {
        const x = counting(shape);
        const out = sum(x, axes, { keepdims });
        expect(out.shape).toEqual(reducedShape(shape, axes, keepdims));
        const kept = reducedShape(shape, axes, true);
        const expected = new Float64Array(sizeOf(kept));
        const strides = stridesOf(shape);
        const keptStrides = stridesOf(kept);
        for (let flat = 0; flat < x.size; flat++) {
          const target = strides.reduce((o, s, d) => o + (axes.includes(d) ? 0 : (Math.floor(flat / s) % shape[d]) * keptStrides[d]), 0);
          expected[target] += x.data[flat];
        }
        expect(Array.from(out.data)).toEqual(Array.from(expected));
      }),
    );
  });
});
