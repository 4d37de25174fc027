import { afterEach, describe, expect, it } from 'vitest';
import { tensor } from '../creation.js';
import type { DType } from '../dtype.js';
import { jsKernels } from '../kernels/js.js';
import type { Kernels } from '../kernels/kernels.js';
import { wasmKernels } from '../kernels/wasm/wasmKernels.js';
import { wasmSimdSupported } from '../kernels/wasm/wasmSimd.js';
import { add, mul, pow, sigmoid, sub, tanh } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { max, mean, sum } from '../ops/reduce.js';
import { rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { GENERATED_FUNCTIONS_KEPT, generatedFunctionCounts, generateReplayCode, generatedFunctionSource, replayParts } from './_replaySource.js';
import { bits, withKernels } from './_testing.js';
import { compileStep, type CompiledStep } from './compileStep.js';

const KERNEL_SETS: Kernels[] = wasmSimdSupported() ? [jsKernels, wasmKernels] : [jsKernels];

afterEach(() => {
  generateReplayCode(undefined);
});

/** A step `f` of input x and parameters, run on several new inputs, each bit-equal to the eager engine: loss, gradients, returned outputs. */
function expectEager(step: CompiledStep, f: (x: Tensor) => Tensor[], xShape: number[], dtype: DType, seed: number, special: readonly number[] = [], gradients = true) {
  const random = rng(seed);
  for (let run = 0; run < 3; run++) {
    const values = Array.from({ length: xShape.reduce((a, b) => a * b, 1) }, () => random.uniformIn(-2, 2));
    special.forEach((v, i) => (values[(i * 7 + run) % values.length] = v));
    const x = tensor(values, { shape: xShape, dtype });
    const loss = step.run([x]);
    const parameters = step.parameters;
    const saved = parameters.map((p) => p.grad);
    parameters.forEach((p) => (p.grad = null));
    const [expectedLoss, ...expectedOutputs] = f(x);
    if (gradients) expectedLoss.backward();
    expect(bits([loss]), `loss, run ${run}`).toEqual(bits(expectedLoss.data));
    expectedOutputs.forEach((o, i) => expect(bits(step.outputs[i]), `output ${i}, run ${run}`).toEqual(bits(o.data)));
    parameters.forEach((p, i) => {
      if (gradients) expect(bits(step.grads[i]), `gradient ${i}, run ${run}`).toEqual(bits((p.grad as Tensor).data));
      p.grad = saved[i];
    });
    for (const p of parameters) for (let i = 0; i < p.size; i++) p.data[i] *= 0.9;
  }
}

/** Matmuls on both sides of the sizes the replay writes out without loops (≤ 64 multiply-adds), with loops (≤ 4096), or calls (larger), each transposed by backward. */
const MATMUL_SHAPES: [number, number, number][] = [
  [1, 3, 4],
  [4, 4, 4],
  [5, 4, 4],
  [3, 1, 5],
  [16, 16, 16],
  [17, 16, 16],
  [32, 20, 9],
];

describe('a replay written out as one generated function', () => {
  for (const kernels of KERNEL_SETS)
    for (const dtype of ['float32', 'float64'] as DType[])
      for (const [m, k, n] of MATMUL_SHAPES)
        it(`writes out matmul ${m}×${k}·${k}×${n} (and backward's transposed products) with jsMatmul's bits (${kernels.name}, ${dtype})`, () => {
          withKernels(kernels, () => {
            const random = rng(m * 100 + k * 10 + n);
            const w = tensor(Array.from({ length: k * n }, () => random.uniformIn(-1, 1)), { shape: [k, n], dtype, requiresGrad: true });
            const v = tensor(Array.from({ length: n * 3 }, () => random.uniformIn(-1, 1)), { shape: [3, n], dtype, requiresGrad: true });
            const f = (x: Tensor) => {
              const product = matmul(x, w);
              // Aᵀ·B and A·Bᵀ forward too, on top of backward's.
              const again = matmul(matmul(product, v, { transposeB: true }), v);
              return [sum(mul(again, product)), product];
            };
            const step = compileStep(f, { parameters: [w, v] });
            expectEager(step, f, [m, k], dtype, 1);
          });
        });

  for (const kernels of KERNEL_SETS)
    for (const dtype of ['float32', 'float64'] as DType[])
      it(`writes out block reductions (sum and max, one and several outputs per row, NaN, ±∞ and −0 among the values) with jsKernels' bits (${kernels.name}, ${dtype})`, () => {
        withKernels(kernels, () => {
          const b = tensor([0.5, -0.25, 1, 2, -1], { shape: [5], dtype, requiresGrad: true });
          const f = (x: Tensor) => {
            const shifted = add(x, b);
            const rows = max(shifted, 1);
            const columns = max(shifted, 0);
            const total = add(sum(sum(shifted, 0)), sum(mul(rows, 0.5)));
            return [add(total, sum(mul(columns, columns))), rows, columns, sum(shifted, 1)];
          };
          const step = compileStep(f, { parameters: [b], gradients: false });
          expectEager(step, f, [12, 5], dtype, 2, [NaN, Infinity, -Infinity, -0, 0], false);
          expect(step.stats.calledKernels, 'all of it written out').toBe(0);
        });
      });

  for (const kernels of KERNEL_SETS)
    it(`writes out broadcasts over rows and columns that no fused loop takes (${kernels.name})`, () => {
      withKernels(kernels, () => {
        const random = rng(4);
        const row = tensor(Array.from({ length: 6 }, () => random.uniformIn(-1, 1)), { shape: [6], requiresGrad: true });
        const column = tensor(Array.from({ length: 9 }, () => random.uniformIn(-1, 1)), { shape: [9, 1], requiresGrad: true });
        const f = (x: Tensor) => {
          const out = mul(sub(add(x, row), column), pow(add(column, 2), 0.5));
          return [mean(mul(out, out)), out];
        };
        expectEager(compileStep(f, { parameters: [row, column] }), f, [9, 6], 'float32', 3);
      });
    });

  for (const kernels of KERNEL_SETS)
    it(`replays a transposed read of what a fused loop wrote (the op copies it first) with the eager bits (${kernels.name})`, () => {
      withKernels(kernels, () => {
        const random = rng(7);
        const w = tensor(Array.from({ length: 25 }, () => random.uniformIn(-1, 1)), { shape: [5, 5], requiresGrad: true });
        const f = (x: Tensor) => {
          // h is written element by element; h + hᵀ reads it across the rows (through a copy the op makes, which ends the loop).
          const h = add(mul(x, w), 0.5);
          const out = add(h, h.transpose());
          return [sum(mul(out, out)), out];
        };
        expectEager(compileStep(f, { parameters: [w] }), f, [5, 5], 'float32', 10);
      });
    });

  for (const kernels of KERNEL_SETS)
    it(`runs the 3-4-1 sigmoid net's step at batch 1 as generated code alone, calling no kernel (${kernels.name})`, () => {
      withKernels(kernels, () => {
        const random = rng(5);
        const w1 = tensor(Array.from({ length: 12 }, () => random.uniformIn(-1, 1)), { shape: [3, 4], requiresGrad: true });
        const b1 = tensor([0.1, -0.2, 0.3, 0], { shape: [4], requiresGrad: true });
        const w2 = tensor([0.5, -0.5, 0.25, 1], { shape: [4, 1], requiresGrad: true });
        const b2 = tensor([0.05], { shape: [1], requiresGrad: true });
        const y = tensor([0.75], { shape: [1, 1] });
        const f = (x: Tensor) => [mean(pow(sub(sigmoid(add(matmul(sigmoid(add(matmul(x, w1), b1)), w2), b2)), y), 2))];
        const step = compileStep(f, { parameters: [w1, b1, w2, b2] });
        expectEager(step, f, [1, 3], 'float32', 6);
        expect(step.stats.calledKernels).toBe(0);
        expect(step.stats.generatedParts, 'one function: a call per part would cost more than the arithmetic here').toBe(1);
      });
    });

  it(`keeps at most ${GENERATED_FUNCTIONS_KEPT} generated replays and loops however many shapes a process captures, and a step whose function was dropped still replays`, () => {
    const random = rng(11);
    const w = tensor([0.5, -1, 2, 0.25], { shape: [4], requiresGrad: true });
    const f = (x: Tensor) => [sum(tanh(mul(x, w)))];
    const first = compileStep(f, { parameters: [w] });
    expectEager(first, f, [200, 4], 'float32', 12);
    // Each batch size is a plan of its own, with a loop (x·w, then tanh, over rows·4 elements) long enough to be a function of its own.
    for (let rows = 201; rows < 201 + GENERATED_FUNCTIONS_KEPT + 20; rows++) compileStep(f, { parameters: [w] }).run([tensor(new Array(rows * 4).fill(0.5), { shape: [rows, 4] })]);
    const { replays, loops } = generatedFunctionCounts();
    // The replays themselves mostly coincide (their sizes live in the loops they call); the loops differ per shape.
    expect(replays).toBeLessThanOrEqual(GENERATED_FUNCTIONS_KEPT);
    expect(loops).toBe(GENERATED_FUNCTIONS_KEPT);
    expectEager(first, f, [200, 4], 'float32', 13);
  });

  it('writes a long loop with its operands named by position, so the same loop over other arrays is the same function', () => {
    const first = generatedFunctionSource('for (let j = 0; j < 1024; j++) {\nconst x0_0 = a3[j];\na10[j] = Math.tanh(x0_0 + a1[j]) * p2;\n}');
    const next = generatedFunctionSource('for (let j = 0; j < 1024; j++) {\nconst x0_0 = a17[j];\na21[j] = Math.tanh(x0_0 + a18[j]) * p5;\n}');
    expect(first.operands).toEqual(['a3', 'a10', 'a1', 'p2']);
    expect(next.operands).toEqual(['a17', 'a21', 'a18', 'p5']);
    expect(next.functionSource).toBe(first.functionSource);
    // a1 and a10 stay two operands; the loop's own names (j, x0_0) are left alone.
    expect(first.functionSource).toBe('return function ($0, $1, $2, $3) {\nfor (let j = 0; j < 1024; j++) {\nconst x0_0 = $0[j];\n$1[j] = Math.tanh(x0_0 + $2[j]) * $3;\n}\n};');
    // Another loop (another size) is another function.
    expect(generatedFunctionSource('for (let j = 0; j < 512; j++) {\nconst x0_0 = a3[j];\na10[j] = Math.tanh(x0_0 + a1[j]) * p2;\n}').functionSource).not.toBe(first.functionSource);
  });

  for (const dtype of ['float32', 'float64'] as DType[])
    it(`replays deep nets of equal layers, their loops shared between layers and a long replay in parts, with the eager bits (${dtype})`, () => {
      const random = rng(21);
      const net = (layers: number, width: number) =>
        Array.from({ length: layers }, () => ({
          w: tensor(Array.from({ length: width * width }, () => random.uniformIn(-0.5, 0.5)), { shape: [width, width], dtype, requiresGrad: true }),
          b: tensor(Array.from({ length: width }, () => random.uniformIn(-0.1, 0.1)), { shape: [width], dtype, requiresGrad: true }),
        }));
      const stepOf = (layers: ReturnType<typeof net>) => {
        const f = (x: Tensor) => [mean(layers.reduce((h, { w, b }) => tanh(add(matmul(h, w), b)), x))];
        return { f, step: compileStep(f, { parameters: layers.flatMap(({ w, b }) => [w, b]) }) };
      };
      // 64 rows × 16 units: each layer's bias-and-tanh loop runs 1,024 elements, long enough to be a function of its own.
      const wide = stepOf(net(5, 16));
      expectEager(wide.step, wide.f, [64, 16], dtype, 22);
      // 4 rows × 4 units: every product is written out, so 10 layers make a long replay, run in parts.
      const deep = stepOf(net(10, 4));
      expectEager(deep.step, deep.f, [4, 4], dtype, 23);
      expect(deep.step.stats.generatedParts).toBeGreaterThan(1);
      const shallow = stepOf(net(1, 2));
      expectEager(shallow.step, shallow.f, [1, 2], dtype, 24);
      expect(shallow.step.stats.generatedParts).toBe(1);
    });

  it('cuts a long replay into consecutive parts of at most 1,500 characters, a longer statement a part alone, nothing lost or reordered', () => {
    const statements = ['a'.repeat(700), 'b'.repeat(600), 'c'.repeat(200), 'd'.repeat(2000), 'e'.repeat(10), 'f'.repeat(1490), 'g'];
    const parts = replayParts(statements);
    expect(parts.map((part) => part.map((statement) => statement[0]).join(''))).toEqual(['abc', 'd', 'ef', 'g']);
    expect(parts.flat()).toEqual(statements);
    expect(replayParts([])).toEqual([]);
  });

  it('binds every call instead where code generation is off (as under a policy that forbids `new Function`), with the same bits', () => {
    const random = rng(8);
    const w = tensor(Array.from({ length: 12 }, () => random.uniformIn(-1, 1)), { shape: [3, 4], requiresGrad: true });
    const b = tensor([0.1, -0.2, 0.3, 0], { shape: [4], requiresGrad: true });
    const f = (x: Tensor) => {
      const h = sigmoid(add(matmul(x, w), b));
      return [sum(mul(h, h)), h];
    };
    generateReplayCode(false);
    const bound = compileStep(f, { parameters: [w, b] });
    expectEager(bound, f, [7, 3], 'float32', 9);
    expect(bound.stats.calledKernels, 'every call bound').toBe(bound.stats.fusedCalls);
    expect(bound.stats.fusedCalls).toBe(bound.stats.replayedCalls);
    generateReplayCode(true);
    const generated = compileStep(f, { parameters: [w, b] });
    expectEager(generated, f, [7, 3], 'float32', 9);
    expect(generated.stats.calledKernels).toBeLessThan(bound.stats.calledKernels);
  });
});
