import { describe, expect, test } from 'vitest';
import { close, gaussian, reference, simpson } from './_reference.js';
import { logNormalCdf, logNormalMass, truncatedNormalLogMass, truncatedNormalLogPdf, truncatedNormalQuantile } from './truncatedNormal.js';

describe('the normal in log form', () => {
  test('log Φ matches SciPy log_ndtr from z = −200 to 30, to 1e-13 relative', () => {
    for (const [z, expected] of reference.logNormalCdf) {
      expect(close(logNormalCdf(z), expected, 1e-13), `log Φ(${z}) = ${logNormalCdf(z)}, SciPy ${expected}`).toBe(true);
    }
  });

  test('hand values: Φ(0) = ½ exactly; Φ(−1) = erfc(1/√2)/2 = 0.15865525393145705; Φ(z) + Φ(−z) = 1', () => {
    expect(logNormalCdf(0)).toBe(-Math.LN2);
    expect(Math.exp(logNormalCdf(-1))).toBeCloseTo(0.15865525393145705, 15);
    for (const z of [0.3, 1.7, 2.5, 4]) expect(Math.exp(logNormalCdf(z)) + Math.exp(logNormalCdf(-z))).toBeCloseTo(1, 14);
  });

  test('log of the mass of [a, b] matches mpmath at 50 digits, far in both tails too', () => {
    for (const [a, b, expected] of reference.logNormalMass) {
      expect(close(logNormalMass(a, b), expected, 1e-12), `[${a}, ${b}]: ${logNormalMass(a, b)} vs ${expected}`).toBe(true);
    }
  });

  test('the mass of [a, b] is the integral of φ over it (Simpson)', () => {
    for (const [a, b] of [[-1, 0.5], [0.2, 2.9], [-3, -2.2]]) {
      expect(Math.exp(logNormalMass(a, b))).toBeCloseTo(simpson((x) => gaussian(x, 0, 1), a, b), 12);
    }
  });
});

describe('the truncated normal', () => {
  test('log density and quantile match SciPy truncnorm, narrow kernels at and far from a bound included', () => {
    for (const { mu, sigma, low, high, logPdf, quantile } of reference.truncatedNormals) {
      const kernel = { mu, sigma, low, high };
      for (const [x, expected] of logPdf) expect(close(truncatedNormalLogPdf(kernel, x), expected, 1e-11), `logpdf ${JSON.stringify(kernel)} at ${x}`).toBe(true);
      for (const [u, expected] of quantile) expect(close(truncatedNormalQuantile(kernel, u), expected, 1e-9), `ppf ${JSON.stringify(kernel)} at ${u}`).toBe(true);
    }
  });

  test('the density integrates to 1 over [low, high] and is −∞ outside; the quantile inverts the integrated density', () => {
    const kernel = { mu: 0.8, sigma: 0.35, low: 0, high: 1 };
    const density = (x: number) => Math.exp(truncatedNormalLogPdf(kernel, x));
    expect(simpson(density, 0, 1)).toBeCloseTo(1, 12);
    expect(truncatedNormalLogPdf(kernel, -0.01)).toBe(-Infinity);
    expect(truncatedNormalLogPdf(kernel, 1.01)).toBe(-Infinity);
    // Hand derivation: density = φ((x − 0.8)/0.35)/0.35 / (Φ(0.2/0.35) − Φ(−0.8/0.35)); the normaliser by Simpson.
    const normaliser = simpson((x) => gaussian(x, 0.8, 0.35), 0, 1);
    for (const x of [0, 0.4, 0.8, 1]) expect(density(x)).toBeCloseTo(gaussian(x, 0.8, 0.35) / normaliser, 12);
    for (const u of [0.05, 0.5, 0.93]) {
      const x = truncatedNormalQuantile(kernel, u);
      expect(simpson(density, 0, x)).toBeCloseTo(u, 10);
    }
  });

  test('the mass of a cell is the integral of the density over it, clipped to the bounds', () => {
    const kernel = { mu: 3, sigma: 2, low: 0.5, high: 10.5 };
    const density = (x: number) => Math.exp(truncatedNormalLogPdf(kernel, x));
    expect(Math.exp(truncatedNormalLogMass(kernel, 2.5, 3.5))).toBeCloseTo(simpson(density, 2.5, 3.5), 12);
    expect(Math.exp(truncatedNormalLogMass(kernel, 0, 1.5))).toBeCloseTo(simpson(density, 0.5, 1.5), 12);
    expect(truncatedNormalLogMass(kernel, 11, 12)).toBe(-Infinity);
  });

  test('quantiles stay inside the bounds at u = 0 and u → 1', () => {
    const kernel = { mu: 0.5, sigma: 0.001, low: 0, high: 1 };
    for (const u of [0, 1e-300, 0.5, 1 - 1e-16]) {
      const x = truncatedNormalQuantile(kernel, u);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });
});
