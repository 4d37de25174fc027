import { describe, expect, it } from 'vitest';
import { resolveDatasetParams } from './parameters.js';
import { csv } from './datasets/csv.js';
import { moons } from './datasets/moons.js';

describe('resolveDatasetParams', () => {
  it('fills defaults and ignores keys the dataset does not declare', () => {
    expect(resolveDatasetParams(moons, { name: 'moons', test_fraction: 0.2, noise: 0.3 })).toEqual({ size: 1000, noise: 0.3 });
  });
  it('lists every problem with the key, the value and what is accepted', () => {
    expect(() => resolveDatasetParams(moons, { size: 2.5, noise: -1 })).toThrow(
      "dataset 'moons': size is 2.5: expected an integer in [2, 1000000]; noise is -1: out of range: expected a finite number in [0, ∞)",
    );
  });
  it('accepts text parameters and rejects a number given for one', () => {
    expect(resolveDatasetParams(csv, { path: 'iris.csv' })).toEqual({ path: 'iris.csv', label: '', task: 'auto' });
    expect(() => resolveDatasetParams(csv, { path: 3 })).toThrow("path is 3: expected a string (quote it)");
    expect(() => resolveDatasetParams(csv, { path: 'a.csv', task: 'classify' })).toThrow(
      "task is \"classify\": expected one of 'auto', 'binary', 'multiclass', 'regression'",
    );
  });
});
