import { describe, expect, it } from 'vitest';
import { groupConfigurations } from './configurations.js';
import { inHashOrder, pageSample, textHash } from './pageSample.js';
import { rankConfigurations } from './ranking.js';
import { makeReportRun } from './testing/fixtures.js';

/** `count` configurations of `replicates` runs each; configuration i ends at final metric i (lower is better). */
function configurations(count: number, replicates = 1) {
  const runs = Array.from({ length: count }, (_, i) =>
    Array.from({ length: replicates }, (_, replicate) => makeReportRun({ lr: 0.001 * (i + 1), replicate, finalMetric: i + 1, points: 3 })),
  ).flat();
  const grouped = groupConfigurations(runs, ['optimizer.lr'], 'random');
  return { grouped, ranked: rankConfigurations(grouped, 'minimize') };
}

describe('pageSample', () => {
  it('draws every run up to the limit', () => {
    const { grouped, ranked } = configurations(10, 2);
    expect(pageSample(grouped, ranked, 'seed', 20, 3)).toBeNull();
  });

  it('beyond it holds the best configurations, whole, and no more runs than the limit, in value order', () => {
    const { grouped, ranked } = configurations(50, 2);
    const sample = pageSample(grouped, ranked, 'seed', 21, 3)!;
    // lr = 0.001·(i+1) ends at i + 1: the best three are the three smallest learning rates.
    expect(sample.configurations.slice(0, 3).map((c) => c.values[0])).toEqual([0.001, 0.002, 0.003]);
    // 21 runs of two-run configurations: 10 configurations, 20 runs.
    expect(sample.configurations).toHaveLength(10);
    expect(sample.runs).toBe(20);
    expect(sample).toMatchObject({ totalRuns: 100, totalConfigurations: 50 });
    const values = sample.configurations.map((c) => c.values[0] as number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('is a sample, not the next best, and the same whatever the order of the input and for the same seed only', () => {
    const { grouped, ranked } = configurations(400);
    const keys = (seed: string, given = grouped) => pageSample(given, ranked, seed, 100, 10)!.configurations.map((c) => c.key);
    const picked = keys('a');
    expect(picked).toHaveLength(100);
    // Of the 90 drawn beyond the best 10, some come from each quarter of the ranking.
    const rankOf = new Map(ranked.map((result, i) => [result.configuration.key, i]));
    const quarters = new Set(picked.map((key) => Math.floor(rankOf.get(key)! / 100)));
    expect(quarters).toEqual(new Set([0, 1, 2, 3]));
    expect(keys('a', [...grouped].reverse()).sort()).toEqual([...picked].sort());
    expect(keys('b')).not.toEqual(picked);
  });

  it('orders by hash so that an item keeps its place among the others when more are added', () => {
    const items = Array.from({ length: 200 }, (_, i) => `k${i}`);
    const order = inHashOrder(items, (item) => item, 's');
    const fewer = inHashOrder(items.slice(0, 100), (item) => item, 's');
    expect(order.filter((item) => fewer.includes(item))).toEqual(fewer);
  });

  it('orders by the hash of the seed, a NUL and the key, as textHash gives it for the joined text', () => {
    const items = Array.from({ length: 300 }, (_, i) => `{"lr":${(i * 0.37) % 1}}`);
    const byJoinedText = [...items].sort((a, b) => textHash(`seed\u0000${a}`) - textHash(`seed\u0000${b}`) || (a < b ? -1 : 1));
    expect(inHashOrder(items, (item) => item, 'seed')).toEqual(byJoinedText);
    // FNV-1a of 'a' is 0xe40c292c (the published test vector), of '' its offset basis; then murmur3's fmix32
    // (worked out in Python: h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16).
    expect(textHash('a')).toBe(444641715);
    expect(textHash('')).toBe(2872998923);
  });
});
