import { sigmoidOfFloat32, tanhOfFloat32 } from './float32Math.js';
import type { BinaryOp, ReduceOp, UnaryOp } from './kernels.js';

/**
 * Each elementwise op's value for one element, as JavaScript source over operand names (plain identifiers,
 * which may appear more than once) and, for unary ops, the value of `param` (which picks the formula where
 * jsKernels picks a loop: relu's, and pow's exact exponents) and whether operand and result are both float32
 * (`float32`: tanh's and sigmoid's own formulas, as jsKernels' loops pick them). A replay generates its fused loops from
 * these (capture/_fusedLoop.ts), so they must give jsKernels' bits for every input: a test runs every
 * entry against jsKernels on float32 and float64 values, special ones included (_elementwiseFormulas.test.ts).
 * Besides Math, a formula may call the FORMULA_FUNCTIONS, by their names.
 */
/** The functions besides Math that formulas call, by the names they call them: generated code declares each of them. */
export const FORMULA_FUNCTIONS = { tanhOfFloat32, sigmoidOfFloat32 } as const;

export const BINARY_FORMULAS: { readonly [op in BinaryOp]: (a: string, b: string) => string } = {
  add: (a, b) => `${a} + ${b}`,
  mul: (a, b) => `${a} * ${b}`,
  pow: (a, b) => `Math.pow(${a}, ${b})`,
  // Math.max, not a ternary: it propagates NaN from either side.
  maximum: (a, b) => `Math.max(${a}, ${b})`,
  minimum: (a, b) => `Math.min(${a}, ${b})`,
  greater: (a, b) => `(${a} > ${b} ? 1 : 0)`,
  equal: (a, b) => `(${a} === ${b} ? 1 : 0)`,
};

export const UNARY_FORMULAS: { readonly [op in UnaryOp]: (x: string, param: number, paramName: string, float32: boolean) => string } = {
  neg: (x) => `-${x}`,
  exp: (x) => `Math.exp(${x})`,
  log: (x) => `Math.log(${x})`,
  abs: (x) => `Math.abs(${x})`,
  sign: (x) => `Math.sign(${x})`,
  sigmoid: (x, _param, _p, float32) => (float32 ? `sigmoidOfFloat32(${x})` : `1 / (1 + Math.exp(-${x}))`),
  tanh: (x, _param, _p, float32) => (float32 ? `tanhOfFloat32(${x})` : `Math.tanh(${x})`),
  softplus: (x) => `Math.max(${x}, 0) + Math.log1p(Math.exp(-Math.abs(${x})))`,
  // relu (α = 0) is its own formula: 0·x would give −0 for negative x.
  leakyRelu: (x, param, p) => (param === 0 ? `(${x} > 0 ? ${x} : 0)` : `(${x} > 0 ? ${x} : ${p} * ${x})`),
  leakyReluSlope: (x, _param, p) => `(${x} > 0 ? 1 : ${p})`,
  pow: (x, param, p) => (param === 2 ? `${x} * ${x}` : param === 1 ? `${x}` : param === 0.5 ? `Math.sqrt(${x})` : param === -1 ? `1 / ${x}` : `Math.pow(${x}, ${p})`),
  finiteOrZero: (x) => `(Number.isFinite(${x}) ? ${x} : 0)`,
};

/**
 * A reduction whose every output takes one term (a sum over a batch of one): jsKernels' float64
 * accumulator starts at 0 (or −∞) and takes the term, so a sum is 0 + x (which makes −0 into +0).
 */
export const ONE_TERM_REDUCE_FORMULAS: { readonly [op in ReduceOp]: (x: string) => string } = {
  sum: (x) => `0 + ${x}`,
  max: (x) => `${x}`,
};
