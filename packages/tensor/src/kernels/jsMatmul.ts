import type { FloatArray } from '../dtype.js';

/** Outputs up to this many elements skip the tiling (same summation order, less bookkeeping). */
const SMALL_OUTPUT = 16;

/** Rows of C computed together per pass over the column tiles: 64 rows of A stay in cache while B's tiles stream. */
const ROW_BLOCK = 64;

/**
 * C[i,j] = Σp op(A)[i,p]·op(B)[p,j], register-tiled, in plain JavaScript.
 *
 * Transposed operands are read in place through strides (no copy): element (i,p) of op(A) is
 * a[i·aRow + p·aStep] and element (p,j) of op(B) is b[p·bStep + j·bCol]. The work is done in 4×4 tiles of
 * C whose 16 sums stay in registers across the whole k loop (8 loads feed 16 multiply-adds), with columns
 * of tiles as the middle loop so the 4 columns of B a tile reads are reused by the 16 tiles of a row block.
 *
 * Summation order (what fixes the last bits): every C[i,j] is ONE float64 sum over p = 0, 1, ..., k−1 in
 * order, rounded to out's precision once when stored. Edge tiles and single elements use the same order,
 * so C[i,j] does not depend on the tile it fell in, on the shape of the rest of the matrix, or on the
 * transpose flags: A·Bᵀ with B stored transposed gives bit for bit what A·B gives with B materialised.
 * (The previous kernel added each product into out, rounding to float32 k times.)
 *
 * Writes out[0 .. m·n) entirely; reads only a[..m·k) and b[..k·n), so longer buffers are fine.
 */
export function jsMatmul(a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): void {
  const aRow = transposeA ? 1 : k;
  const aStep = transposeA ? m : 1;
  const bStep = transposeB ? 1 : n;
  const bCol = transposeB ? k : 1;
  if (k === 1) {
    // An outer product (a backward pass at batch 1), without the loop machinery: the same bits as the loops
    // below, whose sums start at 0 (so 0 + a·b, which also turns a product of −0 into +0, as they do).
    for (let i = 0, o = 0; i < m; i++) {
      const ai = a[i * aRow];
      for (let j = 0; j < n; j++, o++) out[o] = 0 + ai * b[j * bCol];
    }
    return;
  }
  if (m * n <= SMALL_OUTPUT) {
    // Tiny products (a batch of one through a small layer): the plain loops, without tile bookkeeping.
    for (let i = 0, o = 0; i < m; i++) {
      for (let j = 0; j < n; j++, o++) {
        let sum = 0;
        for (let p = 0, ia = i * aRow, ib = j * bCol; p < k; p++, ia += aStep, ib += bStep) sum += a[ia] * b[ib];
        out[o] = sum;
      }
    }
    return;
  }
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i0 = 0; i0 < m4; i0 += ROW_BLOCK) {
    const iEnd = Math.min(i0 + ROW_BLOCK, m4);
    for (let j = 0; j < n4; j += 4) {
      for (let i = i0; i < iEnd; i += 4) tile4x4(a, b, out, i, j, k, n, aRow, aStep, bStep, bCol);
    }
    for (let j = n4; j < n; j++) {
      for (let i = i0; i < iEnd; i++) out[i * n + j] = dot(a, b, i * aRow, j * bCol, k, aStep, bStep);
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n4; j += 4) tile1x4(a, b, out, i, j, k, n, aRow, aStep, bStep, bCol);
    for (let j = n4; j < n; j++) out[i * n + j] = dot(a, b, i * aRow, j * bCol, k, aStep, bStep);
  }
}

function tile4x4(a: FloatArray, b: FloatArray, out: FloatArray, i: number, j: number, k: number, n: number, aRow: number, aStep: number, bStep: number, bCol: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let ia = i * aRow;
  let ib = j * bCol;
  for (let p = 0; p < k; p++, ia += aStep, ib += bStep) {
    const a0 = a[ia], a1 = a[ia + aRow], a2 = a[ia + 2 * aRow], a3 = a[ia + 3 * aRow];
    const b0 = b[ib], b1 = b[ib + bCol], b2 = b[ib + 2 * bCol], b3 = b[ib + 3 * bCol];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  let o = i * n + j;
  out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03;
  o += n;
  out[o] = c10; out[o + 1] = c11; out[o + 2] = c12; out[o + 3] = c13;
  o += n;
  out[o] = c20; out[o + 1] = c21; out[o + 2] = c22; out[o + 3] = c23;
  o += n;
  out[o] = c30; out[o + 1] = c31; out[o + 2] = c32; out[o + 3] = c33;
}

function tile1x4(a: FloatArray, b: FloatArray, out: FloatArray, i: number, j: number, k: number, n: number, aRow: number, aStep: number, bStep: number, bCol: number): void {
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  let ia = i * aRow;
  let ib = j * bCol;
  for (let p = 0; p < k; p++, ia += aStep, ib += bStep) {
    const x = a[ia];
    c0 += x * b[ib];
    c1 += x * b[ib + bCol];
    c2 += x * b[ib + 2 * bCol];
    c3 += x * b[ib + 3 * bCol];
  }
  const o = i * n + j;
  out[o] = c0; out[o + 1] = c1; out[o + 2] = c2; out[o + 3] = c3;
}

function dot(a: FloatArray, b: FloatArray, ia: number, ib: number, k: number, aStep: number, bStep: number): number {
  let sum = 0;
  for (let p = 0; p < k; p++, ia += aStep, ib += bStep) sum += a[ia] * b[ib];
  return sum;
}
