import type { FloatArray } from '../../dtype.js';
import { jsMatmul } from '../jsMatmul.js';
import { kernelsHeap, kernelsInstance } from './_kernelsInstance.js';

/**
 * Whether a product is big enough for WebAssembly: below 16,384 multiply-adds, or with fewer than 8 columns
 * (padded to a tile of 8, most of the SIMD work is wasted) or fewer than 8 terms per sum (the copies in
 * and out cost more than the arithmetic), jsMatmul is faster. Measured on the 3-4-1 network's products
 * (1024×3×4, 1024×4×1, 3×1024×4: JavaScript ahead) and the MNIST network's (32×128×10 and up: wasm 4-8x ahead).
 */
export function worthWasm(m: number, k: number, n: number): boolean {
  return m * k * n >= 16_384 && k >= 8 && n >= 8;
}

/** Column tiles are 8 floats wide: B and C are padded to a multiple of 8 columns inside WebAssembly memory. */
const TILE_COLUMNS = 8;

/**
 * Whether B goes into WebAssembly memory in panels (each k × 8 strip contiguous) rather than rows. A tile
 * walks its strip down all k rows. In row layout consecutive rows are 4·nPad bytes apart: when that is a
 * multiple of 4 KB they fall on the same cache sets (1024×1024: ~22 GFLOP/s in rows, ~41 in panels), and a
 * large B stops fitting the caches either way (1280×1280: 36 in rows, 41 in panels). Packing costs a scalar
 * pass over B, which only pays back over enough rows of A (32×784×128: 21 GFLOP/s in rows, 13 packed), and
 * for a B of 512 KB to 2 MB with no such stride rows are faster (512×512: ~42.5 against ~40, 640×640: ~42.5
 * against ~40.5; measured on the Zen 5 machines Descent is benchmarked on).
 * The layout changes no result: each C[i,j] sums the same products in the same order.
 */
export function packsB(m: number, k: number, nPad: number): boolean {
  const rowBytes = 4 * nPad;
  const bytes = k * rowBytes;
  if (m < PACK_MIN_ROWS || bytes < PACK_MIN_BYTES) return false;
  return bytes >= PACK_ALWAYS_BYTES || rowBytes % 4096 === 0;
}
const PACK_MIN_ROWS = 128;
const PACK_MIN_BYTES = 512 * 1024;
const PACK_ALWAYS_BYTES = 2 * 1024 * 1024;

/**
 * out[m×n] = op(A)·op(B) with the WebAssembly SIMD kernel of kernels.wat, for float32 outputs; float64
 * products and small ones (see worthWasm) go to jsMatmul. A is copied into WebAssembly
 * memory as stored and read transposed in place; B is copied into rows or panels of a multiple of 8
 * columns, zero-padded (transposing while it copies when transposeB).
 *
 * Summation order: float32 accumulation over p = 0..k−1 in order, each product rounded to float32 before
 * it is added (see kernels.wat). jsMatmul sums in float64 and rounds once, so the two kernels differ in the
 * last bits of large products; each is deterministic, and which one a product uses depends only on its
 * dtype and shape, so a run is reproducible for a given kernel choice.
 */
export function wasmMatmul(a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): void {
  if (!(out instanceof Float32Array) || !worthWasm(m, k, n)) {
    jsMatmul(a, b, out, m, k, n, transposeA, transposeB);
    return;
  }
  const wasm = kernelsInstance();
  const nPad = Math.ceil(n / TILE_COLUMNS) * TILE_COLUMNS;
  // Float offsets of the three regions; each starts on a 16-byte boundary.
  const aAt = 0;
  const bAt = Math.ceil((m * k) / 4) * 4;
  const cAt = bAt + k * nPad;
  const memory = kernelsHeap(wasm, cAt + m * nPad);

  memory.set(a.length === m * k ? a : a.subarray(0, m * k), aAt);
  const aRow = transposeA ? 4 : 4 * k;
  const aStep = transposeA ? 4 * m : 4;
  if (packsB(m, k, nPad)) {
    copyBPanels(b, memory, bAt, k, n, nPad, transposeB);
    wasm.matmul(4 * aAt, aRow, aStep, 4 * bAt, 4 * TILE_COLUMNS, 4 * TILE_COLUMNS * k, 4 * cAt, m, k, nPad);
  } else {
    copyBRows(b, memory, bAt, k, n, nPad, transposeB);
    wasm.matmul(4 * aAt, aRow, aStep, 4 * bAt, 4 * nPad, 4 * TILE_COLUMNS, 4 * cAt, m, k, nPad);
  }

  if (n === nPad) {
    out.set(memory.subarray(cAt, cAt + m * n));
  } else {
    for (let i = 0; i < m; i++) {
      const from = cAt + i * nPad;
      const to = i * n;
      for (let j = 0; j < n; j++) out[to + j] = memory[from + j];
    }
  }
}

/** op(B) [k×n] into memory[at..] as k rows of nPad floats, the padding columns zeroed. */
function copyBRows(b: FloatArray, memory: Float32Array, at: number, k: number, n: number, nPad: number, transposeB: boolean): void {
  if (!transposeB && n === nPad) {
    memory.set(b.length === k * n ? b : b.subarray(0, k * n), at);
    return;
  }
  for (let p = 0; p < k; p++) {
    const row = at + p * nPad;
    if (transposeB) {
      // B is stored [n×k]: column p of the stored matrix is row p of op(B).
      for (let j = 0; j < n; j++) memory[row + j] = b[j * k + p];
    } else {
      const from = p * n;
      for (let j = 0; j < n; j++) memory[row + j] = b[from + j];
    }
    for (let j = n; j < nPad; j++) memory[row + j] = 0;
  }
}

/** op(B) [k×n] into memory[at..] as nPad/8 panels, each k rows of 8 contiguous floats, zero-padded. */
function copyBPanels(b: FloatArray, memory: Float32Array, at: number, k: number, n: number, nPad: number, transposeB: boolean): void {
  const panelSize = TILE_COLUMNS * k;
  // Column j of op(B) goes to lane j mod 8 of panel ⌊j/8⌋; both loops read B in storage order.
  if (transposeB) {
    for (let j = 0; j < n; j++) {
      const to = at + (j >> 3) * panelSize + (j & 7);
      const from = j * k;
      for (let p = 0; p < k; p++) memory[to + TILE_COLUMNS * p] = b[from + p];
    }
  } else {
    for (let p = 0; p < k; p++) {
      const to = at + TILE_COLUMNS * p;
      const from = p * n;
      for (let j = 0; j < n; j++) memory[to + (j >> 3) * panelSize + (j & 7)] = b[from + j];
    }
  }
  for (let j = n; j < nPad; j++) {
    const to = at + (j >> 3) * panelSize + (j & 7);
    for (let p = 0; p < k; p++) memory[to + TILE_COLUMNS * p] = 0;
  }
}
