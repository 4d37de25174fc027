import { describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import type { DType, FloatArray } from '../dtype.js';
import { jsKernels } from '../kernels/js.js';
import type { Kernels } from '../kernels/kernels.js';
import { wasmKernels } from '../kernels/wasm/wasmKernels.js';
import { wasmSimdSupported } from '../kernels/wasm/wasmSimd.js';
import { abs, add, exp, leakyRelu, log, maximum, minimum, mul, neg, pow, sigmoid, softplus, sub, tanh } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { mean, sum } from '../ops/reduce.js';
import { rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { bits, withKernels } from './_testing.js';
import { compileStep } from './compileStep.js';

const KERNEL_SETS: Kernels[] = wasmSimdSupported() ? [jsKernels, wasmKernels] : [jsKernels];
const DTYPES: DType[] = ['float32', 'float64'];


/** The 3-4-1 sigmoid net with squared error (the lecture net of issue 21's gate), written with tensor's ops. */
function lectureNet(dtype: DType) {
  const random = rng(5);
  const values = (n: number) => Array.from({ length: n }, () => random.uniformIn(-1, 1));
  const w1 = tensor(values(12), { shape: [3, 4], dtype, requiresGrad: true });
  const b1 = tensor(values(4), { shape: [4], dtype, requiresGrad: true });
  const w2 = tensor(values(4), { shape: [4, 1], dtype, requiresGrad: true });
  const b2 = tensor(values(1), { shape: [1], dtype, requiresGrad: true });
  const forward = (x: Tensor) => sigmoid(add(matmul(sigmoid(add(matmul(x, w1), b1)), w2), b2));
  const loss = (x: Tensor, y: Tensor) => mean(pow(sub(forward(x), y), 2));
  return { parameters: [w1, b1, w2, b2], loss };
}

/**
 * Chains of elementwise ops over every formula of the table (backward adds sign, leakyReluSlope, greater and
 * the rest), each reading the input and a parameter, with a broadcast row among the operands.
 */
const CHAINS: Record<string, (x: Tensor, w: Tensor, b: Tensor) => Tensor> = {
  'sigmoid, tanh, exp': (x, w, b) => mul(sigmoid(add(mul(x, w), b)), tanh(exp(mul(x, 0.3)))),
  'softplus, abs, log': (x, w, b) => log(add(softplus(mul(x, w)), abs(add(x, b)))),
  'relu, leakyRelu, neg': (x, w, b) => add(leakyRelu(mul(x, w), 0), neg(leakyRelu(add(x, b), 0.1))),
  'maximum, minimum, pow': (x, w, b) => mul(maximum(x, w), pow(add(minimum(x, b), 3), 0.5)),
  'pow by a tensor, powers': (x, w, b) => add(pow(add(mul(x, x), 0.5), w), mul(pow(add(x, b), 3), pow(add(mul(w, w), 1), -1))),
};

/** The eager engine's loss and gradients, the parameters' .grad put back after. */
function eager(loss: () => Tensor, parameters: readonly Tensor[]): { loss: number; grads: FloatArray[] } {
  const saved = parameters.map((p) => p.grad);
  parameters.forEach((p) => (p.grad = null));
  const value = loss();
  value.backward();
  const grads = parameters.map((p) => p.grad?.data ?? new Float32Array(p.size));
  parameters.forEach((p, i) => (p.grad = saved[i]));
  return { loss: value.data[0], grads };
}

describe('fusion of elementwise calls in a replay', () => {
  for (const kernels of KERNEL_SETS)
    it(`fuses the 3-4-1 step's elementwise chains into fewer calls (${kernels.name})`, () => {
      withKernels(kernels, () => {
        const { parameters, loss } = lectureNet('float32');
        const step = compileStep(loss, { parameters });
        for (const batch of [1, 32]) {
          step.run([tensor(new Array(batch * 3).fill(0.5), { shape: [batch, 3] }), tensor(new Array(batch).fill(0.25), { shape: [batch, 1] })]);
          const { replayedCalls, fusedCalls } = step.stats;
          // 5 matmuls stay; the ~20 elementwise calls between them (and at batch 1 the reductions, of one term each) become a few loops.
          if (batch === 1) expect(fusedCalls, `batch ${batch}: ${replayedCalls} calls`).toBeLessThanOrEqual(8);
          else expect(fusedCalls, `batch ${batch}: ${replayedCalls} calls`).toBeLessThan(replayedCalls - 8);
        }
      });
    });

  for (const kernels of KERNEL_SETS)
    for (const dtype of DTYPES)
      for (const batch of [1, 5, 32])
        it(`replays fused chains bit for bit as the eager engine (${kernels.name}, ${dtype}, batch ${batch})`, () => {
          withKernels(kernels, () => {
            const random = rng(batch);
            const values = (n: number) => Array.from({ length: n }, () => random.uniformIn(-1.5, 1.5));
            const w = tensor(values(batch * 3), { shape: [batch, 3], dtype, requiresGrad: true });
            const b = tensor(values(3), { shape: [3], dtype, requiresGrad: true });
            for (const [name, chain] of Object.entries(CHAINS)) {
              const step = compileStep((x: Tensor) => sum(chain(x, w, b)), { parameters: [w, b] });
              for (let run = 0; run < 3; run++) {
                const x = tensor(values(batch * 3), { shape: [batch, 3], dtype });
                const loss = step.run([x]);
                const expected = eager(() => sum(chain(x, w, b)), [w, b]);
                expect(bits([loss]), `${name}: loss`).toEqual(bits([expected.loss]));
                step.grads.forEach((g, i) => expect(bits(g), `${name}: gradient ${i}, run ${run}`).toEqual(bits(expected.grads[i])));
                w.data[run] *= 0.9;
              }
              expect(step.stats.fusedCalls, `${name}: fused`).toBeLessThan(step.stats.replayedCalls);
            }
          });
        });

  it('keeps an intermediate of a fused chain that the step returns and a reduction reads', () => {
    for (const kernels of KERNEL_SETS)
      withKernels(kernels, () => {
        const random = rng(9);
        const values = (n: number) => Array.from({ length: n }, () => random.uniformIn(-1, 1));
        const b = tensor(values(4), { shape: [4], requiresGrad: true });
        // h is computed inside the chain add → sigmoid → mul → neg, is read again by sum(h), and returned.
        const f = (x: Tensor) => {
          const h = sigmoid(add(x, b));
          return [add(sum(neg(mul(h, x))), sum(h)), h];
        };
        const step = compileStep((x: Tensor) => f(x), { parameters: [b] });
        const x = tensor(values(8), { shape: [2, 4] });
        const loss = step.run([x]);
        const [expectedLoss, expectedH] = f(x);
        expect(step.stats.fusedCalls).toBeLessThan(step.stats.replayedCalls);
        expect(bits(step.outputs[0])).toEqual(bits(expectedH.data));
        expect(bits([loss])).toEqual(bits(expectedLoss.data));
      });
  });
});
