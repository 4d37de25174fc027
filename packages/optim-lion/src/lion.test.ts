import { checkOptimizer, formatConformance, resolveHyperparameters, type FloatArray } from '@descent/optim';
import { describe, expect, it } from 'vitest';
import plugin, { lion } from './index.js';

/** Run `update` once per gradient in `gradients`, from θ = `start`, all in float64. */
function steps(hp: Record<string, number>, start: number[], gradients: number[][]): number[][] {
  const values = resolveHyperparameters(lion, hp);
  let params: FloatArray[] = [Float64Array.from(start)];
  let state = lion.init(params, values);
  const trail: number[][] = [];
  gradients.forEach((g, step) => {
    ({ params, state } = lion.update({ params, grads: [Float64Array.from(g)], state, hp: values, step }));
    trail.push(Array.from(params[0]));
  });
  return trail;
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(1e-6 * Math.abs(expected[i])));
}

describe('lion', () => {
  it('matches three steps derived by hand from the paper', () => {
    // α = 0.1, β₁ = 0.9, β₂ = 0.99, λ = 0.5, θ₀ = [1, −2], m₀ = 0.
    // Step 1, g = [0.5, −1]:  c = 0.1·g = [0.05, −0.1] → sign [1, −1]
    //   θ₁ = θ₀ − 0.1·([1, −1] + 0.5·[1, −2]) = [1 − 0.15, −2 + 0.2] = [0.85, −1.8]
    //   m₁ = 0.01·g = [0.005, −0.01]
    // Step 2, g = [−0.01, 0.5]:  c = 0.9·m₁ + 0.1·g = [0.0045 − 0.001, −0.009 + 0.05] = [0.0035, 0.041] → sign [1, 1]
    //   (the first coordinate follows the momentum, not the negative gradient)
    //   θ₂ = θ₁ − 0.1·([1, 1] + 0.5·[0.85, −1.8]) = [0.85 − 0.1425, −1.8 − 0.01] = [0.7075, −1.81]
    //   m₂ = 0.99·m₁ + 0.01·g = [0.00495 − 0.0001, −0.0099 + 0.005] = [0.00485, −0.0049]
    // Step 3, g = [0, 0]:  c = 0.9·m₂ = [0.004365, −0.00441] → sign [1, −1]
    //   (had m been updated with β₁ instead of β₂, m₂ would be [0.0035, 0.041] and the sign [1, 1])
    //   θ₃ = θ₂ − 0.1·([1, −1] + 0.5·[0.7075, −1.81]) = [0.7075 − 0.135375, −1.81 + 0.1905] = [0.572125, −1.6195]
    const trail = steps({ lr: 0.1, beta1: 0.9, beta2: 0.99, weight_decay: 0.5 }, [1, -2], [[0.5, -1], [-0.01, 0.5], [0, 0]]);
    expectClose(trail[0], [0.85, -1.8]);
    expectClose(trail[1], [0.7075, -1.81]);
    expectClose(trail[2], [0.572125, -1.6195]);
  });

  it('has the defaults of the paper and of the reference implementation', () => {
    expect(resolveHyperparameters(lion, {})).toEqual({ lr: 1e-4, beta1: 0.9, beta2: 0.99, weight_decay: 0 });
  });

  it('is what the package exports by default', () => {
    expect(plugin).toEqual([lion]);
  });

  it('passes the optimizer conformance checks', () => {
    const report = checkOptimizer(lion);
    expect(report.ok, formatConformance(report)).toBe(true);
    // It declares gradient-scale invariance, and the kit checked it rather than saying 'none declared'.
    expect(report.checks.find((c) => c.name === 'declared invariances hold')!.detail).toMatch(/^gradient-scale: 20 steps with every gradient ×1024 and ×0\.0009765625 gave the same parameters$/);
    const withDecay = checkOptimizer(lion, { hp: { lr: 0.01, weight_decay: 0.1 } });
    expect(withDecay.ok, formatConformance(withDecay)).toBe(true);
  });
});
