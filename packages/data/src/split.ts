import type { Rng } from '@descent/tensor';
import type { Dataset } from './dataset.js';

/** Train and test sizes of a split: test = round(n × testFraction), train = n − test. */
export function splitSizes(n: number, testFraction: number): { train: number; test: number } {
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new RangeError(`test_fraction is ${testFraction}; expected a number in [0, 1)`);
  }
  const test = Math.round(n * testFraction);
  return { train: n - test, test };
}

/**
 * A seeded random split: the rows are shuffled by `rng.permutation(n)`, the first `train` of that order
 * become the training set and the rest the test set (sizes from `splitSizes`). Rows are copied.
 */
export function splitTrainTest(data: Dataset, testFraction: number, rng: Rng): { train: Dataset; test: Dataset } {
  const sizes = splitSizes(data.n, testFraction);
  const order = rng.permutation(data.n);
  return {
    train: takeRows(data, order.subarray(0, sizes.train)),
    test: takeRows(data, order.subarray(sizes.train)),
  };
}

/** A new dataset holding `rows` of `data`, in that order. */
function takeRows(data: Dataset, rows: Int32Array): Dataset {
  const { d } = data;
  // Labels (Int32Array) hold one value per example; targets hold outputDim values per example.
  const yWidth = data.y instanceof Int32Array ? 1 : data.outputDim;
  const x = new Float64Array(rows.length * d);
  const y = data.y instanceof Int32Array ? new Int32Array(rows.length) : new Float64Array(rows.length * yWidth);
  rows.forEach((row, i) => {
    x.set(data.x.subarray(row * d, row * d + d), i * d);
    y.set(data.y.subarray(row * yWidth, row * yWidth + yWidth), i * yWidth);
  });
  return { ...data, x, y, n: rows.length };
}
