import { describe, expect, it } from 'vitest';
import { rng } from '../random.js';
import { coalesce } from './_strided.js';
import { jsKernels } from './js.js';

function randomArray(size: number, seed: string): Float64Array {
  const random = rng(seed);
  return Float64Array.from({ length: size }, () => random.uniformIn(-1, 1));
}

/** C = op(A)·op(B) the slow, obvious way: index the stored matrices directly. */
function naiveMatmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, ta: boolean, tb: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
      out.push(s);
    }
  return out;
}

describe('js kernels', () => {
  for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    it(`matmul with transposeA=${ta}, transposeB=${tb} matches the naive triple loop`, () => {
      for (const [m, k, n] of [[1, 1, 1], [3, 5, 2], [7, 4, 6], [2, 0, 3], [1, 9, 1]]) {
        const a = randomArray(m * k, `a${m}${k}`);
        const b = randomArray(k * n, `b${k}${n}`);
        const out = new Float64Array(m * n);
        jsKernels.matmul(a, b, out, m, k, n, ta, tb);
        const expected = naiveMatmul(a, b, m, k, n, ta, tb);
        Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
      }
    });
  }

  it('matmul overwrites whatever is in out', () => {
    const out = new Float64Array([99]);
    jsKernels.matmul(new Float64Array([2]), new Float64Array([3]), out, 1, 1, 1, false, false);
    expect(out[0]).toBe(6);
  });

  it('coalesce merges axes both operands walk contiguously and keeps the others', () => {
    // equal shapes [2,3,4]: one row of 24
    expect(coalesce([2, 3, 4], [12, 4, 1], [12, 4, 1])).toEqual({ shape: [24], a: [1], b: [1] });
    // [2,3] + [3] (b's stride 0 on axis 0): two axes stay
    expect(coalesce([2, 3], [3, 1], [0, 1])).toEqual({ shape: [2, 3], a: [3, 1], b: [0, 1] });
    // [4,1] · [1] seen as [4,1]: the size-1 axis drops, b is a repeated scalar
    expect(coalesce([4, 1], [1, 1], [0, 0])).toEqual({ shape: [4], a: [1], b: [0] });
    // a scalar iteration
    expect(coalesce([], [], [])).toEqual({ shape: [1], a: [0], b: [0] });
  });

  it('reduce max propagates NaN and gives −∞ for an empty reduction', () => {
    const out = new Float64Array(2);
    jsKernels.reduce('max', new Float64Array([1, NaN, 3, 4]), [2, 2], [1], out);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(4);
    const empty = new Float64Array(1);
    jsKernels.reduce('max', new Float64Array(0), [0], [0], empty);
    expect(empty[0]).toBe(-Infinity);
  });

  it('reduce sum accumulates float32 input in float64', () => {
    // 1e8 followed by 16 ones: float32 spacing at 1e8 is 8, so a float32 running sum never moves off 1e8;
    // a float64 accumulator gets 1e8 + 16.
    const data = new Float32Array(17).fill(1);
    data[0] = 1e8;
    const out = new Float32Array(1);
    jsKernels.reduce('sum', data, [17], [0], out);
    expect(out[0]).toBe(1e8 + 16); // representable: a multiple of 8
  });

  it('a reduction to one element keeps the general loop\'s traps: −0 sums to +0, NaN wins max wherever it is', () => {
    const out = new Float64Array(1);
    jsKernels.reduce('sum', new Float64Array([-0, -0]), [2], [0], out);
    expect(Object.is(out[0], 0)).toBe(true); // the accumulator starts at +0, and +0 + −0 = +0
    jsKernels.reduce('max', new Float64Array([NaN, 5, 1]), [1, 3], [0, 1], out);
    expect(Number.isNaN(out[0])).toBe(true);
    jsKernels.reduce('max', new Float64Array([-2, -7]), [2, 1], [0], out);
    expect(out[0]).toBe(-2);
  });

  it('flat operands (contiguous, or one repeated element) give what the strided walk gives', () => {
    // The same [2,3] values laid out transposed and read through strides [1, 2] take the strided path;
    // row-major with strides [3, 1] (and a scalar with strides [0, 0]) take the flat one.
    const rowMajor = randomArray(6, 'flat');
    const transposed = Float64Array.from([0, 3, 1, 4, 2, 5], (i) => rowMajor[i]);
    const scalar = new Float64Array([0.25]);
    const flat = new Float64Array(6);
    const strided = new Float64Array(6);
    jsKernels.binary('mul', rowMajor, [3, 1], scalar, [0, 0], flat, [2, 3]);
    jsKernels.binary('mul', transposed, [1, 2], scalar, [0, 0], strided, [2, 3]);
    expect(Array.from(flat)).toEqual(Array.from(strided));
    jsKernels.copyStrided(rowMajor, 0, [3, 1], flat, [2, 3]);
    jsKernels.copyStrided(transposed, 0, [1, 2], strided, [2, 3]);
    expect(Array.from(flat)).toEqual(Array.from(rowMajor));
    expect(Array.from(strided)).toEqual(Array.from(rowMajor));
    jsKernels.copyStrided(scalar, 0, [0, 0], flat, [2, 3]);
    expect(Array.from(flat)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    const accumulated = new Float64Array(8).fill(1);
    jsKernels.addStrided(rowMajor, accumulated, 1, [3, 1], [2, 3]);
    expect(Array.from(accumulated)).toEqual([1, ...Array.from(rowMajor, (v) => v + 1), 1]);
  });
});
