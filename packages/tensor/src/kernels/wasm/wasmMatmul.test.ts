import { describe, expect, it } from 'vitest';
import { rng } from '../../random.js';
import { jsMatmul } from '../jsMatmul.js';
import { packsB, wasmMatmul, worthWasm } from './wasmMatmul.js';

function randomFloat32(size: number, seed: string): Float32Array {
  const random = rng(seed);
  return Float32Array.from({ length: size }, () => random.normal());
}

function at(x: ArrayLike<number>, row: number, col: number, rows: number, cols: number, transposed: boolean): number {
  return transposed ? x[col * rows + row] : x[row * cols + col];
}

/**
 * kernels.wat's documented matmul order, emulated independently with Math.fround: for each C[i,j],
 * acc = fround(acc + fround(a·b)) for p = 0..k−1 (float32 product, then float32 sum; no fused multiply-add).
 */
function float32Sequential(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = Math.fround(acc + Math.fround(at(a, i, p, m, k, ta) * at(b, p, j, k, n, tb)));
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

  it('packs B for many rows of A and a large B, or rows 4 KB apart; keeps rows otherwise', () => {
    expect(packsB(1024, 1024, 1024)).toBe(true); // 4 MB
    expect(packsB(128, 128, 1024)).toBe(true); // 512 KB, rows 4 KB apart
    expect(packsB(1280, 1280, 1280)).toBe(true); // 6.25 MB
    expect(packsB(512, 512, 512)).toBe(false); // 1 MB, rows 2 KB apart
    expect(packsB(640, 640, 640)).toBe(false);
    expect(packsB(127, 1024, 1024)).toBe(false); // too few rows of A to pay for packing
    expect(packsB(1024, 127, 1024)).toBe(false); // B under 512 KB
    expect(packsB(32, 784, 128)).toBe(false);
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
