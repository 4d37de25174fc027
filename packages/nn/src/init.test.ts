import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { heInit, initializers, uniformInit, xavierInit } from './init.js';

const stats = (values: ArrayLike<number>) => {
  const xs = Array.from(values);
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
  return { mean, std, maxAbs: Math.max(...xs.map(Math.abs)) };
};

describe('initialisers', () => {
  it('uniform: W and b in ±1/√fan_in, filling the range', () => {
    // fan_in 400 → bound 1/20 = 0.05; U(−a, a) has std a/√3 = 0.028868
    const { weight, bias } = uniformInit(400, 300, rng('u'));
    expect(weight.shape).toEqual([400, 300]);
    expect(bias.shape).toEqual([300]);
    const w = stats(weight.data);
    expect(w.maxAbs).toBeLessThanOrEqual(0.05);
    expect(w.maxAbs).toBeGreaterThan(0.0499);
    expect(w.std).toBeCloseTo(0.05 / Math.sqrt(3), 3);
    const b = stats(bias.data);
    expect(b.maxAbs).toBeLessThanOrEqual(0.05);
    expect(b.std).toBeGreaterThan(0.02); // the bias is random too (PyTorch's default)
  });

  it('xavier: W in ±√(6/(fan_in + fan_out)), b = 0', () => {
    // fan_in 400, fan_out 200 → bound √(6/600) = 0.1, std 0.1/√3 = 0.057735
    const { weight, bias } = xavierInit(400, 200, rng('x'));
    const w = stats(weight.data);
    expect(w.maxAbs).toBeLessThanOrEqual(0.1);
    expect(w.maxAbs).toBeGreaterThan(0.0999);
    expect(w.std).toBeCloseTo(0.1 / Math.sqrt(3), 3);
    expect(Array.from(bias.data).every((v) => v === 0)).toBe(true);
  });

  it('he: W ~ N(0, 2/fan_in), b = 0', () => {
    // fan_in 200 → std √(2/200) = 0.1; with 80 000 draws the sample std is within ~0.3% of it
    const { weight, bias } = heInit(200, 400, rng('h'), 'float64');
    const w = stats(weight.data);
    expect(Math.abs(w.mean)).toBeLessThan(0.002);
    expect(w.std).toBeCloseTo(0.1, 3);
    expect(weight.dtype).toBe('float64');
    expect(Array.from(bias.data).every((v) => v === 0)).toBe(true);
  });

  it('marks parameters for gradients, repeats for the same seed, and is listed by name', () => {
    const a = uniformInit(3, 4, rng(1));
    const b = uniformInit(3, 4, rng(1));
    expect(a.weight.requiresGrad && a.bias.requiresGrad).toBe(true);
    expect(Array.from(a.weight.data)).toEqual(Array.from(b.weight.data));
    expect(Array.from(a.weight.data)).not.toEqual(Array.from(uniformInit(3, 4, rng(2)).weight.data));
    expect(initializers.names()).toEqual(['uniform', 'xavier', 'he']);
    expect(initializers.get('xavier').init).toBe(xavierInit);
  });
});
