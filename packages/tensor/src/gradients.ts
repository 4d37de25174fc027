/**
 * THE table of derivative rules: one entry per primitive, and nothing else in the library knows a derivative.
 * The mapped type makes a primitive without a rule a compile error.
 *
 * A rule gets g = ∂L/∂out (out's shape), the primitive's inputs, its output and attributes, and returns
 * ∂L/∂input for each input (input's shape), or null where an input needs none. Rules run under noGrad and
 * are written with the ordinary ops, so each reads like the calculus it implements.
 */
import type { PrimitiveAttrs, PrimitiveName } from './primitives.js';
import type { Tensor } from './tensor.js';
import { add, div, exp, log, mul, neg, pow, sigmoid, sub } from './ops/elementwise.js';
import { matmul } from './ops/matmul.js';
import { sum } from './ops/reduce.js';
import { astype, broadcastTo, permute, reshape, slice } from './ops/shape.js';
import { equalMask, greaterMask, keepReducedAxes, leakyReluSlope, padSlice, scatterGathered, sign, unbroadcast } from './ops/_gradientHelpers.js';

export type GradientRule<P extends PrimitiveName> = (
  g: Tensor,
  inputs: readonly Tensor[],
  out: Tensor,
  attrs: PrimitiveAttrs[P],
) => readonly (Tensor | null)[];

export const gradientRules: { readonly [P in PrimitiveName]: GradientRule<P> } = {
  // ∂(a + b) = ∂a + ∂b; broadcast inputs sum the gradient over the axes they were repeated along.
  add: (g, [a, b]) => [unbroadcast(g, a.shape), unbroadcast(g, b.shape)],

  // ∂(a·b) = b·∂a + a·∂b
  mul: (g, [a, b]) => [
    a.requiresGrad ? unbroadcast(mul(g, b), a.shape) : null,
    b.requiresGrad ? unbroadcast(mul(g, a), b.shape) : null,
  ],

  // ∂(a^b) = b·a^(b−1)·∂a + a^b·ln(a)·∂b
  pow: (g, [a, b], out) => [
    a.requiresGrad ? unbroadcast(mul(g, mul(b, pow(a, sub(b, 1)))), a.shape) : null,
    b.requiresGrad ? unbroadcast(mul(g, mul(out, log(a))), b.shape) : null,
  ],

  // max(a, b) passes g to the larger input; a tie splits it ½–½ (the average of the two one-sided derivatives).
  maximum: (g, [a, b]) => {
    const toA = add(greaterMask(a, b), mul(equalMask(a, b), 0.5));
    return [unbroadcast(mul(g, toA), a.shape), unbroadcast(mul(g, sub(1, toA)), b.shape)];
  },
  minimum: (g, [a, b]) => {
    const toA = add(greaterMask(b, a), mul(equalMask(a, b), 0.5));
    return [unbroadcast(mul(g, toA), a.shape), unbroadcast(mul(g, sub(1, toA)), b.shape)];
  },

  // ∂(−x) = −∂x
  neg: (g) => [neg(g)],
  // ∂eˣ = eˣ·∂x (reuses the output)
  exp: (g, _, out) => [mul(g, out)],
  // ∂ln x = ∂x / x
  log: (g, [x]) => [div(g, x)],
  // ∂|x| = sign(x)·∂x, taking 0 at x = 0
  abs: (g, [x]) => [mul(g, sign(x))],
  // σ' = σ(1 − σ)
  sigmoid: (g, _, out) => [mul(g, mul(out, sub(1, out)))],
  // tanh' = 1 − tanh²
  tanh: (g, _, out) => [mul(g, sub(1, mul(out, out)))],
  // softplus' = σ
  softplus: (g, [x]) => [mul(g, sigmoid(x))],
  // leakyRelu' = 1 for x > 0, else α
  leakyRelu: (g, [x], _, { alpha }) => [mul(g, leakyReluSlope(x, alpha))],
  // ∂xᵖ = p·x^(p−1)·∂x; p = 0 is a constant (and 0·0⁻¹ would be NaN at x = 0)
  powScalar: (g, [x], _, { exponent }) => [exponent === 0 ? mul(g, 0) : mul(g, mul(pow(x, exponent - 1), exponent))],

  // Every summed element gets the gradient of its sum.
  sum: (g, [x], _, { axes, keepdims }) => [broadcastTo(keepReducedAxes(g, x.shape, axes, keepdims), x.shape)],

  // The gradient goes to the elements equal to the max, shared equally among ties.
  max: (g, [x], out, { axes, keepdims }) => {
    const isMax = equalMask(x, keepReducedAxes(out, x.shape, axes, keepdims));
    const ties = sum(isMax, axes, { keepdims: true });
    return [mul(keepReducedAxes(g, x.shape, axes, keepdims), div(isMax, ties))];
  },

  // ∂ logΣexp(x) / ∂xᵢ = e^(xᵢ − lse) = softmax(x)ᵢ, which is ≤ 1: stable wherever the forward was.
  logSumExp: (g, [x], out, { axes, keepdims }) => [
    mul(keepReducedAxes(g, x.shape, axes, keepdims), exp(sub(x, keepReducedAxes(out, x.shape, axes, keepdims)))),
  ],

  // C = op(A)·op(B). With A' = op(A), B' = op(B): ∂A' = G·B'ᵀ and ∂B' = A'ᵀ·G. When A itself was used
  // transposed, ∂A = (∂A')ᵀ = op(B)·Gᵀ; likewise for B. Every case is one matmul with flags: no transpose is copied.
  matmul: (g, [a, b], _, { transposeA, transposeB }) => [
    a.requiresGrad
      ? transposeA
        ? matmul(b, g, { transposeA: transposeB, transposeB: true })
        : matmul(g, b, { transposeB: !transposeB })
      : null,
    b.requiresGrad
      ? transposeB
        ? matmul(g, a, { transposeA: true, transposeB: transposeA })
        : matmul(a, g, { transposeA: !transposeA })
      : null,
  ],

  reshape: (g, [x]) => [reshape(g, x.shape)],

  // Undo the permutation: the inverse sends result axis i back to axes[i].
  permute: (g, _, __, { axes }) => {
    const inverse = new Array<number>(axes.length);
    axes.forEach((from, to) => (inverse[from] = to));
    return [permute(g, inverse)];
  },

  broadcastTo: (g, [x]) => [unbroadcast(g, x.shape)],

  // The sliced block gets g; everything outside it had no effect on the output.
  slice: (g, [x], _, { starts }) => [padSlice(g, x.shape, starts)],

  // Each input gets back its own block of g.
  concat: (g, inputs, _, { axis }) => {
    let start = 0;
    return inputs.map((input) => {
      const ranges = g.shape.map((_, d) => (d === axis ? ([start, start + input.shape[axis]] as const) : null));
      start += input.shape[axis];
      return input.requiresGrad ? slice(g, ranges) : null;
    });
  },

  // Gathered elements receive g; an element gathered twice receives both.
  gather: (g, [x], _, { axis, indices }) => [scatterGathered(g, x.shape, axis, indices)],

  cast: (g, [x]) => [astype(g, x.dtype)],
};
