import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { splitSizes, splitTrainTest } from './split.js';

/** n examples whose features and targets encode their own row number, to follow rows through a split. */
function numbered(n: number): Dataset {
  const x = Float64Array.from({ length: n * 2 }, (_, k) => Math.floor(k / 2) * 10 + (k % 2));
  const y = Float64Array.from({ length: n * 2 }, (_, k) => -(Math.floor(k / 2) * 10 + (k % 2)));
  return { x, y, n, d: 2, task: 'regression', outputDim: 2 };
}

describe('splitSizes', () => {
  it('test = Math.round(n × fraction), train = the rest', () => {
    expect(splitSizes(100, 0.2)).toEqual({ train: 80, test: 20 });
    expect(splitSizes(10, 0.25)).toEqual({ train: 7, test: 3 }); // 2.5 rounds up
    expect(splitSizes(10, 0.24)).toEqual({ train: 8, test: 2 });
    expect(splitSizes(10, 0)).toEqual({ train: 10, test: 0 });
  });
  it('rejects a fraction outside [0, 1), naming test_fraction', () => {
    expect(() => splitSizes(10, 1)).toThrow('test_fraction is 1; expected a number in [0, 1)');
    expect(() => splitSizes(10, -0.1)).toThrow('test_fraction is -0.1');
  });
});

describe('splitTrainTest', () => {
  it('partitions the rows, each row keeping its own targets', () => {
    const { train, test } = splitTrainTest(numbered(50), 0.3, rng(1));
    expect([train.n, test.n]).toEqual([35, 15]);
    const rows: number[] = [];
    for (const part of [train, test]) {
      expect(part.x.length).toBe(part.n * 2);
      expect(part.y.length).toBe(part.n * 2);
      for (let i = 0; i < part.n; i++) {
        const row = part.x[2 * i] / 10;
        expect(part.x[2 * i + 1]).toBe(row * 10 + 1);
        expect([part.y[2 * i], part.y[2 * i + 1]]).toEqual([-row * 10, -(row * 10 + 1)]);
        rows.push(row);
      }
    }
    expect(rows.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('shuffles: the training rows are not simply the first ones', () => {
    const { train } = splitTrainTest(numbered(50), 0.3, rng(1));
    const firstRows = Array.from({ length: 35 }, (_, i) => train.x[2 * i] / 10);
    expect(firstRows).not.toEqual(Array.from({ length: 35 }, (_, i) => i));
  });

  it('is deterministic in the seed', () => {
    const a = splitTrainTest(numbered(50), 0.3, rng('s'));
    expect(splitTrainTest(numbered(50), 0.3, rng('s')).test.x).toEqual(a.test.x);
    expect(splitTrainTest(numbered(50), 0.3, rng('t')).test.x).not.toEqual(a.test.x);
  });

  it('carries integer class labels', () => {
    const data: Dataset = { x: Float64Array.from([0, 1, 2, 3]), y: Int32Array.from([0, 1, 2, 3]), n: 4, d: 1, task: 'multiclass', outputDim: 4 };
    const { train, test } = splitTrainTest(data, 0.5, rng(2));
    expect(train.y).toBeInstanceOf(Int32Array);
    for (const part of [train, test]) for (let i = 0; i < part.n; i++) expect(part.y[i]).toBe(part.x[i]);
    expect(train.outputDim).toBe(4);
  });
});
