import { describe, expect, it } from 'vitest';
import { rng } from '../random.js';
import { jsMatmul } from './jsMatmul.js';

function randomFloat32(size: number, seed: string): Float32Array {
  const random = rng(seed);
  return Float32Array.from({ length: size }, () => random.normal());
}

/** op(A)[i,p] and op(B)[p,j] read straight from the stored matrices. */
function at(x: Float32Array, row: number, col: number, rows: number, cols: number, transposed: boolean): number {
  return transposed ? x[col * rows + row] : x[row * cols + col];
}

/**
 * The documented summation order, written independently: for each C[i,j], one float64 sum over
 * p = 0..k−1 in order, rounded to float32 once (Math.fround).
 */
function float64SumRoundedOnce(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += at(a, i, p, m, k, ta) * at(b, p, j, k, n, tb);
      out[i * n + j] = Math.fround(sum);
    }
  return out;
}

/** The stored transpose of a rows×cols matrix. */
function transposed(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  return out;
}

// Shapes that hit every path: whole 4×4 tiles, leftover columns (n mod 4), leftover rows (m mod 4), more
// than one 64-row block (70, 131), single rows and columns, outer products (k = 1: the backward pass at
// batch 1), and an empty sum (k = 0).
const SHAPES: [number, number, number][] = [
  [3, 1, 4],
  [9, 1, 70],
  [4, 4, 4],
  [5, 7, 9],
  [8, 3, 6],
  [13, 17, 11],
  [70, 5, 9],
  [131, 33, 18],
  [1, 12, 1],
  [3, 0, 5],
];
const FLAGS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('jsMatmul (register-tiled)', () => {
  for (const [ta, tb] of FLAGS) {
    it(`transposeA=${ta}, transposeB=${tb}: every element is the float64 sum over p in order, rounded once`, () => {
      for (const [m, k, n] of SHAPES) {
        const a = randomFloat32(m * k, `a/${m}/${k}`);
        const b = randomFloat32(k * n, `b/${k}/${n}`);
        const out = new Float32Array(m * n);
        jsMatmul(a, b, out, m, k, n, ta, tb);
        // Bit for bit: the kernel promises this order, so equality (not closeness) is the test.
        expect(out).toEqual(float64SumRoundedOnce(a, b, m, k, n, ta, tb));
      }
    });
  }

  it('gives +0, as a sum starting at 0 does, where an outer product (k = 1) multiplies −0 by a positive number', () => {
    const out = new Float32Array(4);
    jsMatmul(Float32Array.of(-0, 2), Float32Array.of(3, -0), out, 2, 1, 2, false, false);
    // −0·3 = −0 and 2·−0 = −0, but 0 + (−0) = +0; only −0·−0 would be +0 anyway.
    expect([...out].map((x) => Object.is(x, -0))).toEqual([false, false, false, false]);
    expect([...out]).toEqual([0, 0, 6, 0]);
  });

  it('gives the same bits whether an operand is read transposed in place or materialised first', () => {
    const [m, k, n] = [37, 29, 23];
    const a = randomFloat32(m * k, 'a');
    const b = randomFloat32(k * n, 'b');
    const plain = new Float32Array(m * n);
    jsMatmul(a, b, plain, m, k, n, false, false);
    const viaFlags = new Float32Array(m * n);
    jsMatmul(transposed(a, m, k), transposed(b, k, n), viaFlags, m, k, n, true, true);
    expect(viaFlags).toEqual(plain);
  });

  it('overwrites out (a reused buffer), and reads and writes only the first m·k, k·n and m·n elements', () => {
    const [m, k, n] = [6, 5, 7];
    const a = randomFloat32(m * k + 3, 'a');
    const b = randomFloat32(k * n + 3, 'b');
    const out = new Float32Array(m * n + 2).fill(99);
    jsMatmul(a, b, out, m, k, n, false, false);
    expect(out.subarray(0, m * n)).toEqual(float64SumRoundedOnce(a.subarray(0, m * k), b.subarray(0, k * n), m, k, n, false, false));
    expect(Array.from(out.subarray(m * n))).toEqual([99, 99]);
  });

  it('works on float64 too: 2×2 by hand', () => {
    // [1 2; 3 4]·[5 6; 7 8] = [1·5+2·7, 1·6+2·8; 3·5+4·7, 3·6+4·8] = [19 22; 43 50]
    const out = new Float64Array(4);
    jsMatmul(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 6, 7, 8]), out, 2, 2, 2, false, false);
    expect(Array.from(out)).toEqual([19, 22, 43, 50]);
  });
});
