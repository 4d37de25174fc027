import { describe, expect, it } from 'vitest';
import { fromArray, tensor } from '../creation.js';
import type { DType, FloatArray } from '../dtype.js';
import { jsKernels } from '../kernels/js.js';
import type { Kernels } from '../kernels/kernels.js';
import { add, mul, pow, tanh } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { sum } from '../ops/reduce.js';
import { rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { generateReplayCode } from './_replaySource.js';
import { sharedPlanCounts } from './_sharedPlans.js';
import { bits, withKernels } from './_testing.js';
import { compileStep, type CompiledStep } from './compileStep.js';

const ROWS = 5;

interface NetOptions {
  dtype?: DType;
  /** The exponent of the loss Σ out^exponent: a unary param, which picks the formula a replay writes out. */
  exponent?: number;
  /** The values of a constant the step multiplies by (neither an input nor a parameter: read in place). */
  scale?: readonly number[];
}

/** out = tanh(x·w + b) ⊙ scale, loss = Σ out^exponent: a step of one structure for every seed, options alike. */
function net(seed: number, { dtype = 'float32', exponent = 2, scale = [1.5, -0.5] }: NetOptions = {}) {
  const random = rng(seed);
  const values = (n: number) => Array.from({ length: n }, () => random.uniformIn(-1, 1));
  const w = tensor(values(6), { shape: [3, 2], dtype, requiresGrad: true });
  const b = tensor(values(2), { shape: [2], dtype, requiresGrad: true });
  const constant = tensor([...scale], { shape: [2], dtype });
  const fn = (x: Tensor): Tensor[] => {
    const out = mul(tanh(add(matmul(x, w), b)), constant);
    return [sum(pow(out, exponent)), out];
  };
  const step = compileStep(fn, { parameters: [w, b] });
  /** The eager engine on the same values: loss, gradients and outputs (the parameters' .grad put back after). */
  const eager = (x: FloatArray) => {
    const saved = [w.grad, b.grad];
    w.grad = b.grad = null;
    const [loss, out] = fn(fromArray(x.slice(), [ROWS, 3]));
    loss.backward();
    const result = { loss: loss.data[0], grads: [w.grad!.data.slice(), b.grad!.data.slice()], outputs: out.data.slice() };
    [w.grad, b.grad] = saved;
    return result;
  };
  return { step, eager, dtype };
}

type Net = ReturnType<typeof net>;

function inputs(seed: number, dtype: DType): FloatArray {
  const random = rng(`inputs/${seed}`);
  const values = Array.from({ length: ROWS * 3 }, () => random.uniformIn(-2, 2));
  return dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

/** What a step's last run left in its arrays: loss, gradients, outputs (copies). */
function resultsOf(step: CompiledStep, loss: number) {
  return { loss, grads: step.grads.map((g) => g.slice()), outputs: step.outputs[0].slice() };
}

function expectSameBits(actual: ReturnType<typeof resultsOf>, expected: ReturnType<Net['eager']>, what: string): void {
  expect(bits([actual.loss]), `${what}: loss`).toEqual(bits([expected.loss]));
  actual.grads.forEach((g, k) => expect(bits(g), `${what}: gradient ${k}`).toEqual(bits(expected.grads[k])));
  expect(bits(actual.outputs), `${what}: outputs`).toEqual(bits(expected.outputs));
}

/** Run `n` on inputs drawn from `seed` and check it against the eager engine; returns what it computed. */
function runAndCheck(n: Net, seed: number, what: string) {
  const x = inputs(seed, n.dtype);
  const results = resultsOf(n.step, n.step.run([{ data: x, shape: [ROWS, 3] }]));
  expectSameBits(results, n.eager(x), what);
  return results;
}

/** How many captures planned anew and took a shared plan while `f` ran. */
function countsDuring(f: () => void): { planned: number; shared: number } {
  const before = sharedPlanCounts();
  f();
  const after = sharedPlanCounts();
  return { planned: after.planned - before.planned, shared: after.shared - before.shared };
}

describe('plans shared between captures of one structure', () => {
  it('a second step of the same structure takes the first one\'s plan, and two steps alive at once never write into each other\'s arrays', () => {
    const [a, b] = [net(1), net(2)];
    runAndCheck(a, 0, 'a, first run');
    expect(countsDuring(() => runAndCheck(b, 100, 'b, first run'))).toEqual({ planned: 0, shared: 1 });
    expect(b.step.outputs[0]).not.toBe(a.step.outputs[0]);
    b.step.grads.forEach((g, k) => expect(g).not.toBe(a.step.grads[k]));
    // Interleaved, as two runs' steps in one thread (or a model and its evaluation): what one run leaves in
    // its arrays must survive the other's run. Shared buffers would leave b's values in a's arrays.
    for (let round = 1; round <= 3; round++) {
      const ofA = runAndCheck(a, round, `a, round ${round}`);
      const ofB = runAndCheck(b, 100 + round, `b, round ${round}`);
      expect(bits(ofB.outputs), 'the two steps compute different values (else this test could not tell)').not.toEqual(bits(ofA.outputs));
      expectSameBits(resultsOf(a.step, ofA.loss), { ...ofA }, `a's arrays after b's run, round ${round}`);
    }
  });

  it('binds each capture\'s own constants: a step whose constant holds other values computes with them', () => {
    const [a, b] = [net(3, { scale: [1.5, -0.5] }), net(3, { scale: [-2, 0.25] })];
    const ofA = runAndCheck(a, 7, 'a');
    const counts = countsDuring(() => {
      const ofB = runAndCheck(b, 7, 'b');
      expect(bits([ofB.loss])).not.toEqual(bits([ofA.loss]));
    });
    expect(counts.shared, 'constants are bound, not keyed: the plan is shared').toBe(1);
  });

  it('keys a unary param (pow 2 is written x * x, pow 3 is not): another exponent is another plan', () => {
    runAndCheck(net(4, { exponent: 2 }), 1, 'exponent 2');
    expect(countsDuring(() => runAndCheck(net(5, { exponent: 3 }), 1, 'exponent 3'))).toEqual({ planned: 1, shared: 0 });
    expect(countsDuring(() => runAndCheck(net(6, { exponent: 3 }), 2, 'exponent 3 again'))).toEqual({ planned: 0, shared: 1 });
  });

  it('keys the element type: a float64 step does not take the plan of a float32 one (whose stores round to float32)', () => {
    runAndCheck(net(8, { dtype: 'float32' }), 3, 'float32');
    expect(countsDuring(() => runAndCheck(net(8, { dtype: 'float64' }), 3, 'float64'))).toEqual({ planned: 1, shared: 0 });
  });

  it('keys the kernel set by identity: a set named like jsKernels but with its own matmul is called, not written out', () => {
    let matmuls = 0;
    const counting: Kernels = {
      ...jsKernels,
      matmul(...args: Parameters<Kernels['matmul']>) {
        matmuls++;
        jsKernels.matmul(...args);
      },
    };
    expect(counting.name).toBe(jsKernels.name);
    withKernels(jsKernels, () => runAndCheck(net(9), 4, 'jsKernels'));
    const counts = countsDuring(() => withKernels(counting, () => runAndCheck(net(10), 5, 'counting kernels')));
    expect(counts).toEqual({ planned: 1, shared: 0 });
    // Forward x·w and backward's two products, all called through the set the step was captured with.
    expect(matmuls).toBeGreaterThan(0);
  });

  it('shares nothing where replays are bound calls (no generated code), and stays exact', () => {
    runAndCheck(net(11), 6, 'generated');
    const previous = generateReplayCode(false);
    try {
      expect(countsDuring(() => runAndCheck(net(12), 6, 'bound'))).toEqual({ planned: 0, shared: 0 });
    } finally {
      generateReplayCode(previous);
    }
  });
});
