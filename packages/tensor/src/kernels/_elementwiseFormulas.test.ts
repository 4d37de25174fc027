import { describe, expect, it } from 'vitest';
import type { FloatArray } from '../dtype.js';
import { BINARY_FORMULAS, FORMULA_FUNCTIONS, ONE_TERM_REDUCE_FORMULAS, UNARY_FORMULAS } from './_elementwiseFormulas.js';
import { jsKernels } from './js.js';
import type { BinaryOp, ReduceOp, UnaryOp } from './kernels.js';
import { unaryGivesJsKernelsBits, wasmKernels } from './wasm/wasmKernels.js';
import { wasmSimdSupported } from './wasm/wasmSimd.js';
import { WASM_SIGMOID_MIN_LENGTH } from './wasm/wasmSigmoid.js';

/** Ordinary values, both zeros, the infinities, NaN, and values where exp, log and pow overflow or lose digits. */
const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 3.7, -3.7, 1e-8, -1e-8, 20, -20, 88.8, -88.8, 710, -710, 1e30, -1e30, Infinity, -Infinity, NaN, 0.1, 1 / 3];
const ARRAY_TYPES = [Float32Array, Float64Array] as const;

/** Each element's bits, so −0 ≠ 0 and NaN equals NaN. */
const bitsOf = (values: FloatArray) => Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** Every unary op with the params whose formulas differ (relu's 0, pow's exact exponents and a general one). */
const UNARY_CASES: [UnaryOp, number][] = (Object.keys(UNARY_FORMULAS) as UnaryOp[]).flatMap((op): [UnaryOp, number][] =>
  op === 'pow' ? [2, 1, 0.5, -1, 3, 1.7].map((p): [UnaryOp, number] => [op, p]) : op === 'leakyRelu' ? [[op, 0], [op, 0.1]] : [[op, 0.1]],
);

/** out[i] = the formula on a[i], stored into out's element type, as a fused loop stores it (with the FORMULA_FUNCTIONS in scope, as there). */
function unaryByFormula(op: UnaryOp, a: FloatArray, out: FloatArray, param: number): void {
  const float32 = a instanceof Float32Array && out instanceof Float32Array;
  const names = Object.keys(FORMULA_FUNCTIONS);
  const f = new Function('x', 'p', ...names, `return ${UNARY_FORMULAS[op]('x', param, 'p', float32)};`) as (x: number, p: number, ...functions: unknown[]) => number;
  const functions = Object.values(FORMULA_FUNCTIONS);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], param, ...functions);
}

describe('the elementwise formulas a replay fuses', () => {
  for (const Type of ARRAY_TYPES) {
    for (const [op, param] of UNARY_CASES) {
      it(`unary ${op} (param ${param}) gives jsKernels' bits on ${Type.name}`, () => {
        const a = Type.from(SPECIAL);
        const expected = new Type(a.length);
        const actual = new Type(a.length);
        jsKernels.unary(op, a, expected, param);
        unaryByFormula(op, a, actual, param);
        expect(bitsOf(actual)).toEqual(bitsOf(expected));
      });
    }
    for (const op of Object.keys(BINARY_FORMULAS) as BinaryOp[]) {
      it(`binary ${op} gives jsKernels' bits on ${Type.name}, every pair of special values`, () => {
        const a = Type.from(SPECIAL.flatMap((x) => SPECIAL.map(() => x)));
        const b = Type.from(SPECIAL.flatMap(() => SPECIAL));
        const expected = new Type(a.length);
        jsKernels.binary(op, a, [1], b, [1], expected, [a.length]);
        const f = new Function('a', 'b', `return ${BINARY_FORMULAS[op]('a', 'b')};`) as (x: number, y: number) => number;
        const actual = new Type(a.length).map((_, i) => f(a[i], b[i]));
        expect(bitsOf(actual)).toEqual(bitsOf(expected));
      });
    }
    for (const op of Object.keys(ONE_TERM_REDUCE_FORMULAS) as ReduceOp[]) {
      it(`reduce ${op} over an axis of length 1 gives jsKernels' bits on ${Type.name}`, () => {
        const a = Type.from(SPECIAL);
        const expected = new Type(a.length);
        jsKernels.reduce(op, a, [a.length, 1], [1], expected);
        const f = new Function('x', `return ${ONE_TERM_REDUCE_FORMULAS[op]('x')};`) as (x: number) => number;
        const actual = new Type(a.length).map((_, i) => f(a[i]));
        expect(bitsOf(actual)).toEqual(bitsOf(expected));
      });
    }
  }

  it.runIf(wasmSimdSupported())("says wasmKernels' unary gives jsKernels' bits only where it does (not wasmSigmoid's float32 polynomial)", () => {
    for (const length of [4, WASM_SIGMOID_MIN_LENGTH - 1, WASM_SIGMOID_MIN_LENGTH, 64])
      for (const Type of ARRAY_TYPES)
        for (const [op, param] of UNARY_CASES) {
          const a = Type.from(Array.from({ length }, (_, i) => SPECIAL[i % SPECIAL.length] + i / 7));
          const claimed = unaryGivesJsKernelsBits(wasmKernels, op, a, new Type(length));
          expect(claimed, `${op} on ${length} ${Type.name}`).toBe(!(op === 'sigmoid' && Type === Float32Array && length >= WASM_SIGMOID_MIN_LENGTH));
          if (!claimed) continue;
          const expected = new Type(length);
          const actual = new Type(length);
          wasmKernels.unary(op, a, expected, param);
          unaryByFormula(op, a, actual, param);
          expect(bitsOf(actual), `${op} on ${length} ${Type.name}`).toEqual(bitsOf(expected));
        }
    expect(unaryGivesJsKernelsBits(jsKernels, 'neg', new Float32Array(1), new Float32Array(1)), "another set's unary is not wasmKernels'").toBe(false);
  });
});
