import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { BatchSampler, gatherRows, stepsPerEpoch } from './batches.js';

/** The batches of one epoch, as plain arrays. */
function epoch(sampler: BatchSampler): number[][] {
  const batches: number[][] = [];
  do {
    const batch = sampler.next();
    batches.push(Array.from(batch.indices.subarray(0, batch.length)));
  } while (!sampler.endOfEpoch);
  return batches;
}

describe('stepsPerEpoch', () => {
  it('is ceil(n / batchSize): the partial batch counts', () => {
    expect(stepsPerEpoch(10, 3)).toBe(4);
    expect(stepsPerEpoch(10, 5)).toBe(2);
    expect(stepsPerEpoch(10, 10)).toBe(1);
    expect(stepsPerEpoch(10, 1)).toBe(10);
  });
});

describe('BatchSampler', () => {
  it('hands out every example exactly once per epoch, keeping the last partial batch', () => {
    const sampler = new BatchSampler(10, 3, rng(1));
    for (let e = 0; e < 3; e++) {
      const batches = epoch(sampler);
      expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
      expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(sampler.epoch).toBe(e);
      expect(sampler.batchInEpoch).toBe(3);
    }
  });

  it('draws a new order each epoch', () => {
    const sampler = new BatchSampler(20, 20, rng(1));
    const orders = [epoch(sampler)[0], epoch(sampler)[0], epoch(sampler)[0]];
    expect(orders[1]).not.toEqual(orders[0]);
    expect(orders[2]).not.toEqual(orders[1]);
  });

  it('the same seed gives the same batches; another seed does not', () => {
    const run = (seed: string) => {
      const sampler = new BatchSampler(17, 4, rng(seed));
      return [epoch(sampler), epoch(sampler)];
    };
    expect(run('a')).toEqual(run('a'));
    expect(run('b')).not.toEqual(run('a'));
  });

  it("each epoch's order is the rng's permutation (the documented stream use)", () => {
    const sampler = new BatchSampler(8, 8, rng('p'));
    const reference = rng('p');
    expect(epoch(sampler)[0]).toEqual(Array.from(reference.permutation(8)));
    expect(epoch(sampler)[0]).toEqual(Array.from(reference.permutation(8)));
  });

  it('reuses one batch object and buffer (no allocation per step)', () => {
    const sampler = new BatchSampler(10, 4, rng(1));
    const first = sampler.next();
    const buffer = first.indices;
    const second = sampler.next();
    expect(second).toBe(first);
    expect(second.indices).toBe(buffer);
    expect(buffer.length).toBe(4);
  });

  it('batch = n is full batch (1 step per epoch), batch = 1 is SGD (n steps)', () => {
    expect(epoch(new BatchSampler(6, 6, rng(1))).map((b) => b.length)).toEqual([6]);
    expect(epoch(new BatchSampler(6, 1, rng(1))).map((b) => b.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('rejects a batch size larger than the data, naming batch_size', () => {
    expect(() => new BatchSampler(5, 6, rng(1))).toThrow('batch_size is 6; expected an integer in [1, 5]');
    expect(() => new BatchSampler(5, 0, rng(1))).toThrow('batch_size is 0');
  });
});

describe('gatherRows', () => {
  it('copies the chosen rows into a float32 or float64 buffer', () => {
    const x = Float64Array.from([0, 1, 10, 11, 20, 21, 30, 31]); // 4 rows × 2
    const indices = Int32Array.from([3, 0, 2, 99]);
    const out32 = new Float32Array(8).fill(-1);
    gatherRows(x, 2, indices, 3, out32);
    expect(Array.from(out32)).toEqual([30, 31, 0, 1, 20, 21, -1, -1]); // only count = 3 rows written
    expect(Array.from(gatherRows(x, 2, indices, 1, new Float64Array(2)))).toEqual([30, 31]);
  });
  it('copies wide rows (block copies) to the values an element-by-element copy writes, across array types', () => {
    const rows = 5;
    for (const d of [31, 32, 784]) {
      // Doubles that float32 must round, ties and negative zero among them.
      const x = Float64Array.from({ length: rows * d }, (_, i) => (i % 7 === 0 ? -0 : Math.sin(i) * 1e3 + 1 / 3));
      const indices = Int32Array.from([4, 0, 4, 2]);
      const expected32 = new Float32Array(4 * d);
      const expected64 = new Float64Array(4 * d);
      indices.forEach((row, i) => {
        for (let k = 0; k < d; k++) {
          expected32[i * d + k] = x[row * d + k];
          expected64[i * d + k] = x[row * d + k];
        }
      });
      expect(gatherRows(x, d, indices, 4, new Float32Array(4 * d))).toEqual(expected32);
      expect(gatherRows(x, d, indices, 4, new Float64Array(4 * d))).toEqual(expected64);
      expect(Object.is(gatherRows(x, d, indices, 4, new Float32Array(4 * d))[d], -0)).toBe(true); // row 0, value 0
      expect(() => gatherRows(x, d, Int32Array.from([rows]), 1, new Float32Array(d))).toThrow(`index ${rows} is outside the ${rows} rows`);
    }
  });
  it('gathers integer labels (d = 1)', () => {
    expect(Array.from(gatherRows(Int32Array.from([7, 8, 9]), 1, Int32Array.from([2, 2, 0]), 3, new Int32Array(3)))).toEqual([9, 9, 7]);
  });
  it('refuses a buffer that is too small or an index out of range', () => {
    const x = new Float64Array(4);
    expect(() => gatherRows(x, 2, Int32Array.from([0, 1]), 2, new Float64Array(3))).toThrow('out holds 3 values; 2 rows of 2 need 4');
    expect(() => gatherRows(x, 2, Int32Array.from([2]), 1, new Float64Array(2))).toThrow('index 2 is outside the 2 rows');
  });
});
