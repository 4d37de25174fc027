import { describe, expect, it } from 'vitest';
import { formatScaling, pairedRatios, parseThroughput } from './sweepScaling.js';

describe('parseThroughput', () => {
  it("reads runs, workers and the printed rate from exp run's summary line", () => {
    const output = 'momentum: 120 finished, 0 diverged, 0 failed this time\n120 runs in 3.3 s on 2 workers (36.4 runs/s)\n';
    expect(parseThroughput(output)).toEqual({ runs: 120, workers: 2, runsPerSecond: 36.4 });
    expect(parseThroughput('7 runs in 0.5 s on 1 worker (14.0 runs/s)')).toEqual({ runs: 7, workers: 1, runsPerSecond: 14 });
    expect(parseThroughput('1 run in 0.5 s on 1 worker (2.0 runs/s)')).toEqual({ runs: 1, workers: 1, runsPerSecond: 2 });
  });

  it('is null when the run printed no throughput (nothing ran, or it failed)', () => {
    expect(parseThroughput('momentum: 0 finished, 0 diverged, 0 failed this time; 120 skipped (already finished)')).toBeNull();
  });
});

describe('pairedRatios', () => {
  it('divides within each round, then takes the median and range', () => {
    // rounds: 36/30 = 1.2, 50/25 = 2, 27/30 = 0.9 -> sorted 0.9, 1.2, 2
    expect(pairedRatios([36, 50, 27], [30, 25, 30])).toEqual({ rounds: [1.2, 2, 0.9], median: 1.2, min: 0.9, max: 2 });
  });

  it('refuses rounds that do not pair up', () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(/2 numerators for 1 denominators/);
  });
});

describe('formatScaling', () => {
  it('prints the median and the range with two decimals', () => {
    expect(formatScaling({ rounds: [1.5, 1.25, 1.625], median: 1.5, min: 1.25, max: 1.625 })).toBe('1.50x (1.25–1.63x)');
  });
});
