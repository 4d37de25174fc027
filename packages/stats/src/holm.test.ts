import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { holm } from './holm.js';

describe('holm', () => {
  it('multiplies the i-th smallest p by (m − i + 1) and keeps the running maximum', () => {
    // sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06; back in input order
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 15));
  });

  it('caps at 1 and leaves a single p-value alone', () => {
    expect(holm([0.6, 0.9])).toEqual([1, 1]);
    expect(holm([0.04])).toEqual([0.04]);
    expect(holm([])).toEqual([]);
  });

  it('never lowers a p-value and keeps the order of the raw p-values (1,000 seeded random families)', () => {
    const uniform = seedrandom.alea('holm');
    for (let family = 0; family < 1000; family++) {
      const raw = Array.from({ length: 1 + Math.floor(uniform() * 12) }, () => (uniform() < 0.2 ? 0.05 : uniform() ** 3));
      const adjusted = holm(raw);
      raw.forEach((p, i) => {
        expect(adjusted[i]).toBeGreaterThanOrEqual(p);
        expect(adjusted[i]).toBeLessThanOrEqual(1);
        raw.forEach((q, j) => {
          if (p <= q) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j]);
        });
      });
    }
  });

  it('refuses what is not a p-value', () => {
    expect(() => holm([0.1, 1.5])).toThrow('stats: p-value 1 must be in [0, 1], got 1.5');
    expect(() => holm([NaN])).toThrow('stats: p-value 0 must be in [0, 1], got NaN');
  });
});
