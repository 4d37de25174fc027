import type { FloatArray } from '../../dtype.js';
import { jsMatmul } from '../jsMatmul.js';
import { kernelsHeap, kernelsInstance, type KernelsModule } from './_kernelsInstance.js';

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
 * walks its strip down all k rows: in row layout each step lands on another cache line (4·nPad bytes on), so
 * a strip of k rows occupies k lines instead of k/2, and lines 4 KB apart fall on the same cache sets. Panels
 * cost one more pass over B (kernels.wat's packB, a copy of 32-byte pieces), which pays once B outgrows the
 * L1 cache and at least 16 rows of A share it. Measured on a Zen 3 (32 KB L1; interleaved, shared machine):
 * 512×512 from 0.92x TF.js wasm in rows to 1.13x in panels; the MNIST net's 256×784×128 1.23x, 784×256×128
 * (Aᵀ) 1.15x and 32×784×128 1.09x faster in panels; its products with 10 columns (B of 5–16 KB) 0.82–0.87x
 * in panels, so they keep rows.
 * The layout changes no result: each C[i,j] sums the same products in the same order.
 */
export function packsB(m: number, k: number, nPad: number): boolean {
  return m >= PACK_MIN_ROWS && k * 4 * nPad >= PACK_MIN_BYTES;
}
const PACK_MIN_ROWS = 16;
const PACK_MIN_BYTES = 64 * 1024;

/**
 * out[m×n] = op(A)·op(B) with the WebAssembly SIMD kernel of kernels.wat, for float32 outputs; float64
 * products and small ones (see worthWasm) go to jsMatmul. A transposed A is copied into WebAssembly memory
 * as stored and read in place (the four rows of a tile are adjacent there); a plain A is copied in and
 * packed into panels of 4 rows (kernels.wat's packA), so a tile reads its four A values of each step from
 * one place. B is copied into rows or panels
 * of a multiple of 8 columns, zero-padded (transposing while it copies when transposeB).
 *
 * Summation order: float32 accumulation over p = 0..k−1 in order, each product rounded to float32 before
 * it is added (see kernels.wat). jsMatmul sums in float64 and rounds once, so the two kernels differ in the
 * last bits of large products; each is deterministic, and which one a product uses depends only on its
 * dtype and shape, so a run is reproducible for a given kernel choice.
 */
export function wasmMatmul(a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): void {
  matmulIn('simd', a, b, out, m, k, n, transposeA, transposeB);
}

/**
 * wasmMatmul with relaxed SIMD's multiply-add (kernels.wat's relaxed module): the same order of terms, but
 * where the engine fuses f32x4.relaxed_madd (V8 on x64 CPUs with FMA3, and on ARM64) each product is added
 * unrounded, so the last bits differ from wasmMatmul's. Whether it fuses is fixed for an engine and CPU, so
 * results are deterministic there. Needs relaxed SIMD (wasmRelaxedSimdSupported).
 */
export function wasmRelaxedMatmul(a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): void {
  matmulIn('relaxed-simd', a, b, out, m, k, n, transposeA, transposeB);
}

function matmulIn(module: KernelsModule, a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): void {
  if (!(out instanceof Float32Array) || !worthWasm(m, k, n)) {
    jsMatmul(a, b, out, m, k, n, transposeA, transposeB);
    return;
  }
  const wasm = kernelsInstance(module);
  const nPad = Math.ceil(n / TILE_COLUMNS) * TILE_COLUMNS;
  // Float offsets of the regions; each starts on a 16-byte boundary. A plain A, and B when it goes into
  // panels, are first copied to the staging region after C, then packed into place by kernels.wat's packA
  // and packB (one after the other, so they share it).
  const aAt = 0;
  const bAt = Math.ceil((m * k) / 4) * 4;
  const cAt = bAt + k * nPad;
  const stagingAt = cAt + m * nPad;
  const memory = kernelsHeap(wasm, stagingAt + Math.max(transposeA ? 0 : m * k, k * nPad));

  let aStart: number, aStep4: number, aStep1: number;
  const aUsed = a.length === m * k ? a : a.subarray(0, m * k);
  if (transposeA) {
    memory.set(aUsed, aAt);
    [aStart, aStep4, aStep1] = [4, 4 * m, 4 * m];
  } else {
    memory.set(aUsed, stagingAt);
    wasm.exports.packA(4 * stagingAt, 4 * aAt, m, k);
    [aStart, aStep4, aStep1] = [4 * k, 16, 4];
  }
  if (packsB(m, k, nPad)) {
    copyBRows(b, memory, stagingAt, k, n, nPad, transposeB);
    wasm.exports.packB(4 * stagingAt, 4 * bAt, k, nPad);
    wasm.exports.matmul(4 * aAt, aStart, aStep4, aStep1, 4 * bAt, 4 * TILE_COLUMNS, 4 * TILE_COLUMNS * k, 4 * cAt, m, k, nPad);
  } else {
    copyBRows(b, memory, bAt, k, n, nPad, transposeB);
    wasm.exports.matmul(4 * aAt, aStart, aStep4, aStep1, 4 * bAt, 4 * nPad, 4 * TILE_COLUMNS, 4 * cAt, m, k, nPad);
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
