import { describe, expect, it } from 'vitest';
import { heatmapScale, heatmapThresholds, quantile } from './metricHeatmapView.js';

describe('heatmapThresholds', () => {
  it('spaces bins geometrically when the values span decades', () => {
    // 0.01 · (10 / 0.01)^(k/6) = 0.01 · 10^(k/2): 0.0316, 0.1, 0.316, 1, 3.16 → two significant digits.
    expect(heatmapThresholds([0.01, 0.5, 10])).toEqual([0.032, 0.1, 0.32, 1, 3.2]);
  });

  it('spaces bins linearly otherwise', () => {
    // 0 + 6k/6 = k for k = 1..5.
    expect(heatmapThresholds([0, 2, 6])).toEqual([1, 2, 3, 4, 5]);
    // Negative values (log-likelihoods, say) cannot be geometric: −3 + 6k/6.
    expect(heatmapThresholds([-3, 3])).toEqual([-2, -1, 0, 1, 2]);
  });

  it('gives one threshold for a single value', () => {
    expect(heatmapThresholds([0.4, 0.4])).toEqual([0.4]);
  });
});

describe('quantile', () => {
  it('interpolates linearly between order statistics at (n − 1)·q', () => {
    // n = 5: q = 0.25 → position 1 → 2; q = 0.6 → position 2.4 → 3 + 0.4·(5 − 3) = 3.8.
    expect(quantile([1, 2, 3, 5, 8], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 5, 8], 0.6)).toBeCloseTo(3.8, 12);
  });
});

describe('heatmapScale', () => {
  it('keeps one bad cell out of the colour domain (fences on log10 when the values span a decade)', () => {
    // log10 of [0.1, 0.12, 0.14, 0.16, 0.18, 2.6] = [−1, −0.921, −0.854, −0.796, −0.745, 0.415];
    // Q1 (position 1.25) = −0.904, Q3 (position 3.75) = −0.758, 1.5·IQR = 0.220: fences [−1.124, −0.538],
    // i.e. [0.075, 0.29]: 2.6 is beyond. Six linear bins over [0.1, 0.18]: 0.1 + 0.08·k/6 → 0.11, 0.13, 0.14, 0.15, 0.17.
    const scale = heatmapScale([0.1, 0.12, 0.14, 0.16, 0.18, 2.6]);
    expect(scale).toEqual({ thresholds: [0.11, 0.13, 0.14, 0.15, 0.17], low: 0.1, high: 0.18, logFences: true });
  });

  it('uses linear fences when some value is not positive', () => {
    // Sorted [−1, 0, 1, 2, 3, 30]: Q1 = 0.25, Q3 = 2.75, 1.5·IQR = 3.75: fences [−3.5, 6.5], so 30 is beyond.
    const scale = heatmapScale([3, -1, 30, 0, 2, 1]);
    expect(scale).toMatchObject({ low: -1, high: 3, logFences: false });
  });

  it('leaves the domain alone when nothing is far out, or with fewer than four cells', () => {
    expect(heatmapScale([0.1, 0.2, 0.3, 0.4])).toMatchObject({ low: 0.1, high: 0.4 });
    expect(heatmapScale([0.1, 0.11, 5])).toMatchObject({ low: 0.1, high: 5 });
  });
});
