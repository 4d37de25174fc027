import { describe, expect, it } from 'vitest';
import { bisectQuantile, studentTQuantile } from './studentT.js';

describe('studentTQuantile remembers what it found', () => {
  it('gives the bisection’s own bits, asked once or many times, on either side of ½', () => {
    const ps = [0.975, 0.9875, 0.99875, 0.6, 0.999999];
    const nus = [1, 2, 3, 4, 9, 10, 29, 30, 199, 2000, 19998];
    for (let round = 0; round < 3; round++) {
      for (const p of ps) {
        for (const nu of nus) {
          const t = bisectQuantile(p, nu);
          expect(Object.is(studentTQuantile(p, nu), t)).toBe(true);
          expect(Object.is(studentTQuantile(1 - p, nu), -t)).toBe(true);
        }
      }
    }
  });

  it('tells quantiles apart by p and by ν', () => {
    const near = 0.975 + 1e-9; // prints alike to 8 digits
    studentTQuantile(0.975, 5);
    expect(studentTQuantile(near, 5)).toBe(bisectQuantile(near, 5));
    expect(studentTQuantile(near, 5)).not.toBe(studentTQuantile(0.975, 5));
    expect(studentTQuantile(0.975, 7)).toBe(bisectQuantile(0.975, 7));
    expect(studentTQuantile(0.975, 7)).not.toBe(studentTQuantile(0.975, 8));
  });

  it('refuses a ν that is not a whole number ≥ 1 every time it is asked, never remembering a refusal', () => {
    for (let round = 0; round < 2; round++) {
      expect(() => studentTQuantile(0.975, 2.5)).toThrow(/degrees of freedom must be a whole number ≥ 1, got 2.5/);
      expect(() => studentTQuantile(0.975, 0)).toThrow(/got 0/);
    }
  });
});
