import { isGradEnabled } from './noGrad.js';
import type { Tensor } from './tensor.js';

type NoAttrs = Record<string, never>;

export interface ReduceAttrs {
  /** Sorted, distinct, non-negative. */
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

/**
 * Every primitive op, with the attributes its gradient rule needs. Everything else (sub, div, sqrt, relu,
 * mean, softmax, ...) is composed from these. Adding a name here without adding its rule to
 * `gradientRules` (gradients.ts) is a compile error.
 */
export interface PrimitiveAttrs {
  // elementwise binary, with broadcasting
  add: NoAttrs;
  mul: NoAttrs;
  pow: NoAttrs;
  maximum: NoAttrs;
  minimum: NoAttrs;
  // elementwise unary
  neg: NoAttrs;
  exp: NoAttrs;
  log: NoAttrs;
  abs: NoAttrs;
  sigmoid: NoAttrs;
  tanh: NoAttrs;
  softplus: NoAttrs;
  leakyRelu: { readonly alpha: number };
  powScalar: { readonly exponent: number };
  // reductions
  sum: ReduceAttrs;
  max: ReduceAttrs;
  logSumExp: ReduceAttrs;
  // linear algebra
  matmul: { readonly transposeA: boolean; readonly transposeB: boolean };
  // moving data around
  reshape: NoAttrs;
  permute: { readonly axes: readonly number[] };
  broadcastTo: NoAttrs;
  slice: { readonly starts: readonly number[] };
  concat: { readonly axis: number };
  gather: { readonly axis: number; readonly indices: Int32Array };
  cast: NoAttrs;
}

export type PrimitiveName = keyof PrimitiveAttrs;

/** How a tensor was computed: which primitive, from which inputs, with which attributes. */
export type Node = { [P in PrimitiveName]: { readonly op: P; readonly inputs: readonly Tensor[]; readonly attrs: PrimitiveAttrs[P] } }[PrimitiveName];

export const NO_ATTRS: NoAttrs = Object.freeze({}) as NoAttrs;

/**
 * Attach `out` to the graph if gradients are being recorded and any input wants them; return `out`.
 * Every primitive's forward ends with this call.
 */
export function record<P extends PrimitiveName>(out: Tensor, op: P, inputs: readonly Tensor[], attrs: PrimitiveAttrs[P]): Tensor {
  if (!isGradEnabled()) return out;
  for (const input of inputs) {
    if (input.requiresGrad) {
      out.requiresGrad = true;
      out.creator = { op, inputs, attrs } as Node;
      return out;
    }
  }
  return out;
}
