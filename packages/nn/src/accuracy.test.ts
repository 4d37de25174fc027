import { sigmoid, tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { binaryAccuracy, classAccuracy } from './accuracy.js';

describe('accuracy', () => {
  it('binaryAccuracy thresholds probabilities at ½ and logits at 0', () => {
    // predictions > ½: [1, 0, 0, 1] vs targets [1, 0, 0, 1] → 4 of 4 (0.5 itself is no preference: negative)
    expect(binaryAccuracy(tensor([0.9, 0.2, 0.5, 0.7]), tensor([1, 0, 0, 1]))).toBe(1);
    // logits > 0: [1, 0, 0] vs [1, 1, 0] → 2 of 3
    expect(binaryAccuracy(tensor([[3], [-1], [-0.5]]), tensor([[1], [1], [0]]), 0)).toBeCloseTo(2 / 3, 12);
    expect(() => binaryAccuracy(tensor([1, 2]), tensor([1]))).toThrow('binaryAccuracy: scores have shape [2] but targets have shape [1]');
  });

  it('a score exactly at the threshold counts as the negative class, for a logit of 0 and its sigmoid alike', () => {
    // sigmoid(0) = 1 / (1 + 1) = 0.5 exactly, so the two thresholds decide the tie the same way.
    const logits = tensor([0, 0, 1e-3, -1e-3]);
    const targets = tensor([0, 1, 1, 0]);
    expect(sigmoid(logits).data[0]).toBe(0.5);
    // predictions [0, 0, 1, 0] vs targets [0, 1, 1, 0] → 3 of 4
    expect(binaryAccuracy(logits, targets, 0)).toBe(0.75);
    expect(binaryAccuracy(sigmoid(logits), targets, 0.5)).toBe(0.75);
  });

  it('the label rule is strict too: a target of exactly 0.5 is negative', () => {
    expect(binaryAccuracy(tensor([0.2, 0.8]), tensor([0.5, 0.5]))).toBe(0.5);
  });

  it('binaryAccuracy takes flat arrays (a compiled step’s outputs) with the same answers', () => {
    const scores = Float32Array.from([0.9, 0.2, 0.5, 0.7]);
    const targets = Float32Array.from([1, 1, 0, 1]);
    expect(binaryAccuracy(scores, targets)).toBe(binaryAccuracy(tensor(Array.from(scores)), tensor(Array.from(targets))));
    expect(binaryAccuracy(scores, targets)).toBe(0.75);
    expect(binaryAccuracy(new Float32Array(0), new Float32Array(0))).toBeNaN();
    expect(() => binaryAccuracy(scores, new Float32Array(3))).toThrow('binaryAccuracy: scores have length 4 but targets have length 3');
  });

  it('classAccuracy compares each row’s largest logit with its label (first index on ties)', () => {
    // argmax rows: 1, 0, 2, 0 (tie → first) vs labels 1, 2, 2, 1 → 2 of 4
    const logits = tensor([[0, 5, 1], [3, 1, 2], [0, 0, 9], [4, 4, 0]]);
    expect(classAccuracy(logits, Int32Array.from([1, 2, 2, 1]))).toBe(0.5);
    expect(() => classAccuracy(logits, [0])).toThrow('classAccuracy: logits have shape [4,3] and there are 1 labels; expected logits [1, classes]');
  });

  it('classAccuracy takes a flat row-major array with the number of classes', () => {
    const flat = Float32Array.from([0, 5, 1, 3, 1, 2, 0, 0, 9, 4, 4, 0]);
    expect(classAccuracy(flat, Int32Array.from([1, 2, 2, 1]), 3)).toBe(0.5);
    // read as 4 classes, the rows are [0,5,1,3] [1,2,0,0] [9,4,4,0]: argmax 1, 1, 0 vs labels 1, 1, 1 → 2 of 3
    expect(classAccuracy(flat, Int32Array.from([1, 1, 1]), 4)).toBeCloseTo(2 / 3, 12);
    expect(() => classAccuracy(flat, Int32Array.from([1, 2]), 3)).toThrow('classAccuracy: logits have length 12, there are 2 labels and 3 classes; expected 2 × classes logits');
  });
});
