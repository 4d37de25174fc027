import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './didYouMean.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('adam', 'adamw')).toBe(1); // insert w
    expect(editDistance('kitten', 'sitting')).toBe(3); // k→s, e→i, insert g
    expect(editDistance('optimiser', 'optimizer')).toBe(1); // s→z
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('didYouMean', () => {
  it('suggests the closest names, and nothing when none is close', () => {
    expect(didYouMean('lrr', ['lr', 'momentum'])).toBe("; did you mean 'lr'?");
    expect(didYouMean('Adam', ['adam', 'sgd'])).toBe("; did you mean 'adam'?");
    expect(didYouMean('moon', ['moons', 'moon2'])).toBe("; did you mean 'moons' or 'moon2'?");
    expect(didYouMean('__proto__', ['lr', 'momentum'])).toBe('');
  });
});
