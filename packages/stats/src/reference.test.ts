// Agreement with reference values computed by SciPy 1.10 / statsmodels for fixed inputs
// (reference/make_reference.py wrote reference/expected.json; these tests never run Python).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapMean, bootstrapMeanDifference, type BootstrapResult } from './bootstrap.js';
import { holm } from './holm.js';
import { mannWhitneyU } from './mannWhitney.js';
import { normalCdf, normalQuantile } from './normal.js';
import { resampleIndices } from './resample.js';
import { signTest } from './signTest.js';
import { studentTCdf, studentTQuantile } from './studentT.js';
import { wilcoxonSignedRank } from './wilcoxon.js';

interface BootstrapCase {
  name: string;
  samples: number[][];
  seed: string | number;
  resamples: number;
  confidence: number;
  indicesSha256: string;
  estimate: number;
  percentile: [number, number];
  bca: [number, number];
  acceleration: number;
  standardError: number;
}

const reference = JSON.parse(readFileSync(new URL('../reference/expected.json', import.meta.url), 'utf8')) as {
  normal: { cdf: [number, number][]; quantile: [number, number][] };
  studentTQuantile: [number, number, number][];
  studentTCdf: [number, number, number][];
  signTest: { name: string; differences: number[]; pValue: number }[];
  wilcoxon: { name: string; differences: number[]; statistic: number; pValue: number; method: string; zStatistic?: number }[];
  mannWhitney: { name: string; a: number[]; b: number[]; statistic: number; pValue: number; method: string }[];
  holm: { pValues: number[]; adjusted: number[] }[];
  bootstrap: BootstrapCase[];
  scipyBootstrap: { name: string; samples: number[][]; percentile: [number, number]; bca: [number, number]; standardError: number }[];
};

/** |actual − expected| ≤ tolerance · max(1, |expected|): absolute near 0 and 1, relative for large values. */
function expectClose(actual: number, expected: number, tolerance = 1e-12): void {
  const error = Math.abs(actual - expected);
  if (!(error <= tolerance * Math.max(1, Math.abs(expected)))) {
    expect.fail(`expected ${actual} to be within ${tolerance} of ${expected} (off by ${error})`);
  }
}

function bootstrapOf(samples: number[][], options: { seed: string | number; resamples: number; confidence: number }): BootstrapResult {
  return samples.length === 1 ? bootstrapMean(samples[0], options) : bootstrapMeanDifference(samples[0], samples[1], options);
}

describe('the normal distribution agrees with scipy.special.ndtr and ndtri', () => {
  it.each(reference.normal.cdf)('Φ(%d)', (x, expected) => {
    expectClose(normalCdf(x), expected, 1e-15);
    if (x < 0) expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-13); // the tail, relatively
  });
  it.each(reference.normal.quantile)('Φ⁻¹(%d)', (p, expected) => expectClose(normalQuantile(p), expected, 1e-14));
});

describe("Student's t agrees with scipy.stats.t.cdf and with mpmath's quantile", () => {
  it.each(reference.studentTCdf)('P(T ≤ %d; ν = %d)', (x, df, expected) => expectClose(studentTCdf(x, df), expected));
  // SciPy 1.10's t.ppf is only good to about 1e-9, so the quantiles come from mpmath at 40 digits.
  it.each(reference.studentTQuantile)('t(%d; ν = %d)', (p, df, expected) => expectClose(studentTQuantile(p, df), expected));
});

describe('the sign test agrees with scipy.stats.binomtest', () => {
  it.each(reference.signTest)('$name', ({ differences, pValue }) => expectClose(signTest(differences).pValue, pValue));
});

describe('the Wilcoxon signed-rank test agrees with scipy.stats.wilcoxon', () => {
  it.each(reference.wilcoxon)('$name ($method)', ({ differences, statistic, pValue, method, zStatistic }) => {
    const result = wilcoxonSignedRank(differences);
    expect(result.method).toBe(method);
    expect(result.statistic).toBe(statistic);
    expectClose(result.pValue, pValue);
    if (zStatistic !== undefined) expectClose(result.zStatistic!, zStatistic);
  });
});

describe('the Mann–Whitney U test agrees with scipy.stats.mannwhitneyu', () => {
  it.each(reference.mannWhitney)('$name ($method)', ({ a, b, statistic, pValue, method }) => {
    const result = mannWhitneyU(a, b);
    expect(result.method).toBe(method);
    expect(result.statistic).toBe(statistic);
    expectClose(result.pValue, pValue);
  });
});

describe("Holm's correction agrees with statsmodels' multipletests(method='holm')", () => {
  it.each(reference.holm)('$pValues', ({ pValues, adjusted }) => {
    holm(pValues).forEach((value, i) => expectClose(value, adjusted[i]));
  });
});

describe('bootstrap intervals agree with SciPy’s percentile and BCa formulas on the same resamples', () => {
  it.each(reference.bootstrap)('$name', (c) => {
    const options = { seed: c.seed, resamples: c.resamples, confidence: c.confidence };
    const indices = resampleIndices(c.samples.map((s) => s.length), c.resamples, c.seed);
    const digest = createHash('sha256');
    for (const sample of indices) digest.update(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength));
    // Int32Array bytes are little-endian on every machine Node runs on; Python wrote '<i4'.
    expect(digest.digest('hex'), 'the seeded resamples changed').toBe(c.indicesSha256);
    const result = bootstrapOf(c.samples, options);
    expectClose(result.estimate, c.estimate);
    expectClose(result.percentile.low, c.percentile[0]);
    expectClose(result.percentile.high, c.percentile[1]);
    expectClose(result.bca.low, c.bca[0]);
    expectClose(result.bca.high, c.bca[1]);
    expectClose(result.acceleration, c.acceleration);
    expectClose(result.standardError, c.standardError);
  });
});

describe('on large samples the intervals agree with scipy.stats.bootstrap within Monte Carlo error', () => {
  // Different random resamples: with 10,000 resamples an endpoint wanders by about 0.03 standard errors
  // (√(0.025·0.975/10⁴)/φ(1.96)), so two independent runs differ by about 0.04; 0.2 is five of those.
  it.each(reference.scipyBootstrap)('$name', ({ samples, percentile, bca, standardError }) => {
    const result = bootstrapOf(samples, { seed: 'descent', resamples: 10_000, confidence: 0.95 });
    const tolerance = 0.2 * standardError;
    expect(Math.abs(result.percentile.low - percentile[0])).toBeLessThan(tolerance);
    expect(Math.abs(result.percentile.high - percentile[1])).toBeLessThan(tolerance);
    expect(Math.abs(result.bca.low - bca[0])).toBeLessThan(tolerance);
    expect(Math.abs(result.bca.high - bca[1])).toBeLessThan(tolerance);
    expect(Math.abs(result.standardError - standardError)).toBeLessThan(0.05 * standardError);
  });
});
