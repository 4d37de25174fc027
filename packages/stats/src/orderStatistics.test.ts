import { describe, expect, it } from 'vitest';
import { percentilePositions, selectPositions } from './orderStatistics.js';
import { seededUniform } from './resample.js';
import { percentileOfSorted } from './summaries.js';

/** Inputs of every kind a bootstrap can produce, and some it cannot: the full sort is the oracle for each. */
function inputs(): { name: string; values: Float64Array }[] {
  const u = seededUniform('order-statistics');
  const of = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return [
    { name: 'one value', values: of(1, () => 0.5) },
    { name: 'small, distinct', values: of(15, () => u()) },
    { name: '10,000 uniform', values: of(10_000, () => u() * 2 - 1) },
    { name: '10,000 from 3 values (means of 2 replicates)', values: of(10_000, () => [0.25, 0.5, 0.75][Math.floor(u() * 3)]) },
    { name: '10,000 equal', values: of(10_000, () => 7) },
    { name: 'ascending', values: of(5_000, (i) => i) },
    { name: 'descending', values: of(5_000, (i) => -i) },
    { name: 'organ pipe', values: of(5_001, (i) => Math.min(i, 5_000 - i)) },
    { name: 'sawtooth', values: of(10_000, (i) => i % 37) },
    { name: '+0 among others', values: of(1_000, (i) => (i % 3 === 0 ? 0 : u() - 0.5)) },
    { name: '−0 and +0 (sorted whole)', values: of(1_000, (i) => (i % 2 === 0 ? -0 : i % 3 === 0 ? 0 : u())) },
    { name: 'NaN and infinities (sorted whole)', values: of(1_000, (i) => (i === 10 ? NaN : i === 20 ? Infinity : i === 30 ? -Infinity : u())) },
  ];
}

describe('selectPositions', () => {
  it.each(inputs())('$name: every wanted position holds what a sort puts there, bit for bit', ({ values }) => {
    const n = values.length;
    const sorted = values.slice().sort();
    const wanted = [0, 1, Math.floor(n * 0.025), Math.floor(n * 0.025) + 1, Math.floor(n / 2), Math.floor(n * 0.975), n - 2, n - 1, n, -1].filter((k, i, all) => all.indexOf(k) === i);
    const selected = values.slice();
    selectPositions(selected, wanted);
    for (const k of wanted.filter((k) => k >= 0 && k < n)) expect(Object.is(selected[k], sorted[k]), `position ${k}`).toBe(true);
    // A rearrangement: the same values, none lost or made up.
    expect(selected.slice().sort()).toEqual(sorted);
  });

  it('leaves the values as they were when no position is wanted', () => {
    const values = Float64Array.from([3, 1, 2]);
    selectPositions(values, []);
    expect([...values]).toEqual([3, 1, 2]);
  });
});

describe('percentilePositions', () => {
  it("names the positions percentileOfSorted reads: with only those in place, every percentile is the sort's", () => {
    const u = seededUniform('percentile-positions');
    for (const n of [1, 2, 3, 10, 101, 10_000]) {
      const values = Float64Array.from({ length: n }, () => u());
      const sorted = values.slice().sort();
      for (const q of [0, 0.5, 2.5, 2.4999999999999996, 25, 50, 97.5, 99.99, 100]) {
        const selected = values.slice();
        selectPositions(selected, percentilePositions(n, q));
        // The unselected positions hold other values: a percentile that read one of them would differ.
        expect(Object.is(percentileOfSorted(selected, q), percentileOfSorted(sorted, q)), `n ${n}, q ${q}`).toBe(true);
      }
    }
  });
});
