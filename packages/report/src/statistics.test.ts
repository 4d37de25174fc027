import { describe, expect, it } from 'vitest';
import { relativeOscillation } from './statistics.js';

describe('relativeOscillation', () => {
  it('is the sd of the step-to-step change of log10(loss) over the second half', () => {
    // Second half of 6 values: [10, 1, 10]; changes log10(1/10) = −1, log10(10/1) = +1; sd = √((1 + 1)/1) = √2.
    expect(relativeOscillation([100, 50, 20, 10, 1, 10])).toBeCloseTo(Math.SQRT2, 12);
  });

  it('does not call a low loss calm: the same relative jumps at 1e-6 and at 1 measure the same', () => {
    const high = [1, 1, 1, 2, 1, 2, 1];
    const low = high.map((loss) => loss * 1e-6);
    expect(relativeOscillation(low)).toBeCloseTo(relativeOscillation(high), 12);
    // A steady decay by ×0.9 per step changes log10 by the same amount every step: no oscillation at all.
    expect(relativeOscillation([1, 0.9, 0.81, 0.729, 0.6561, 0.59049])).toBeCloseTo(0, 12);
  });

  it('is NaN for losses that are not positive (a landscape can go below 0) or too short', () => {
    expect(relativeOscillation([1, 1, 0.5, -0.2, 0.1, 0.3])).toBeNaN();
    expect(relativeOscillation([1, 2, 3])).toBeNaN();
  });
});
