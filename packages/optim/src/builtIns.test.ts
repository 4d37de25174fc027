import { describe, expect, it } from 'vitest';
import { changedBuiltIn, restoreBuiltIns, snapshotBuiltIns } from './builtIns.js';

describe('built-ins snapshot', () => {
  it('names the first built-in a plugin changed, added or swapped, and puts it back', () => {
    const exp = Math.exp;
    const before = snapshotBuiltIns();
    expect(changedBuiltIn(before)).toBeNull();
    try {
      Math.exp = (x: number) => exp(x) * 2;
      expect(changedBuiltIn(before)).toBe('Math.exp');
      restoreBuiltIns(before);
      expect(Math.exp).toBe(exp);
      expect(changedBuiltIn(before)).toBeNull();

      (Array.prototype as unknown as Record<string, unknown>).sum = () => 0;
      expect(changedBuiltIn(before)).toBe('Array.prototype.sum');
      restoreBuiltIns(before);
      expect('sum' in Array.prototype).toBe(false);

      const real = globalThis.Float64Array;
      (globalThis as Record<string, unknown>).Float64Array = Float32Array;
      expect(changedBuiltIn(before)).toBe('globalThis.Float64Array');
      restoreBuiltIns(before);
      expect(globalThis.Float64Array).toBe(real);
    } finally {
      Math.exp = exp;
    }
  });
});
