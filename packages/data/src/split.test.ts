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
    expect(splitSizes(100, 0.2)).toEqual({ train: 80, validation: 0, test: 20 });
    expect(splitSizes(10, 0.25)).toEqual({ train: 7, validation: 0, test: 3 }); // 2.5 rounds up
    expect(splitSizes(10, 0.24)).toEqual({ train: 8, validation: 0, test: 2 });
    expect(splitSizes(10, 0)).toEqual({ train: 10, validation: 0, test: 0 });
  });
  it('validation = Math.round(n × validation fraction), taken from the training rows; the test size is unchanged', () => {
    expect(splitSizes(100, 0.25, 0.2)).toEqual({ train: 55, validation: 20, test: 25 });
    expect(splitSizes(10, 0.25, 0.25)).toEqual({ train: 4, validation: 3, test: 3 }); // both 2.5, both round up
    expect(splitSizes(1000, 0.25, 0.2).test).toBe(splitSizes(1000, 0.25).test);
  });
  it('rejects a validation fraction outside [0, 1), and fractions that hold out more rows than there are', () => {
    expect(() => splitSizes(10, 0.2, 1)).toThrow('validation_fraction is 1; expected a number in [0, 1)');
    expect(() => splitSizes(10, 0.6, 0.5)).toThrow('test_fraction 0.6 and validation_fraction 0.5 hold out 11 of 10 rows');
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

  it('with a validation fraction: three disjoint parts covering every row, the test rows those of the split without one', () => {
    const rowsOf = (part: Dataset) => Array.from({ length: part.n }, (_, i) => part.x[2 * i] / 10);
    const without = splitTrainTest(numbered(50), 0.3, rng(1));
    const withValidation = splitTrainTest(numbered(50), 0.3, rng(1), 0.2);
    const [train, validation, test] = [withValidation.train, withValidation.validation, withValidation.test].map(rowsOf);
    expect([train.length, validation.length, test.length]).toEqual([25, 10, 15]);
    expect(test).toEqual(rowsOf(without.test));
    expect(validation.filter((row) => test.includes(row) || train.includes(row))).toEqual([]);
    expect([...train, ...validation, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The validation rows come out of what was the training set: its first rows in the same order.
    expect([...train, ...validation]).toEqual(rowsOf(without.train));
  });

  it('without a validation fraction, the validation set is empty and train and test are as before', () => {
    const a = splitTrainTest(numbered(50), 0.3, rng(1));
    const b = splitTrainTest(numbered(50), 0.3, rng(1), 0);
    expect(a.validation.n).toBe(0);
    expect([b.train.x, b.test.x]).toEqual([a.train.x, a.test.x]);
  });

  it('carries integer class labels', () => {
    const data: Dataset = { x: Float64Array.from([0, 1, 2, 3]), y: Int32Array.from([0, 1, 2, 3]), n: 4, d: 1, task: 'multiclass', outputDim: 4 };
    const { train, test } = splitTrainTest(data, 0.5, rng(2));
    expect(train.y).toBeInstanceOf(Int32Array);
    for (const part of [train, test]) for (let i = 0; i < part.n; i++) expect(part.y[i]).toBe(part.x[i]);
    expect(train.outputDim).toBe(4);
  });
});
