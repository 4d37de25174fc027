import { tensor } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { binaryAccuracy, classAccuracy } from './accuracy.js';

describe('accuracy', () => {
  it('binaryAccuracy thresholds probabilities at ½ and logits at 0', () => {
    // predictions ≥ ½: [1, 0, 1, 1] vs targets [1, 0, 0, 1] → 3 of 4
    expect(binaryAccuracy(tensor([0.9, 0.2, 0.5, 0.7]), tensor([1, 0, 0, 1]))).toBe(0.75);
    // logits ≥ 0: [1, 0, 0] vs [1, 1, 0] → 2 of 3
    expect(binaryAccuracy(tensor([[3], [-1], [-0.5]]), tensor([[1], [1], [0]]), 0)).toBeCloseTo(2 / 3, 12);
    expect(() => binaryAccuracy(tensor([1, 2]), tensor([1]))).toThrow('binaryAccuracy: scores have shape [2] but targets have shape [1]');
  });

  it('classAccuracy compares each row’s largest logit with its label (first index on ties)', () => {
    // argmax rows: 1, 0, 2, 0 (tie → first) vs labels 1, 2, 2, 1 → 2 of 4
    const logits = tensor([[0, 5, 1], [3, 1, 2], [0, 0, 9], [4, 4, 0]]);
    expect(classAccuracy(logits, Int32Array.from([1, 2, 2, 1]))).toBe(0.5);
    expect(() => classAccuracy(logits, [0])).toThrow('classAccuracy: logits have shape [4,3] and there are 1 labels; expected logits [1, classes]');
  });
});
