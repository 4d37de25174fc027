import { describe, expect, it } from 'vitest';
import { topologicalOrder } from './backward.js';
import { fromArray } from './creation.js';
import { gradCheck } from './gradCheck.js';
import { gradientRules } from './gradients.js';
import { abs, add, div, exp, leakyRelu, log, maximum, minimum, mul, neg, pow, relu, sigmoid, softplus, sqrt, sub, tanh } from './ops/elementwise.js';
import { gather } from './ops/gather.js';
import { matmul } from './ops/matmul.js';
import { logSoftmax, logSumExp, max, mean, softmax, sum } from './ops/reduce.js';
import { astype, broadcastTo, concat, permute, reshape, slice, transpose } from './ops/shape.js';
import type { PrimitiveName } from './primitives.js';
import { rng } from './random.js';
import type { Tensor } from './tensor.js';

/**
 * Every op's gradient against central finite differences in float64. Inputs are drawn from a seeded rng:
 * 'any' in [-2, 2), 'positive' in [0.5, 2) (for log, sqrt, powers, divisors).
 */
type Domain = 'any' | 'positive';
interface Case {
  name: string;
  inputs: [shape: number[], domain?: Domain][];
  f: (...xs: Tensor[]) => Tensor;
  eps?: number;
  tolerance?: number;
}

const axisCases = (name: string, reduce: (x: Tensor, axis: number | number[] | undefined, o: { keepdims: boolean }) => Tensor): Case[] =>
  [undefined, 0, 1, 2, -1, [0, 2]].flatMap((axis) =>
    [false, true].map((keepdims) => ({
      name: `${name} of [2,3,4] over axis ${JSON.stringify(axis)}${keepdims ? ' keepdims' : ''}`,
      inputs: [[[2, 3, 4]]] as Case['inputs'],
      f: (x: Tensor) => reduce(x, axis, { keepdims }),
    })),
  );

const cases: Case[] = [
  // elementwise binary, with the broadcasting patterns that matter: equal, [3,1]+[1,4], [2,3]+[3], scalar
  { name: 'add [2,3] + [2,3]', inputs: [[[2, 3]], [[2, 3]]], f: add },
  { name: 'add [3,1] + [1,4]', inputs: [[[3, 1]], [[1, 4]]], f: add },
  { name: 'add [2,3] + [3]', inputs: [[[2, 3]], [[3]]], f: add },
  { name: 'add [] + [2,3] (scalar)', inputs: [[[]], [[2, 3]]], f: add },
  { name: 'add a number', inputs: [[[2, 3]]], f: (x) => add(x, 2.5) },
  { name: 'sub [2,3] − [2,1]', inputs: [[[2, 3]], [[2, 1]]], f: sub },
  { name: 'sub number − tensor', inputs: [[[3]]], f: (x) => sub(1, x) },
  { name: 'mul [3,1] · [1,4]', inputs: [[[3, 1]], [[1, 4]]], f: mul },
  { name: 'mul [2,3] · [3]', inputs: [[[2, 3]], [[3]]], f: mul },
  { name: 'mul [2,3] · [] (scalar)', inputs: [[[2, 3]], [[]]], f: mul },
  { name: 'mul x · x (same tensor twice)', inputs: [[[4]]], f: (x) => mul(x, x) },
  { name: 'div [2,3] / [3]', inputs: [[[2, 3]], [[3], 'positive']], f: div },
  { name: 'div [] / [2,2]', inputs: [[[]], [[2, 2], 'positive']], f: div },
  { name: 'pow tensor^tensor [2,3]^[3]', inputs: [[[2, 3], 'positive'], [[3]]], f: pow },
  { name: 'pow x^3', inputs: [[[2, 3]]], f: (x) => pow(x, 3) },
  { name: 'pow x^2', inputs: [[[5]]], f: (x) => pow(x, 2) },
  { name: 'pow x^-1.5', inputs: [[[5], 'positive']], f: (x) => pow(x, -1.5) },
  { name: 'pow x^0 (constant)', inputs: [[[3]]], f: (x) => add(pow(x, 0), x) },
  { name: 'maximum [2,3] vs [3]', inputs: [[[2, 3]], [[3]]], f: maximum },
  { name: 'minimum [3,1] vs [1,4]', inputs: [[[3, 1]], [[1, 4]]], f: minimum },
  { name: 'maximum with a number', inputs: [[[6]]], f: (x) => maximum(x, 0.1) },

  // elementwise unary
  { name: 'neg', inputs: [[[2, 3]]], f: neg },
  { name: 'exp', inputs: [[[2, 3]]], f: exp },
  { name: 'log', inputs: [[[2, 3], 'positive']], f: log },
  { name: 'sqrt', inputs: [[[2, 3], 'positive']], f: sqrt },
  { name: 'abs', inputs: [[[2, 3]]], f: abs },
  { name: 'sigmoid', inputs: [[[2, 3]]], f: sigmoid },
  { name: 'tanh', inputs: [[[2, 3]]], f: tanh },
  { name: 'relu', inputs: [[[2, 3]]], f: relu },
  { name: 'leakyRelu α=0.1', inputs: [[[2, 3]]], f: (x) => leakyRelu(x, 0.1) },
  { name: 'softplus', inputs: [[[2, 3]]], f: softplus },

  // reductions: every axis of a rank-3 tensor, with and without keepdims
  ...axisCases('sum', (x, axis, o) => sum(x, axis, o)),
  ...axisCases('mean', (x, axis, o) => mean(x, axis, o)),
  ...axisCases('max', (x, axis, o) => max(x, axis, o)),
  ...axisCases('logSumExp', (x, axis, o) => logSumExp(x, axis, o)),
  { name: 'softmax over the last axis', inputs: [[[3, 4]]], f: (x) => softmax(x) },
  { name: 'softmax over axis 0', inputs: [[[3, 4]]], f: (x) => softmax(x, 0) },
  { name: 'logSoftmax over the last axis', inputs: [[[3, 4]]], f: (x) => logSoftmax(x) },
  { name: 'logSoftmax over axis 0', inputs: [[[3, 4]]], f: (x) => logSoftmax(x, 0) },

  // matmul, with every combination of transpose flags
  { name: 'matmul [2,3]·[3,4]', inputs: [[[2, 3]], [[3, 4]]], f: (a, b) => matmul(a, b) },
  { name: 'matmul Aᵀ·B, A stored [3,2]', inputs: [[[3, 2]], [[3, 4]]], f: (a, b) => matmul(a, b, { transposeA: true }) },
  { name: 'matmul A·Bᵀ, B stored [4,3]', inputs: [[[2, 3]], [[4, 3]]], f: (a, b) => matmul(a, b, { transposeB: true }) },
  { name: 'matmul Aᵀ·Bᵀ', inputs: [[[3, 2]], [[4, 3]]], f: (a, b) => matmul(a, b, { transposeA: true, transposeB: true }) },
  { name: 'matmul [1,3]·[3,1]', inputs: [[[1, 3]], [[3, 1]]], f: (a, b) => matmul(a, b) },

  // moving data around
  { name: 'transpose', inputs: [[[2, 3]]], f: transpose },
  { name: 'permute [2,3,4] → axes [2,0,1]', inputs: [[[2, 3, 4]]], f: (x) => permute(x, [2, 0, 1]) },
  { name: 'reshape [2,3] → [3,2]', inputs: [[[2, 3]]], f: (x) => reshape(x, [3, 2]) },
  { name: 'reshape [2,3] → [-1]', inputs: [[[2, 3]]], f: (x) => reshape(x, [-1]) },
  { name: 'broadcastTo [3,1] → [2,3,4]', inputs: [[[3, 1]]], f: (x) => broadcastTo(x, [2, 3, 4]) },
  { name: 'slice rows 1..3, columns 0..2 of [3,4]', inputs: [[[3, 4]]], f: (x) => slice(x, [[1, 3], [0, 2]]) },
  { name: 'slice with negative range', inputs: [[[3, 4]]], f: (x) => slice(x, [null, [-2, -1]]) },
  { name: 'concat along axis 0', inputs: [[[2, 3]], [[1, 3]]], f: (a, b) => concat([a, b], 0) },
  { name: 'concat three along axis 1', inputs: [[[2, 1]], [[2, 3]], [[2, 2]]], f: (a, b, c) => concat([a, b, c], 1) },
  { name: 'gather class scores along the last axis', inputs: [[[4, 3]]], f: (x) => gather(x, Int32Array.from([2, 0, 1, 2])) },
  { name: 'gather along axis 0 with a repeated index', inputs: [[[3, 2]]], f: (x) => gather(x, [1, 1], 0) },
  // float32 rounding (spacing ~1e-7 near 1) needs a larger step and tolerance
  { name: 'astype float64 → float32 → float64', inputs: [[[2, 3]]], f: (x) => astype(mul(astype(x, 'float32'), 3), 'float64'), eps: 1e-3, tolerance: 1e-3 },

  // compositions
  { name: 'sigmoid(x·W + b)', inputs: [[[4, 3]], [[3, 2]], [[2]]], f: (x, w, b) => sigmoid(add(matmul(x, w), b)) },
  { name: 'mean((tanh(x·W) − y)²)', inputs: [[[4, 3]], [[3, 1]], [[4, 1]]], f: (x, w, y) => mean(pow(sub(tanh(matmul(x, w)), y), 2)) },
];

function makeInputs(c: Case): Tensor[] {
  const random = rng(`gradients/${c.name}`);
  return c.inputs.map(([shape, domain = 'any']) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Float64Array.from({ length: size }, () => (domain === 'positive' ? random.uniformIn(0.5, 2) : random.uniformIn(-2, 2)));
    return fromArray(data, shape);
  });
}

describe('gradients against central finite differences (float64)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const report = gradCheck(c.f, makeInputs(c), { eps: c.eps, tolerance: c.tolerance });
    expect(report.worst, 'compared at least one element').not.toBeNull();
    expect(report.maxRelError, JSON.stringify(report.worst)).toBeLessThanOrEqual(report.tolerance);
    expect(report.ok).toBe(true);
  });

  it('exercises every rule in the gradient table', () => {
    const used = new Set<PrimitiveName>();
    for (const c of cases) {
      const inputs = makeInputs(c).map((x) => fromArray(x.data, x.shape, { requiresGrad: true }));
      for (const t of topologicalOrder(c.f(...inputs))) if (t.creator) used.add(t.creator.op);
    }
    expect([...used].sort()).toEqual(Object.keys(gradientRules).sort());
  });
});
