// The numbers reference/make_tpe_reference.py computed with Optuna 3.1, SciPy and mpmath (reference/tpe.json);
// the tests read them and never run Python.
import { readFileSync } from 'node:fs';
import type { JsonValue, SearchSpace } from './space.js';

export interface EstimatorCase {
  name: string;
  options: { multivariate: boolean; considerEndpoints: boolean; considerMagicClip: boolean; priorWeight: number };
  space: SearchSpace;
  observations: Record<string, JsonValue[]>;
  queries: Record<string, JsonValue[]>;
  weights: number[];
  /** Internal coordinates (log for log dimensions), the prior's last. */
  mus: Record<string, number[]>;
  sigmas: Record<string, number[]>;
  categorical: Record<string, number[][]>;
  /** Optuna 3.1's `_ParzenEstimator.log_pdf`, whose continuous kernels lack −log sigma (optuna/optuna#5109). */
  optuna_log_pdf: number[];
  /** The normalised mixture: Optuna's weights, means and bandwidths through SciPy's truncnorm. */
  log_pdf: number[];
}

export interface TpeReference {
  generator: Record<string, string>;
  gamma: Record<string, number>;
  estimators: EstimatorCase[];
  logNormalCdf: [number, number][];
  logNormalMass: [number, number, number][];
  /** Optuna 3.1's TPESampler and RandomSampler on the problems of tpe.test.ts (10 seeds × 60 trials). */
  search: Record<string, Record<string, { distance: number; best: number; atOptimum: number }>>;
  truncatedNormals: { mu: number; sigma: number; low: number; high: number; logPdf: [number, number][]; quantile: [number, number][] }[];
}

export const reference = JSON.parse(readFileSync(new URL('../../reference/tpe.json', import.meta.url), 'utf8')) as TpeReference;

/** |actual − expected| ≤ tolerance · max(1, |expected|). */
export function close(actual: number, expected: number, tolerance: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

/** ∫ f over [a, b] by composite Simpson's rule with `intervals` (even) pieces. */
export function simpson(f: (x: number) => number, a: number, b: number, intervals = 4000): number {
  const h = (b - a) / intervals;
  let sum = f(a) + f(b);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/** The density of N(mu, sigma²) at x, written out: e^(−(x−mu)²/(2σ²)) / (σ√(2π)). */
export function gaussian(x: number, mu: number, sigma: number): number {
  return Math.exp(-((x - mu) ** 2) / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
}
