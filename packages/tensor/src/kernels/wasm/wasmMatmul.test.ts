import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { rng } from '../../random.js';
import { jsMatmul } from '../jsMatmul.js';
import { packsB, wasmMatmul, wasmRelaxedMatmul, worthWasm } from './wasmMatmul.js';
import { wasmRelaxedSimdSupported } from './wasmSimd.js';
import { PEAK_FLOPS_PER_ROUND, wasmPeak } from './wasmPeak.js';

// Node 20 (V8 11.3) has relaxed SIMD behind a flag, which V8 reads when it validates a module: turning it
// on before the relaxed module is first compiled runs the relaxed tests below on Node 20 too (Node ≥ 22 has it on).
if (!wasmRelaxedSimdSupported()) setFlagsFromString('--experimental-wasm-relaxed-simd');

function randomFloat32(size: number, seed: string): Float32Array {
  const random = rng(seed);
  return Float32Array.from({ length: size }, () => random.normal());
}

function at(x: ArrayLike<number>, row: number, col: number, rows: number, cols: number, transposed: boolean): number {
  return transposed ? x[col * rows + row] : x[row * cols + col];
}

/** float32 a·b + c with two roundings: the product, then the sum. */
function multiplyThenAdd(a: number, b: number, c: number): number {
  return Math.fround(c + Math.fround(a * b));
}

/** The float32 next to x (x itself a float32) upwards or downwards. */
function float32Neighbour(x: number, up: boolean): number {
  if (x === 0) return up ? 2 ** -149 : -(2 ** -149);
  const bits = new Int32Array(new Float32Array([x]).buffer);
  bits[0] += x > 0 === up ? 1 : -1;
  return new Float32Array(bits.buffer)[0];
}

/**
 * float32 a·b + c rounded once (a fused multiply-add), computed independently in float64: a·b of two
 * float32s is exact in float64; s = a·b + c rounds, but TwoSum gives its error e exactly, so s + e is the
 * exact result. Rounding s to float32 is then right unless s sits exactly halfway between two float32s,
 * where the sign of e decides.
 */
function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const product = a * b;
  const s = product + c;
  const v = s - product;
  const e = product - (s - v) + (c - v);
  const r = Math.fround(s);
  if (e === 0 || r === s) return r;
  const other = float32Neighbour(r, s > r);
  if (Math.abs(s - r) !== Math.abs(other - s)) return r;
  return (e > 0) === (other > r) ? other : r;
}

/**
 * kernels.wat's documented matmul order, emulated independently: for each C[i,j], acc = madd(a, b, acc) for
 * p = 0..k−1, madd being multiplyThenAdd (float32 product, then float32 sum: the plain kernel) unless told.
 */
function float32Sequential(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean, madd = multiplyThenAdd): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = madd(at(a, i, p, m, k, ta), at(b, p, j, k, n, tb), acc);
      out[i * n + j] = acc;
    }
  return out;
}

/** Exact C (float64 of float32 inputs) and Σp |a·b| per element, for error bounds. */
function exactAndMagnitude(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean) {
  const exact = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const term = at(a, i, p, m, k, ta) * at(b, p, j, k, n, tb);
        s += term;
        abs += Math.abs(term);
      }
      exact[i * n + j] = s;
      magnitude[i * n + j] = abs;
    }
  return { exact, magnitude };
}

// Random shapes with odd sizes: m not a multiple of 4 (the 1×8 row tile), n not a multiple of 8
// (zero-padded columns), more than one 64-row block.
function randomShapes(): [number, number, number][] {
  const random = rng('wasm-shapes');
  const shapes: [number, number, number][] = [];
  while (shapes.length < 12) {
    const shape: [number, number, number] = [1 + random.int(90), 8 + random.int(90), 8 + random.int(90)];
    if (worthWasm(...shape)) shapes.push(shape);
  }
  return shapes;
}
const SHAPES = randomShapes();

const FLAGS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('wasmMatmul (WebAssembly SIMD)', () => {
  for (const [ta, tb] of FLAGS) {
    it(`transposeA=${ta}, transposeB=${tb}: bit for bit the float32 sequential order on random odd shapes`, () => {
      for (const [m, k, n] of SHAPES) {
        const a = randomFloat32(m * k, `a/${m}/${k}`);
        const b = randomFloat32(k * n, `b/${k}/${n}`);
        const out = new Float32Array(m * n).fill(NaN); // stale contents must be overwritten
        wasmMatmul(a, b, out, m, k, n, ta, tb);
        expect(out, `${m}×${k}×${n}`).toEqual(float32Sequential(a, b, m, k, n, ta, tb));
      }
    });

    it(`transposeA=${ta}, transposeB=${tb}: agrees with the JavaScript kernel within float32 summation error`, () => {
      for (const [m, k, n] of SHAPES) {
        const a = randomFloat32(m * k, `a/${m}/${k}`);
        const b = randomFloat32(k * n, `b/${k}/${n}`);
        const wasm = new Float32Array(m * n);
        const js = new Float32Array(m * n);
        wasmMatmul(a, b, wasm, m, k, n, ta, tb);
        jsMatmul(a, b, js, m, k, n, ta, tb);
        const { exact, magnitude } = exactAndMagnitude(a, b, m, k, n, ta, tb);
        // Sequential float32 summation with rounded products errs by at most (k + 1)·u·Σ|a·b| (u = 2⁻²⁴,
        // Higham's γ bound to first order); the JS kernel, one float64 sum rounded once, by u·|C| plus
        // k·2⁻⁵³·Σ|a·b|. So the two differ by at most their sum, which is what is allowed here.
        const u = 2 ** -24;
        for (let e = 0; e < m * n; e++) {
          const allowed = (k + 2) * u * magnitude[e] + u * Math.abs(exact[e]);
          expect(Math.abs(wasm[e] - js[e]), `element ${e} of ${m}×${k}×${n}`).toBeLessThanOrEqual(allowed);
        }
      }
    });
  }

  for (const tb of [false, true]) {
    it(`transposeB=${tb}: large products (B in packed panels) keep the same order, bit for bit`, () => {
      // 1017 columns pad to 1024 (rows 4 KB apart) and B is 516 KB: packed, with a padded last panel.
      const [m, k, n] = [131, 129, 1017];
      expect(packsB(m, k, 1024)).toBe(true);
      const a = randomFloat32(m * k, 'big-a');
      const b = randomFloat32(k * n, 'big-b');
      const out = new Float32Array(m * n);
      wasmMatmul(a, b, out, m, k, n, false, tb);
      expect(out).toEqual(float32Sequential(a, b, m, k, n, false, tb));
    });
  }

  it('packs B of 64 KB or more for 16 rows of A or more; keeps rows otherwise', () => {
    expect(packsB(512, 512, 512)).toBe(true); // 1 MB: issue 20's matmul
    expect(packsB(32, 784, 128)).toBe(true); // 392 KB: the MNIST net's first layer at batch 32
    expect(packsB(784, 256, 128)).toBe(true); // 128 KB: its weight gradient at batch 256
    expect(packsB(16, 128, 128)).toBe(true); // exactly 64 KB
    expect(packsB(15, 1024, 1024)).toBe(false); // too few rows of A to pay for packing
    expect(packsB(256, 128, 16)).toBe(false); // 8 KB: the 10-column layer's B fits the L1 cache in rows
    expect(packsB(784, 32, 128)).toBe(false); // 16 KB
  });

  it('leaves float64 products and small ones to the JavaScript kernel (same bits as jsMatmul)', () => {
    const a64 = Float64Array.from(randomFloat32(40 * 50, 'a64'));
    const b64 = Float64Array.from(randomFloat32(50 * 30, 'b64'));
    const viaWasm = new Float64Array(40 * 30);
    const viaJs = new Float64Array(40 * 30);
    wasmMatmul(a64, b64, viaWasm, 40, 50, 30, false, false);
    jsMatmul(a64, b64, viaJs, 40, 50, 30, false, false);
    expect(viaWasm).toEqual(viaJs);

    // The 3-4-1 network's first layer on a batch of 1024: 3 terms per sum, too few for WebAssembly.
    expect(worthWasm(1024, 3, 4)).toBe(false);
    const a = randomFloat32(1024 * 3, 'x');
    const b = randomFloat32(3 * 4, 'w');
    const small = new Float32Array(1024 * 4);
    const reference = new Float32Array(1024 * 4);
    wasmMatmul(a, b, small, 1024, 3, 4, false, false);
    jsMatmul(a, b, reference, 1024, 3, 4, false, false);
    expect(small).toEqual(reference);
  });

  it('reads only the first m·k and k·n elements of longer operand buffers', () => {
    const [m, k, n] = [20, 30, 40];
    const a = randomFloat32(m * k + 5, 'long-a');
    const b = randomFloat32(k * n + 5, 'long-b');
    const out = new Float32Array(m * n);
    wasmMatmul(a, b, out, m, k, n, false, false);
    expect(out).toEqual(float32Sequential(a.subarray(0, m * k), b.subarray(0, k * n), m, k, n, false, false));
  });
});

/**
 * Whether this engine fuses f32x4.relaxed_madd, read off the relaxed kernel: with x = 1 + 2⁻¹², the sum
 * −1·1 + x·x is 2⁻¹¹ + 2⁻²⁴ exactly (fused), but 2⁻¹¹ when x·x is first rounded to float32 (a tie, to even).
 */
function relaxedMaddFuses(): boolean {
  const [m, k, n] = [256, 8, 8];
  const x = 1 + 2 ** -12;
  const a = new Float32Array(m * k);
  const b = new Float32Array(k * n);
  for (let i = 0; i < m; i++) [a[i * k], a[i * k + 1]] = [-1, x];
  for (let j = 0; j < n; j++) [b[j], b[n + j]] = [1, x];
  const out = new Float32Array(m * n);
  wasmRelaxedMatmul(a, b, out, m, k, n, false, false);
  if (out.every((v) => v === 2 ** -11 + 2 ** -24)) return true;
  if (out.every((v) => v === 2 ** -11)) return false;
  throw new Error(`relaxed multiply-add neither fused nor unfused: ${out[0]}`);
}

describe('wasmRelaxedMatmul (relaxed SIMD multiply-add)', () => {
  it('runs here: relaxed SIMD is on (by default on Node ≥ 22, by the flag above on Node 20)', () => {
    expect(wasmRelaxedSimdSupported()).toBe(true);
  });

  const fuses = () => relaxedMaddFuses();

  for (const [ta, tb] of FLAGS) {
    it(`transposeA=${ta}, transposeB=${tb}: bit for bit the sequential order, fused or not as this engine does it`, () => {
      const madd = fuses() ? fusedMultiplyAdd : multiplyThenAdd;
      for (const [m, k, n] of SHAPES) {
        const a = randomFloat32(m * k, `a/${m}/${k}`);
        const b = randomFloat32(k * n, `b/${k}/${n}`);
        const out = new Float32Array(m * n).fill(NaN);
        wasmRelaxedMatmul(a, b, out, m, k, n, ta, tb);
        expect(out, `${m}×${k}×${n}`).toEqual(float32Sequential(a, b, m, k, n, ta, tb, madd));
      }
    });

    it(`transposeA=${ta}, transposeB=${tb}: agrees with the plain SIMD kernel within float32 summation error`, () => {
      for (const [m, k, n] of SHAPES) {
        const a = randomFloat32(m * k, `a/${m}/${k}`);
        const b = randomFloat32(k * n, `b/${k}/${n}`);
        const relaxed = new Float32Array(m * n);
        const plain = new Float32Array(m * n);
        wasmRelaxedMatmul(a, b, relaxed, m, k, n, ta, tb);
        wasmMatmul(a, b, plain, m, k, n, ta, tb);
        const { magnitude } = exactAndMagnitude(a, b, m, k, n, ta, tb);
        // Each errs by at most (k + 1)·u·Σ|a·b| from the exact sum (fewer roundings only lower the relaxed one's).
        const u = 2 ** -24;
        for (let e = 0; e < m * n; e++) expect(Math.abs(relaxed[e] - plain[e]), `element ${e} of ${m}×${k}×${n}`).toBeLessThanOrEqual(2 * (k + 1) * u * magnitude[e]);
      }
    });
  }

  it('keeps the order with B in packed panels and rows left over, bit for bit', () => {
    const [m, k, n] = [131, 129, 1017];
    expect(packsB(m, k, 1024)).toBe(true);
    const a = randomFloat32(m * k, 'big-a');
    const b = randomFloat32(k * n, 'big-b');
    const out = new Float32Array(m * n);
    wasmRelaxedMatmul(a, b, out, m, k, n, false, false);
    expect(out).toEqual(float32Sequential(a, b, m, k, n, false, false, fuses() ? fusedMultiplyAdd : multiplyThenAdd));
  });

  it('gives the same bits every time (deterministic on one engine and CPU)', () => {
    const [m, k, n] = [67, 45, 33];
    const a = randomFloat32(m * k, 'again-a');
    const b = randomFloat32(k * n, 'again-b');
    const first = new Float32Array(m * n);
    const second = new Float32Array(m * n);
    wasmRelaxedMatmul(a, b, first, m, k, n, false, true);
    wasmMatmul(a, b, second, m, k, n, false, true); // the other module in between, sharing nothing
    wasmRelaxedMatmul(a, b, second, m, k, n, false, true);
    expect(second).toEqual(first);
  });
});

describe('the fused multiply-add emulation the relaxed tests trust', () => {
  it('rounds once: x·x − 1 keeps the 2⁻²⁴ that rounding x·x first loses', () => {
    const x = 1 + 2 ** -12;
    expect(fusedMultiplyAdd(x, x, -1)).toBe(2 ** -11 + 2 ** -24);
    expect(multiplyThenAdd(x, x, -1)).toBe(2 ** -11);
  });

  it('breaks a float64 tie at a float32 midpoint by the exact remainder', () => {
    // 1 + 2⁻²⁴ is halfway between the float32s 1 and 1 + 2⁻²³; a·b = 2⁻⁸⁰ below or above decides.
    // product (2⁻⁴⁰)² = 2⁻⁸⁰ vanishes against 1 + 2⁻²⁴ in float64 but not in the exact sum.
    const c = 1 + 2 ** -24; // not a float32: fusedMultiplyAdd takes any float64 c; the kernel's c is always a float32
    expect(fusedMultiplyAdd(2 ** -40, 2 ** -40, c)).toBe(1 + 2 ** -23);
    expect(fusedMultiplyAdd(-(2 ** -40), 2 ** -40, c)).toBe(1);
  });
});

describe('wasmPeak (the tile arithmetic the bench reads as a ceiling)', () => {
  it('computes 8 sums of n products per lane, the same in both modules up to rounding', () => {
    // Lane 0 of Σ over the 8 sums of n·x·b = n·(1+2+3+4)·10⁻³·(10⁻³ + 5·10⁻⁴) = n·1.5·10⁻⁵.
    const n = 1000;
    expect(wasmPeak('simd', n)).toBeCloseTo(n * 1.5e-5, 6);
    expect(wasmPeak('relaxed-simd', n)).toBeCloseTo(n * 1.5e-5, 6);
    expect(PEAK_FLOPS_PER_ROUND).toBe(8 * 4 * 2);
  });
});
