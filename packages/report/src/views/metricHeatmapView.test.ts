import { describe, expect, it } from 'vitest';
import { heatmapThresholds } from './metricHeatmapView.js';

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
