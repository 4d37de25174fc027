import { describe, expect, it } from 'vitest';
import { rng } from '../../random.js';
import { jsKernels } from '../js.js';
import { wasmKernels } from './wasmKernels.js';
import { WASM_SIGMOID_MIN_LENGTH, wasmSigmoid } from './wasmSigmoid.js';

/** The exact sigmoid of a float32 input, to within float64 rounding (~1e-16 relative, 1e-9 of a float32 ulp). */
function exactSigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * The spacing of float32 values at |v|: 2^(e − 23) for v in [2^e, 2^(e+1)), and 2^−149 (the denormal
 * spacing) below 2^−126. Computed from the exponent, not from Math.fround, so it shares nothing with the kernel.
 */
function float32Ulp(v: number): number {
  const magnitude = Math.abs(v);
  if (magnitude < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

function sigmoidOf(values: ArrayLike<number>): Float32Array {
  const x = Float32Array.from(values);
  const out = new Float32Array(x.length).fill(12345); // stale contents must be overwritten
  wasmSigmoid(x, out);
  return out;
}

/** The largest error in float32 ulps of the exact sigmoid, and where; a NaN input must give NaN. */
function worstUlps(x: Float32Array, out: Float32Array): { ulps: number; at: number } {
  let ulps = 0;
  let at = NaN;
  for (let i = 0; i < x.length; i++) {
    const exact = exactSigmoid(x[i]);
    // NaN in gives NaN out, and NaN out for anything else counts as an infinite error.
    const error = Number.isNaN(x[i]) ? (Number.isNaN(out[i]) ? 0 : Infinity) : Math.abs(out[i] - exact) / float32Ulp(exact);
    if (!(error <= ulps)) {
      ulps = error;
      at = x[i];
    }
  }
  return { ulps, at };
}

function bits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

/**
 * The bound kernels.wat achieves: every float32 input was checked once (worst 1.18 ulps, at x = −16.2286);
 * a plain float32 evaluation of e/(1 + e) reached 2.33, so the bound also guards the compensated sums.
 */
const MAX_ULPS = 1.2;

describe('wasmSigmoid (WebAssembly SIMD)', () => {
  it(`stays within ${MAX_ULPS} float32 ulps of the exact sigmoid on a dense sweep of [−110, 110]`, () => {
    // Step 2^−10 (exact in float32): 225,281 points covering every binade of the result down to the
    // denormals (σ(−88) ≈ 6e−39 is below 2^−126) and up to where σ rounds to 1.
    const x = Float32Array.from({ length: 220 * 1024 + 1 }, (_, i) => -110 + i / 1024);
    const { ulps, at } = worstUlps(x, sigmoidOf(x));
    expect(ulps, `worst at x = ${at}`).toBeLessThanOrEqual(MAX_ULPS);
  });

  it(`stays within ${MAX_ULPS} ulps on seeded random inputs: normal, wide uniform, and arbitrary bit patterns`, () => {
    const random = rng('wasm-sigmoid');
    const normal = Float32Array.from({ length: 20_000 }, () => 4 * random.normal());
    const wide = Float32Array.from({ length: 20_000 }, () => random.uniformIn(-120, 120));
    // Any float32 at all: every exponent from denormals to 2^127, both signs, and some NaNs.
    const patterns = new Float32Array(Uint32Array.from({ length: 20_000 }, () => random.int(2 ** 32)).buffer);
    for (const [name, x] of [['normal', normal], ['wide', wide], ['bit patterns', patterns]] as const) {
      const { ulps, at } = worstUlps(x, sigmoidOf(x));
      expect(ulps, `${name}: worst at x = ${at}`).toBeLessThanOrEqual(MAX_ULPS);
    }
    expect(patterns.some(Number.isNaN), 'the bit patterns include NaNs').toBe(true);
  });

  it('gives the limits exactly at the edges: 0, 1/2, 1, NaN; no garbage from the exponent', () => {
    const denormal = 2 ** -140;
    const huge = 3.4e38;
    const cases: [number, number][] = [
      [0, 0.5],
      [-0, 0.5],
      [denormal, 0.5],
      [-denormal, 0.5],
      [1e-30, 0.5],
      [-1e-30, 0.5],
      [Infinity, 1],
      [-Infinity, 0],
      [huge, 1],
      [-huge, 0],
      [1000, 1],
      [-1000, 0],
      // σ(x) < 2^−150 (half the smallest denormal) from x ≈ −103.98 on: rounds to 0.
      [-104, 0],
      [-110, 0],
      [-110.5, 0],
      // 1 − σ(x) = σ(−x) < 2^−25 (half an ulp below 1) from x ≈ 17.33 on: rounds to 1.
      [17.5, 1],
      [88, 1],
    ];
    const out = sigmoidOf(cases.map(([x]) => x));
    cases.forEach(([x, expected], i) => expect(Object.is(out[i], expected), `σ(${x}) = ${out[i]}, expected ${expected}`).toBe(true));
    const nan = sigmoidOf([NaN, -NaN, 1, NaN, 0]);
    expect([nan[0], nan[1], nan[3]]).toEqual([NaN, NaN, NaN]);
    expect(nan[4]).toBe(0.5); // a NaN in the same vector leaves its neighbours alone
    // Tiny results are denormals, not flushed to zero: σ(−100) = e^−100/(1 + e^−100) ≈ 3.72e−44 = 26.6·2^−149.
    const tiny = sigmoidOf([-100])[0];
    expect(Math.abs(tiny - exactSigmoid(-100))).toBeLessThanOrEqual(2 ** -149);
    expect(sigmoidOf([-103])[0]).toBe(2 ** -149); // σ(−103) ≈ 1.86e−45 ≈ 1.33·2^−149 rounds to 2^−149
  });

  it('is deterministic: the same bits every time, at every position and for every length', () => {
    const random = rng('wasm-sigmoid/determinism');
    const x = Float32Array.from({ length: 257 }, () => random.uniformIn(-30, 30));
    const first = sigmoidOf(x);
    expect(bits(sigmoidOf(x))).toEqual(bits(first));
    // Shifted by 1–3 the values sit in other SIMD lanes; cut at any length, the last vector has padding lanes.
    for (const shift of [1, 2, 3]) {
      const shifted = sigmoidOf([...Array.from({ length: shift }, () => 7), ...x]);
      expect(bits(shifted.subarray(shift)), `shift ${shift}`).toEqual(bits(first));
    }
    for (let length = 1; length <= 2 * WASM_SIGMOID_MIN_LENGTH + 3; length++) {
      expect(bits(sigmoidOf(x.subarray(0, length))), `length ${length}`).toEqual(bits(first.subarray(0, length)));
    }
  });

  it('handles lengths that are not a multiple of 4 without touching memory it does not own', () => {
    const x = Float32Array.from([-2, -1, 0, 1, 2, 3, 4]);
    const backing = new Float32Array(10).fill(-7);
    const out = backing.subarray(1, 1 + x.length);
    wasmSigmoid(x, out);
    // σ(−2) = 1/(1 + e²) ≈ 0.1192, σ(0) = 1/2, σ(2) ≈ 0.8808: checked against the exact values.
    out.forEach((value, i) => expect(Math.abs(value - exactSigmoid(x[i])) / float32Ulp(exactSigmoid(x[i]))).toBeLessThanOrEqual(MAX_ULPS));
    expect([backing[0], backing[8], backing[9]]).toEqual([-7, -7, -7]);
    expect(sigmoidOf([])).toEqual(new Float32Array(0));
  });
});

describe("wasmKernels.unary: sigmoid goes to WebAssembly only where it pays", () => {
  const random = rng('wasm-sigmoid/dispatch');
  const values = Array.from({ length: 1000 }, () => random.uniformIn(-12, 12));

  function unaryBoth(op: 'sigmoid' | 'tanh' | 'exp', x: Float32Array | Float64Array): { wasm: Float32Array | Float64Array; js: Float32Array | Float64Array } {
    const wasm = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
    const js = x instanceof Float32Array ? new Float32Array(x.length) : new Float64Array(x.length);
    wasmKernels.unary(op, x, wasm, 0);
    jsKernels.unary(op, x, js, 0);
    return { wasm, js };
  }

  it('float32 arrays shorter than WASM_SIGMOID_MIN_LENGTH get exactly the JavaScript bits', () => {
    for (let length = 1; length < WASM_SIGMOID_MIN_LENGTH; length++) {
      const { wasm, js } = unaryBoth('sigmoid', Float32Array.from(values.slice(0, length)));
      expect(wasm, `length ${length}`).toEqual(js);
    }
  });

  it('float32 arrays from WASM_SIGMOID_MIN_LENGTH on get the SIMD kernel bits, which differ from Math.exp in the last bit', () => {
    for (const length of [WASM_SIGMOID_MIN_LENGTH, WASM_SIGMOID_MIN_LENGTH + 1, 1000]) {
      const x = Float32Array.from(values.slice(0, length));
      const { wasm } = unaryBoth('sigmoid', x);
      const direct = new Float32Array(length);
      wasmSigmoid(x, direct);
      expect(bits(wasm as Float32Array), `length ${length}`).toEqual(bits(direct));
    }
    // On 1000 values the two kernels disagree somewhere (so the dispatch is really taken), by at most a few ulps.
    const { wasm, js } = unaryBoth('sigmoid', Float32Array.from(values));
    let differing = 0;
    wasm.forEach((v, i) => {
      if (v !== js[i]) differing++;
      expect(Math.abs(v - js[i])).toBeLessThanOrEqual(2 * float32Ulp(js[i]));
    });
    expect(differing).toBeGreaterThan(0);
  });

  it('float64 arrays and other ops get exactly the JavaScript bits', () => {
    const long64 = unaryBoth('sigmoid', Float64Array.from(values));
    expect(long64.wasm).toEqual(long64.js);
    for (const op of ['tanh', 'exp'] as const) {
      const long32 = unaryBoth(op, Float32Array.from(values));
      expect(long32.wasm, op).toEqual(long32.js);
    }
  });
});
