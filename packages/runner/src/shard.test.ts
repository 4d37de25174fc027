import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseShard, selectShard, shardOf } from './shard.js';

/** Run ids shaped like real ones: 12 hex digits of a sha256. */
const runs = Array.from({ length: 500 }, (_, i) => ({ runId: createHash('sha256').update(`run ${i}`).digest('hex').slice(0, 12), i }));

describe('shardOf', () => {
  it('is the run id read as a hex number, mod n', () => {
    expect(shardOf('ff', 4)).toBe(3); // 255 = 63·4 + 3
    expect(shardOf('0a', 3)).toBe(1); // 10 = 3·3 + 1
    expect(shardOf('00000000000f', 16)).toBe(15);
    expect(shardOf('ffffffffffff', 7)).toBe(Number(0xffffffffffffn % 7n));
    expect(shardOf('123456789abc', 1)).toBe(0);
  });
});

describe('selectShard', () => {
  for (const n of [1, 2, 3, 7]) {
    it(`splits the runs into ${n} parts: together all of them, no run twice, about ${Math.round(500 / n)} each`, () => {
      const parts = Array.from({ length: n }, (_, index) => selectShard(runs, { index, count: n }));
      const seen = parts.flat().map((r) => r.i).sort((a, b) => a - b);
      expect(seen).toEqual(runs.map((r) => r.i)); // every run exactly once: union = all, pairwise disjoint
      for (const part of parts) {
        expect(part.length).toBeGreaterThan((500 / n) * 0.7);
        expect(part.length).toBeLessThan((500 / n) * 1.3);
      }
    });
  }

  it("depends only on the run itself: not on the order of the runs, nor on which other runs the sweep has", () => {
    const shard = { index: 1, count: 3 };
    const members = new Set(selectShard(runs, shard).map((r) => r.runId));
    const reversed = selectShard([...runs].reverse(), shard).map((r) => r.runId);
    expect(new Set(reversed)).toEqual(members);
    const fewer = runs.filter((r) => r.i % 2 === 0);
    expect(selectShard(fewer, shard).map((r) => r.runId)).toEqual(fewer.filter((r) => members.has(r.runId)).map((r) => r.runId));
    // Twice in a row, the same answer, in the original order.
    expect(selectShard(runs, shard)).toEqual(selectShard(runs, shard));
  });
});

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3 / 4 ')).toEqual({ index: 3, count: 4 });
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
  });

  it('refuses what is not 0 ≤ i < n, naming the value and what is accepted', () => {
    const expected = 'i/n with whole numbers 0 ≤ i < n, e.g. 0/4 … 3/4 for four machines';
    expect(parseShard('4/4')).toEqual({ problem: `--shard: the index i must be below n = 4, counting from 0 (got '4/4'; expected ${expected})` });
    expect(parseShard('1/0')).toEqual({ problem: `--shard: the number of shards n must be at least 1 (got '1/0'; expected ${expected})` });
    for (const text of ['-1/4', '1.5/4', 'a/b', '3', '1/2/3', '']) {
      expect(parseShard(text)).toEqual({ problem: `--shard: '${text}' is not of the form i/n (expected ${expected})` });
    }
  });
});
