import { rng } from '@descent/tensor';
import { describe, expect, test } from 'vitest';
import { close, gaussian, reference, simpson } from './_reference.js';
import { parzenEstimator, parzenLogPdf, sampleParzen, PARZEN_DEFAULTS, type ParzenEstimator } from './parzen.js';
import { axesOf, type Axis, type SearchSpace } from './space.js';
import { truncatedNormalLogPdf } from './truncatedNormal.js';

function estimate(space: SearchSpace, columns: Record<string, unknown[]>, options = PARZEN_DEFAULTS): { axes: Axis[]; estimator: ParzenEstimator } {
  const axes = axesOf(space);
  const n = Object.values(columns)[0].length;
  const observations = Array.from({ length: n }, (_, i) => axes.map((axis) => axis.toInternal(columns[axis.key][i] as never)));
  return { axes, estimator: parzenEstimator(axes, observations, options) };
}

function kernelsOf(estimator: ParzenEstimator, a = 0) {
  const entry = estimator.axes[a];
  if (!('kernels' in entry)) throw new Error('not a numeric axis');
  return entry.kernels;
}

describe('the Parzen estimator, derived by hand', () => {
  // x ∈ [0, 1], observations 0.2, 0.35, 0.9, 0.41; the prior's mean is 0.5.
  // Sorted means with the bounds: 0 | 0.2 0.35 0.41 0.5 0.9 | 1; gaps 0.2 0.15 0.06 0.09 0.4 0.1.
  // Bandwidth = the larger neighbouring gap: 0.2 → max(0.2, 0.15) = 0.2 but, endpoints not considered, the
  // lowest takes its inner gap 0.15; 0.35 → 0.15; 0.41 → 0.09; 0.9 (highest) → its inner gap 0.4.
  // Magic clip: at least (1 − 0)/min(100, 1 + 5) = 1/6, so 0.15, 0.15, 0.09 → 1/6. The prior's: 1.
  // Weights: 4 observations and a prior weight 1 → 1/5 each.
  const { estimator } = estimate({ x: { kind: 'uniform', min: 0, max: 1 } }, { x: [0.2, 0.35, 0.9, 0.41] });

  test('weights, means and bandwidths', () => {
    expect([...estimator.weights]).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    const kernels = kernelsOf(estimator);
    expect(kernels.map((k) => k.mu)).toEqual([0.2, 0.35, 0.9, 0.41, 0.5]);
    const sigmas = kernels.map((k) => k.sigma);
    [1 / 6, 1 / 6, 0.4, 1 / 6, 1].forEach((expected, i) => expect(sigmas[i]).toBeCloseTo(expected, 15));
  });

  test('log density: log Σ wₖ N(x; μₖ, σₖ)/Zₖ with each Zₖ = ∫₀¹ N(t; μₖ, σₖ) dt by Simpson', () => {
    const mus = [0.2, 0.35, 0.9, 0.41, 0.5];
    const sigmas = [1 / 6, 1 / 6, 0.4, 1 / 6, 1];
    const normalisers = mus.map((mu, k) => simpson((t) => gaussian(t, mu, sigmas[k]), 0, 1));
    for (const x of [0, 0.05, 0.3, 0.77, 1]) {
      const density = mus.reduce((sum, mu, k) => sum + (0.2 * gaussian(x, mu, sigmas[k])) / normalisers[k], 0);
      expect(parzenLogPdf(estimator, [x])).toBeCloseTo(Math.log(density), 12);
    }
    // A density: it integrates to 1 over the range (Optuna 3.1's, without −log σ, would not).
    expect(simpson((x) => Math.exp(parzenLogPdf(estimator, [x])), 0, 1)).toBeCloseTo(1, 12);
  });

  test('categorical: row i is prior/(n+1) everywhere plus 1 at the observed choice, normalised', () => {
    // n = 5, prior weight 1: smoothing 1/6; an observed row [1/6, 7/6, 1/6] / (3/2) = [1/9, 7/9, 1/9].
    const { estimator: e } = estimate({ act: { kind: 'categorical', choices: ['relu', 'tanh', 'gelu'] } }, { act: ['tanh', 'tanh', 'relu', 'tanh', 'gelu'] });
    const entry = e.axes[0];
    if (!('probabilities' in entry)) throw new Error('categorical expected');
    expect([...entry.probabilities[0]].map((p) => p * 9)).toEqual([1, 7, 1].map((v) => expect.closeTo(v, 14)));
    expect([...entry.probabilities[5]]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // P(tanh) = (3 · 7/9 + 2 · 1/9 + 1/3) / 6 = 26/54.
    expect(parzenLogPdf(e, [1])).toBeCloseTo(Math.log(26 / 54), 14);
  });

  test('integers: the likelihood of k is the mass of its cell [k − ½, k + ½] (Simpson), and the masses sum to 1', () => {
    // width ∈ [1, 10]: kernel bounds [0.5, 10.5]; observations 2 and 9, prior mean 5.5.
    const { estimator: e } = estimate({ width: { kind: 'int', min: 1, max: 10 } }, { width: [2, 9] });
    const kernels = kernelsOf(e);
    const cellMass = (k: number) =>
      kernels.reduce((sum, { mu, sigma, low, high }, c) => sum + (e.weights[c] * simpson((t) => gaussian(t, mu, sigma), k - 0.5, k + 0.5)) / simpson((t) => gaussian(t, mu, sigma), low, high), 0);
    for (const k of [1, 2, 5, 10]) expect(parzenLogPdf(e, [k])).toBeCloseTo(Math.log(cellMass(k)), 11);
    let total = 0;
    for (let k = 1; k <= 10; k++) total += Math.exp(parzenLogPdf(e, [k]));
    expect(total).toBeCloseTo(1, 13);
  });

  test('log dimensions: kernels live in log x, between log min and log max', () => {
    const { estimator: e } = estimate({ lr: { kind: 'log', min: 1e-4, max: 1 } }, { lr: [1e-3, 0.1] });
    const kernels = kernelsOf(e);
    expect(kernels.map((k) => k.mu)).toEqual([Math.log(1e-3), Math.log(0.1), 0.5 * Math.log(1e-4)]);
    expect(kernels[0].low).toBe(Math.log(1e-4));
    expect(kernels[0].high).toBe(0);
    // The log density is of log x: uniform-in-log draws from the prior alone would be flat in log x.
    const prior = estimate({ lr: { kind: 'log', min: 1e-4, max: 1 } }, { lr: [] }).estimator;
    const samples = sampleParzen(prior, rng('log prior'), 4000).map(([x]) => x);
    const belowMiddle = samples.filter((x) => x < 0.5 * Math.log(1e-4)).length / samples.length;
    expect(belowMiddle).toBeGreaterThan(0.45); // about half below 1e-2 in log scale; in linear scale nearly none would be
    expect(belowMiddle).toBeLessThan(0.55);
  });

  test('multivariate: one bandwidth 0.2 · n^(−1/(d+4)) · range for all components but the prior', () => {
    const { estimator: e } = estimate(
      { m: { kind: 'uniform', min: 0, max: 0.99 }, lr: { kind: 'log', min: 1e-4, max: 1 } },
      { m: [0.9, 0.5, 0.95, 0.1, 0.8], lr: [0.01, 0.3, 0.02, 1e-4, 0.05] },
      { ...PARZEN_DEFAULTS, multivariate: true },
    );
    const sigma0 = 0.2 * 5 ** (-1 / 6);
    // Axes in key order: lr, m.
    expect(kernelsOf(e, 0).map((k) => k.sigma)).toEqual([...Array(5).fill(expect.closeTo(sigma0 * Math.log(1e4), 13)), expect.closeTo(Math.log(1e4), 13)]);
    expect(kernelsOf(e, 1).map((k) => k.sigma)).toEqual([...Array(5).fill(expect.closeTo(sigma0 * 0.99, 13)), 0.99]);
  });

  test('draws follow the mixture: the share of draws near a narrow component matches its weight', () => {
    // 9 observations at 0.5 (bandwidth clipped to 1/11) and the prior: draws in [0.4, 0.6] ≈ 0.9·P + 0.1·0.2.
    const { estimator: e } = estimate({ x: { kind: 'uniform', min: 0, max: 1 } }, { x: Array(9).fill(0.5) });
    const kernels = kernelsOf(e);
    const expected = e.weights.reduce((sum, w, c) => {
      const { mu, sigma } = kernels[c];
      return sum + (w * simpson((t) => gaussian(t, mu, sigma), 0.4, 0.6)) / simpson((t) => gaussian(t, mu, sigma), 0, 1);
    }, 0);
    const draws = sampleParzen(e, rng('mixture'), 20_000);
    const share = draws.filter(([x]) => x >= 0.4 && x <= 0.6).length / draws.length;
    expect(Math.abs(share - expected)).toBeLessThan(0.015);
  });
});

describe('the Parzen estimator against Optuna 3.1 (reference/tpe.json)', () => {
  for (const item of reference.estimators) {
    test(item.name, () => {
      const { axes, estimator } = estimate(item.space, item.observations, item.options);
      expect(close(Math.max(...[...estimator.weights].map((w, i) => Math.abs(w - item.weights[i]))), 0, 1e-15)).toBe(true);
      axes.forEach((axis, a) => {
        const entry = estimator.axes[a];
        if ('kernels' in entry) {
          entry.kernels.forEach((kernel, c) => {
            expect(close(kernel.mu, item.mus[axis.key][c], 1e-14), `${axis.key} mu ${c}`).toBe(true);
            expect(close(kernel.sigma, item.sigmas[axis.key][c], 1e-14), `${axis.key} sigma ${c}`).toBe(true);
          });
        } else {
          entry.probabilities.forEach((row, c) => row.forEach((p, j) => expect(close(p, item.categorical[axis.key][c][j], 1e-14)).toBe(true)));
        }
      });
      const queries = item.queries[axes[0].key].map((_, s) => axes.map((axis) => axis.toInternal(item.queries[axis.key][s])));
      queries.forEach((x, s) => {
        expect(close(parzenLogPdf(estimator, x), item.log_pdf[s], 1e-10), `log pdf at ${JSON.stringify(x)}: ${parzenLogPdf(estimator, x)} vs ${item.log_pdf[s]}`).toBe(true);
        // Optuna 3.1's own number: each continuous kernel without its −log σ (optuna/optuna#5109).
        const optuna31 = logSumExp(
          [...estimator.weights].map((w, c) =>
            estimator.axes.reduce((sum, entry, a) => {
              if ('probabilities' in entry) return sum + Math.log(entry.probabilities[c][x[a]]);
              const kernel = entry.kernels[c];
              return sum + (entry.axis.cell === null ? truncatedNormalLogPdf(kernel, x[a]) + Math.log(kernel.sigma) : parzenLogPdf({ weights: Float64Array.of(1), axes: [{ axis: entry.axis, kernels: [kernel] }] }, [x[a]]));
            }, Math.log(w)),
          ),
        );
        expect(close(optuna31, item.optuna_log_pdf[s], 1e-10), `Optuna 3.1 log pdf at ${JSON.stringify(x)}`).toBe(true);
      });
    });
  }
});

function logSumExp(terms: number[]): number {
  const max = Math.max(...terms);
  return max + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - max), 0));
}
