import { describe, expect, it } from 'vitest';
import { fromArray, tensor, zeros } from './creation.js';
import { add, leakyRelu } from './ops/elementwise.js';
import { gather, oneHot } from './ops/gather.js';
import { matmul } from './ops/matmul.js';
import { sum } from './ops/reduce.js';
import { astype, broadcastTo, concat, permute, reshape, slice, transpose } from './ops/shape.js';
import type { DType } from './dtype.js';

// Each error names the op, the shapes or values given, and what would be accepted.
describe('errors a user can cause', () => {
  it('matmul names both shapes and the sizes that do not align', () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow('matmul: shapes [2,3] and [4,5] do not align (3 ≠ 4)');
    expect(() => matmul(zeros([2, 3]), zeros([2, 3]), { transposeB: true }).shape).not.toThrow();
    expect(() => matmul(zeros([2, 3]), zeros([3, 2]), { transposeA: true })).toThrow('matmul: shapes [2,3] and [3,2] do not align (2 ≠ 3) with transposeA');
    expect(() => matmul(zeros([3]), zeros([3, 2]))).toThrow('matmul: expects two 2-D tensors; got shapes [3] and [3,2]');
  });

  it('broadcasting names both shapes and the clashing axis', () => {
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow('add: shapes [2,3] and [4] do not broadcast (3 ≠ 4 at axis -1; sizes must match or one must be 1)');
    expect(() => broadcastTo(zeros([3]), [2, 4])).toThrow('broadcastTo: cannot broadcast shape [3] to [2,4]');
    expect(() => broadcastTo(zeros([2, 3]), [3])).toThrow('broadcastTo: cannot broadcast shape [2,3] to [3]');
  });

  it('axes out of range or repeated', () => {
    expect(() => sum(zeros([2, 3]), 2)).toThrow('sum: axis 2 is out of range for a tensor of rank 2; expected an integer in [-2, 1]');
    expect(() => sum(zeros([2, 3]), [1, -1])).toThrow('sum: axis 1 is listed twice in [1,-1]');
    expect(() => permute(zeros([2, 3]), [0, 0])).toThrow('permute: axes [0,0] are not a permutation of the 2 axes of shape [2,3]');
    expect(() => transpose(zeros([2, 3, 4]))).toThrow('transpose: expects a 2-D tensor, got shape [2,3,4]; use permute(x, axes) for other ranks');
  });

  it('reshape, slice and concat name the shapes', () => {
    expect(() => reshape(zeros([2, 3]), [4, 2])).toThrow('reshape: cannot reshape [2,3] (6 elements) into [4,2] (8 elements)');
    expect(() => reshape(zeros([2, 3]), [4, -1])).toThrow('reshape: cannot reshape [2,3] (6 elements) into [4,-1]: 6 is not a multiple of 4');
    expect(() => slice(zeros([3, 4]), [[0, 5]])).toThrow(
      'slice: range [0, 5] on axis 0 is out of bounds for shape [3,4]; expected integers with 0 ≤ start ≤ end ≤ 3 (negative values count from the end)',
    );
    expect(() => concat([zeros([2, 3]), zeros([2, 4])], 0)).toThrow('concat: tensor 1 has shape [2,4] but tensor 0 has [2,3]; all sizes except axis 0 must match');
    expect(() => concat([])).toThrow('concat: needs at least one tensor, got an empty list');
  });

  it('gather and oneHot name the bad label and the accepted range', () => {
    expect(() => gather(zeros([2, 3]), [0, 3])).toThrow('gather: index 3 at position 1 is out of range for axis 1 of size 3 (expected an integer in [0, 2])');
    expect(() => gather(zeros([2, 3]), [0])).toThrow('gather: got 1 indices for a tensor of shape [2,3] along axis 1; expected one per element of [2], 2 in all');
    expect(() => gather(zeros([2, 3]), [0, 1.5])).toThrow('gather: index 1.5 at position 1 is not an integer');
    expect(() => oneHot([0, 5], 3)).toThrow('oneHot: label 5 at position 1 is out of range for 3 classes (expected an integer in [0, 2])');
  });

  it('creation: ragged arrays, bad shapes, bad dtypes, item on many elements', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array: the entry at [1] has length 1, expected a list of length 2 (shape [2,2])');
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow('tensor: 3 values do not fill shape [2,2] (4 elements)');
    expect(() => zeros([2, -1])).toThrow('zeros: shape [2,-1] has size -1 at axis 1; expected non-negative integers');
    expect(() => zeros([2], { dtype: 'int32' as DType })).toThrow(`zeros: dtype "int32" is not supported; expected 'float32' or 'float64'`);
    expect(() => astype(zeros([2]), 'float16' as DType)).toThrow(`astype: dtype "float16" is not supported`);
    expect(() => fromArray(new Float32Array(3), [2, 2])).toThrow('fromArray: array has 3 elements but shape [2,2] needs 4');
    expect(() => zeros([2, 3]).item()).toThrow('item: tensor has shape [2,3] (6 elements); item() needs exactly one element');
    expect(() => leakyRelu(zeros([1]), NaN)).toThrow('leakyRelu: alpha must be a finite number, got NaN');
  });
});
