import { describe, expect, it } from 'vitest';
import { fromArray, tensor } from '../creation.js';
import type { DType, FloatArray } from '../dtype.js';
import { gradientRules } from '../gradients.js';
import { jsKernels } from '../kernels/js.js';
import { useKernels } from '../kernels/active.js';
import { wasmKernels } from '../kernels/wasm/wasmKernels.js';
import { wasmSimdSupported } from '../kernels/wasm/wasmSimd.js';
import { abs, add, exp, leakyRelu, log, maximum, minimum, mul, neg, pow, sigmoid, softplus, tanh } from '../ops/elementwise.js';
import { gather } from '../ops/gather.js';
import { matmul } from '../ops/matmul.js';
import { logSoftmax, logSumExp, max, mean, softmax, sum } from '../ops/reduce.js';
import { astype, broadcastTo, concat, permute, reshape, slice } from '../ops/shape.js';
import type { PrimitiveName } from '../primitives.js';
import { rng, type Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { bits } from './_testing.js';
import { compileStep } from './compileStep.js';

/** The parameters every case may use: w like x, b a row to broadcast, m to multiply x by. */
interface Parameters {
  w: Tensor;
  b: Tensor;
  m: Tensor;
}

/** A small function of the input x [rows, 3], labels [rows] (one per row, in [0, 3)) and the parameters. */
type Case = (x: Tensor, labels: Int32Array, p: Parameters) => Tensor;

const xw = (x: Tensor, p: Parameters) => mul(x, p.w);

/**
 * One function per primitive of the derivative table, each using it on something that depends on both
 * the input and the parameters. The mapped type makes a primitive without a case a compile error.
 */
const PRIMITIVE_CASES: { readonly [P in PrimitiveName]: Case } = {
  add: (x, _, p) => add(x, p.b),
  mul: (x, _, p) => xw(x, p),
  pow: (x, _, p) => pow(add(mul(x, x), 0.5), p.w),
  maximum: (x, _, p) => maximum(x, p.w),
  minimum: (x, _, p) => minimum(x, p.b),
  neg: (x, _, p) => neg(xw(x, p)),
  exp: (x, _, p) => exp(xw(x, p)),
  log: (x, _, p) => log(add(add(mul(x, x), mul(p.w, p.w)), 0.1)),
  abs: (x, _, p) => abs(xw(x, p)),
  sigmoid: (x, _, p) => sigmoid(xw(x, p)),
  tanh: (x, _, p) => tanh(xw(x, p)),
  softplus: (x, _, p) => softplus(xw(x, p)),
  leakyRelu: (x, _, p) => leakyRelu(xw(x, p), 0.1),
  powScalar: (x, _, p) => pow(xw(x, p), 3),
  sum: (x, _, p) => sum(xw(x, p), 1),
  max: (x, _, p) => max(xw(x, p), 0),
  logSumExp: (x, _, p) => logSumExp(xw(x, p), 1),
  matmul: (x, _, p) => add(matmul(x, p.m), matmul(p.m, x, { transposeA: true, transposeB: true }).transpose()),
  reshape: (x, _, p) => reshape(xw(x, p), [3, -1]),
  permute: (x, _, p) => permute(xw(x, p), [1, 0]),
  broadcastTo: (x, _, p) => mul(broadcastTo(p.b, x.shape), x),
  slice: (x, _, p) => slice(xw(x, p), [null, [1, 3]]),
  concat: (x, _, p) => concat([xw(x, p), p.b.reshape([1, 3])], 0),
  gather: (x, labels, p) => gather(xw(x, p), labels),
  cast: (x, _, p) => astype(xw(x, p), 'float64'),
};

/** Composites whose pieces have no rule of their own but run kernels outside the table's (the max shift). */
const COMPOSITE_CASES: Record<string, Case> = {
  logSoftmax: (x, _, p) => logSoftmax(xw(x, p)),
  softmax: (x, _, p) => softmax(add(x, p.b)),
  mean: (x, _, p) => mean(xw(x, p), 0),
};

const ROWS = 4;

function parameters(random: Rng, dtype: DType): Parameters {
  const values = (n: number) => Array.from({ length: n }, () => random.uniformIn(-1.5, 1.5));
  return {
    w: tensor(values(ROWS * 3), { shape: [ROWS, 3], dtype, requiresGrad: true }),
    b: tensor(values(3), { shape: [3], dtype, requiresGrad: true }),
    m: tensor(values(6), { shape: [3, 2], dtype, requiresGrad: true }),
  };
}

/** Σ out² (as float of out's dtype): a scalar loss whose gradient depends on every output element. */
const lossOf = (out: Tensor) => sum(mul(out, out));

function freshInputs(random: Rng, dtype: DType, rows = ROWS): { x: Tensor; labels: Int32Array } {
  const x = tensor(Array.from({ length: rows * 3 }, () => random.uniformIn(-2, 2)), { shape: [rows, 3], dtype });
  const labels = Int32Array.from({ length: rows }, () => Math.floor(random.uniformIn(0, 3)));
  return { x, labels };
}

/** The eager engine's loss and gradients for the same values (the parameters' grads are put back after). */
function eager(f: Case, x: Tensor, labels: Int32Array, p: Parameters): { loss: number; grads: FloatArray[] } {
  const list = [p.w, p.b, p.m];
  const saved = list.map((t) => t.grad);
  list.forEach((t) => (t.grad = null));
  const loss = lossOf(f(x, labels, p));
  loss.backward();
  const grads = list.map((t) => t.grad?.data ?? new Float32Array(t.size));
  list.forEach((t, i) => (t.grad = saved[i]));
  return { loss: loss.data[0], grads };
}

/**
 * Several runs of one compiled step with new inputs (`rows` per run; the parameters moved in place between
 * runs, as an optimizer does), each bit-equal to the eager engine on the same values. Returns the step.
 */
function expectReplaysEqualEager(name: string, f: Case, dtype: DType, seed: number, rows: readonly number[] = [ROWS, ROWS, ROWS, ROWS]) {
  const random = rng(seed);
  const p = parameters(random, dtype);
  const step = compileStep((x: Tensor, labels: Int32Array) => lossOf(f(x, labels, p)), { parameters: [p.w, p.b, p.m] });
  const grads = step.grads;
  rows.forEach((n, run) => {
    const { x, labels } = freshInputs(random, dtype, n);
    const loss = step.run([x, labels]);
    const expected = eager(f, x, labels, p);
    expect(bits([loss]), `${name}: loss of run ${run}`).toEqual(bits([expected.loss]));
    expect(step.grads, 'the same gradient arrays on every run').toBe(grads);
    step.grads.forEach((g, i) => expect(bits(g), `${name}: gradient ${i} of run ${run}`).toEqual(bits(expected.grads[i])));
    for (const t of [p.w, p.b, p.m]) for (let i = 0; i < t.size; i++) t.data[i] *= 0.9;
  });
  return step;
}

describe('compileStep', () => {
  it('has a case for every primitive of the derivative table', () => {
    expect(Object.keys(PRIMITIVE_CASES).sort()).toEqual(Object.keys(gradientRules).sort());
  });

  for (const [name, f] of [...Object.entries(PRIMITIVE_CASES), ...Object.entries(COMPOSITE_CASES)]) {
    it(`replays ${name}: loss and gradients equal the eager engine's bit for bit, on new inputs each run`, () => {
      expectReplaysEqualEager(name, f, 'float32', 7);
    });
  }

  it('agrees with central finite differences in float64 (through the replay, parameters nudged in place)', () => {
    const random = rng(3);
    const p = parameters(random, 'float64');
    const f: Case = (x, labels, q) => logSoftmax(add(tanh(matmul(x, q.m).matmul(q.m, { transposeB: true })), mul(x, q.w)));
    const step = compileStep((x: Tensor, labels: Int32Array) => neg(mean(gather(f(x, labels, p), labels))), { parameters: [p.w, p.b, p.m] });
    const { x, labels } = freshInputs(random, 'float64');
    step.run([x, labels]);
    const analytic = step.grads.map((g) => Float64Array.from(g));
    const h = 1e-6;
    [p.w, p.b, p.m].forEach((t, i) => {
      for (let j = 0; j < t.size; j++) {
        const original = t.data[j];
        t.data[j] = original + h;
        const up = step.run([x, labels]);
        t.data[j] = original - h;
        const down = step.run([x, labels]);
        t.data[j] = original;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(numeric - analytic[i][j]), `parameter ${i} element ${j}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
      }
    });
    // b does not reach this loss: its gradient is zero, not stale
    expect(Array.from(step.grads[1])).toEqual([0, 0, 0]);
  });

  it('shares buffers between temporaries whose lifetimes do not overlap, and stays exact', () => {
    const random = rng(11);
    const p = parameters(random, 'float32');
    const deep: Case = (x, _, q) => {
      let h = x;
      for (let layer = 0; layer < 6; layer++) h = tanh(add(mul(h, q.w), q.b));
      return h;
    };
    expectReplaysEqualEager('deep', deep, 'float32', 11);
    const step = compileStep((x: Tensor, labels: Int32Array) => lossOf(deep(x, labels, p)), { parameters: [p.w, p.b, p.m] });
    step.run(Object.values(freshInputs(random, 'float32')));
    const { kernelCalls, replayedCalls, temporaries, buffers } = step.stats;
    expect(buffers).toBeLessThan(temporaries / 3);
    expect(buffers).toBeLessThan(kernelCalls);
    // backward's copies of w's and b's gradients into their .grad are forwarded (their producers write the
    // grad arrays), and broadcasting backward's seed of 1 to the output's shape reads only constants: folded
    expect(replayedCalls).toBe(kernelCalls - 3);
  });

  it('captures anew for a new batch shape (a smaller last batch), and replays each capture exactly', () => {
    const f: Case = (x, labels, q) => gather(logSoftmax(add(matmul(x, q.m).matmul(q.m, { transposeB: true }), q.b)), labels);
    const step = expectReplaysEqualEager('two batch sizes', f, 'float32', 5, [4, 3, 4, 3, 3]);
    expect(step.stats.kernelCalls).toBeGreaterThan(10);
    // m and b get their gradients by forwarded copies (2 calls), the sum of the gradient that reaches
    // logSoftmax's constant max shift is read by nothing (dropped), and the seed of 1 negated by the loss's
    // neg reads only constants (folded)
    expect(step.stats.replayedCalls).toBe(step.stats.kernelCalls - 4);
  });

  it('refuses a step function that reads tensor values while captured, naming the read', () => {
    const p = parameters(rng(1), 'float32');
    const branching = compileStep(
      (x: Tensor) => {
        const h = mul(x, p.w);
        return h.sum().item() > 0 ? sum(h) : sum(neg(h));
      },
      { parameters: [p.w] },
    );
    const { x } = freshInputs(rng(2), 'float32');
    expect(() => branching.run([x])).toThrow(/read the values of a tensor of shape \[\] through item\(\) while being captured; a captured step replays kernel calls only/);
    const peeking = compileStep((x: Tensor) => sum(mul(x, p.w.data[0])), { parameters: [p.w] });
    expect(() => peeking.run([x])).toThrow(/shape \[4,3\] through \.data/);
  });

  it('refuses a changed number of inputs and a changed element type', () => {
    const p = parameters(rng(1), 'float32');
    const step = compileStep((x: Tensor) => sum(mul(x, p.w)), { parameters: [p.w] });
    const { x, labels } = freshInputs(rng(2), 'float32');
    step.run([x]);
    expect(() => step.run([x, labels])).toThrow(/run with 2 inputs, but the step was first run with 1/);
    expect(() => step.run([fromArray(Float64Array.from(x.data), [2, 6])])).toThrow(/input 0 is float64, but the step was captured with float32/);
  });

  it.runIf(wasmSimdSupported())('replays bit for bit under the WebAssembly kernels too', () => {
    const previous = useKernels(wasmKernels);
    try {
      for (const [name, f] of Object.entries(PRIMITIVE_CASES)) expectReplaysEqualEager(`${name} (wasm)`, f, 'float32', 13);
      // long enough for wasmSigmoid's polynomial and the SIMD matmul's blocks
      const wide: Case = (x, _, q) => sigmoid(matmul(broadcastTo(x.reshape([ROWS * 3, 1]), [ROWS * 3, 3]), matmul(q.w, q.w, { transposeA: true })));
      expectReplaysEqualEager('wide sigmoid (wasm)', wide, 'float32', 17);
    } finally {
      useKernels(previous);
    }
  });

  it('replays with the kernel set that was active at capture', () => {
    const previous = useKernels(jsKernels);
    try {
      expectReplaysEqualEager('sigmoid (js)', PRIMITIVE_CASES.sigmoid, 'float32', 19);
    } finally {
      useKernels(previous);
    }
  });
});
