import { afterEach, describe, expect, it } from 'vitest';
import { tensor } from './creation.js';
import { assertGradients, gradCheck } from './gradCheck.js';
import { gradientRules, type GradientRule } from './gradients.js';
import { mul, sigmoid, tanh } from './ops/elementwise.js';
import { softmax, sum } from './ops/reduce.js';
import type { Tensor } from './tensor.js';

// Swap a rule for a wrong one to show the checker catches it (restored after each test).
const rules = gradientRules as unknown as Record<string, GradientRule<'tanh'>>;
const originalTanh = rules.tanh;
afterEach(() => {
  rules.tanh = originalTanh;
});

describe('gradCheck', () => {
  it('passes a correct gradient and reports tiny errors', () => {
    const report = gradCheck((x) => sum(tanh(x)), [tensor([0.3, -1.2, 2])]);
    expect(report.ok).toBe(true);
    expect(report.failures).toBe(0);
    expect(report.maxAbsError).toBeLessThan(1e-8);
  });

  it('catches a wrong rule and names the worst element', () => {
    // A classic slip: tanh' written as 1 − tanh instead of 1 − tanh².
    rules.tanh = (g, _, out) => [mul(g, mul(out, -1).add(1))];
    const report = gradCheck((x) => sum(tanh(x)), [tensor([[0.3, -1.2], [2, 0.5]])]);
    expect(report.ok).toBe(false);
    expect(report.failures).toBe(4);
    // At x = −1.2: true 1 − tanh² = 0.30502, wrong 1 − tanh = 1.8337; the largest gap of the four.
    // (The input is float32, so the point checked is fround(−1.2).)
    expect(report.worst?.position).toEqual([0, 1]);
    expect(report.worst?.numeric).toBeCloseTo(1 - Math.tanh(Math.fround(-1.2)) ** 2, 8);
    expect(() => assertGradients((x) => sum(tanh(x)), [tensor([[0.3, -1.2], [2, 0.5]])])).toThrow(
      /gradient check failed for 4 element\(s\); worst: input 0 \(shape \[2,2\]\) at \[0,1\]: backward gives 1\.83.*finite differences give 0\.30/,
    );
  });

  it('checks a non-scalar output through fixed weights on its elements', () => {
    const x = tensor([0.1, 0.5, -0.3]);
    expect(gradCheck((v) => softmax(v), [x]).ok).toBe(true);
    // Break the rule softmax depends on (logSumExp's): the check of the vector output sees it.
    const originalLse = rules.logSumExp;
    rules.logSumExp = (_, [input]) => [mul(input, 0)];
    try {
      expect(gradCheck((v) => softmax(v), [x]).ok).toBe(false);
    } finally {
      rules.logSumExp = originalLse;
    }
  });

  it("works in float64 and leaves the caller's float32 inputs untouched", () => {
    const x = tensor([0.25, -0.5]);
    const seen: string[] = [];
    const report = gradCheck((v: Tensor) => {
      seen.push(v.dtype);
      return sum(sigmoid(v));
    }, [x]);
    expect(report.ok).toBe(true);
    expect(new Set(seen)).toEqual(new Set(['float64']));
    expect(Array.from(x.data)).toEqual([0.25, -0.5]);
    expect(x.grad).toBeNull();
  });

  it('counts a NaN gradient as a failure', () => {
    rules.tanh = (g) => [mul(g, NaN)];
    const report = gradCheck((x) => sum(tanh(x)), [tensor([0.5])]);
    expect(report.ok).toBe(false);
    expect(report.maxRelError).toBe(Infinity);
  });
});
