import { describe, expect, it } from 'vitest';
import { closest, closestNames, editDistance } from './closest.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3); // k→s, e→i, +g
    expect(editDistance('momentun', 'momentum')).toBe(1);
  });

  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('moosn', 'moons')).toBe(1);
    expect(editDistance('ca', 'ac')).toBe(1);
    // Optimal string alignment does not edit a substring twice: 'ca' → 'abc' is 3, not 2.
    expect(editDistance('ca', 'abc')).toBe(3);
  });
});

describe('closest', () => {
  const optimizers = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];

  it('finds the intended name for a typo, a swap, a different case or a prefix', () => {
    expect(closest('momentun', optimizers)).toBe('momentum');
    expect(closest('moosn', ['moons', 'xor', 'circles'])).toBe('moons');
    expect(closest('ADAM', optimizers)).toBe('adam');
    expect(closest('spiral', ['spirals', 'moons'])).toBe('spirals');
  });

  it('answers null when nothing is close, and ranks several close names best first', () => {
    expect(closest('lion', optimizers)).toBeNull();
    expect(closestNames('adamx', optimizers)).toEqual(['adam', 'adamw']); // one edit from both: the candidates' order breaks the tie
    expect(closestNames('adam', optimizers, 1)).toEqual(['adam']);
  });
});

describe('closest / editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('momentun', 'momentum')).toBe(1);
    expect(editDistance('adam', 'adamw')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a plausible typo and nothing for a different word', () => {
    expect(closest('momentun', ['sgd', 'momentum', 'adam'])).toBe('momentum');
    expect(closest('RMSProp', ['rmsprop', 'adam'])).toBe('rmsprop');
    expect(closest('lion', ['sgd', 'momentum', 'adam'])).toBeNull();
  });
});
