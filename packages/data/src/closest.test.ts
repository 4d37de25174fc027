import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './closest.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('moon', 'moons')).toBe(1); // insert s
    expect(editDistance('kitten', 'sitting')).toBe(3); // k→s, e→i, insert g
    expect(editDistance('flaw', 'lawn')).toBe(2); // delete f, insert n
    expect(editDistance('abc', '')).toBe(3);
  });
});

describe('closest', () => {
  const names = ['lecture', 'xor', 'moons', 'circles', 'spirals', 'blobs', 'digits', 'csv'];
  it('suggests the names a typo most likely meant, best first', () => {
    expect(closest('moon', names)).toEqual(['moons']);
    expect(closest('Spiral', names)).toEqual(['spirals']);
    expect(closest('circels', names)[0]).toBe('circles');
    expect(closest('two-minima', ['ravine', 'two_minima'])).toEqual(['two_minima']);
  });
  it('suggests nothing for an unrelated word', () => {
    expect(closest('imagenet', names)).toEqual([]);
  });
  it('treats a prefix as close', () => {
    expect(closest('dig', names)).toEqual(['digits']);
  });
});
