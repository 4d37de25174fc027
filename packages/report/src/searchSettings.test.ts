import { describe, expect, it } from 'vitest';
import { sweepModel } from './reportModel.js';
import { rankCorrelation, searchSettings } from './searchSettings.js';
import { searchSweepFixture } from './testing/sampleSweeps.js';

describe('rankCorrelation (Spearman ρ)', () => {
  it('is ±1 for monotone pairs and 1 − 6Σd²/(n(n²−1)) without ties', () => {
    expect(rankCorrelation([1, 2, 3, 4], [10, 20, 30, 400])).toBe(1);
    expect(rankCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // Ranks of y: 1, 3, 2, 4; d = 0, −1, 1, 0; ρ = 1 − 6·2/(4·15) = 0.8.
    expect(rankCorrelation([1, 2, 3, 4], [5, 7, 6, 8])).toBeCloseTo(0.8, 12);
  });

  it('is NaN when it cannot be measured', () => {
    expect(rankCorrelation([1, 2], [1, 2])).toBeNaN();
    expect(rankCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});

describe('searchSettings', () => {
  it('keeps the varied numeric settings, most related to the metric first, and puts lr on a log axis', () => {
    const settings = searchSettings(sweepModel(searchSweepFixture()));
    expect(settings.map((setting) => setting.key).sort()).toEqual(['optimizer.lr', 'optimizer.momentum', 'train.batch_size']);
    for (let i = 1; i < settings.length; i++) expect(settings[i - 1].relevance).toBeGreaterThanOrEqual(settings[i].relevance);
    // lr spans 0.002–0.8 (400×, over 10^1.5); momentum includes 0; batch spans 8–64 (8×).
    expect(Object.fromEntries(settings.map((setting) => [setting.name, setting.log]))).toEqual({ lr: true, momentum: false, batch: false });
    expect(searchSettings(sweepModel(searchSweepFixture()), 2)).toHaveLength(2);
  });
});
