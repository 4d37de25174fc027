import { describe, expect, it } from 'vitest';
import { didYouMean } from './didYouMean.js';

describe('didYouMean', () => {
  it('suggests the closest names, and nothing when none is close', () => {
    expect(didYouMean('lrr', ['lr', 'momentum'])).toBe("; did you mean 'lr'?");
    expect(didYouMean('Adam', ['adam', 'sgd'])).toBe("; did you mean 'adam'?");
    expect(didYouMean('moon', ['moons', 'moon2'])).toBe("; did you mean 'moons' or 'moon2'?");
    expect(didYouMean('__proto__', ['lr', 'momentum'])).toBe('');
    // Swapped neighbours are one edit: the commonest typo of all.
    expect(didYouMean('moosn', ['moons', 'circles'])).toBe("; did you mean 'moons'?");
  });
});
