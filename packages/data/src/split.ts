import type { Rng } from '@descent/tensor';
import type { Dataset } from './dataset.js';

/** How many rows each part of a split holds. */
export interface SplitSizes {
  train: number;
  validation: number;
  test: number;
}

/**
 * test = round(n × testFraction), validation = round(n × validationFraction), train = n − test − validation.
 * The test size does not depend on validationFraction, so adding a validation split never moves the test set.
 * (Validation repeats this rule in @descent/sweep's catalog.ts; the runner's splitRule test holds the two equal.)
 */
export function splitSizes(n: number, testFraction: number, validationFraction = 0): SplitSizes {
  for (const [key, fraction] of [['test_fraction', testFraction], ['validation_fraction', validationFraction]] as const) {
    if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`${key} is ${fraction}; expected a number in [0, 1)`);
  }
  const test = Math.round(n * testFraction);
  const validation = Math.round(n * validationFraction);
  if (test + validation > n) throw new RangeError(`test_fraction ${testFraction} and validation_fraction ${validationFraction} hold out ${test + validation} of ${n} rows`);
  return { train: n - test - validation, validation, test };
}

/**
 * A seeded random split: the rows are shuffled by `rng.permutation(n)`; of that order the first `train` rows
 * become the training set, the next `validation` the validation set and the rest the test set (sizes from
 * `splitSizes`). The test set is the tail of the order, so it is the same rows whatever validationFraction is,
 * and with validationFraction 0 the train and test sets are those of a split without validation. Rows are copied.
 */
export function splitTrainTest(data: Dataset, testFraction: number, rng: Rng, validationFraction = 0): { train: Dataset; validation: Dataset; test: Dataset } {
  const sizes = splitSizes(data.n, testFraction, validationFraction);
  const order = rng.permutation(data.n);
  const validationEnd = sizes.train + sizes.validation;
  return {
    train: takeRows(data, order.subarray(0, sizes.train)),
    validation: takeRows(data, order.subarray(sizes.train, validationEnd)),
    test: takeRows(data, order.subarray(validationEnd)),
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
