import { describe, expect, it } from 'vitest';
import { packSeries, unpackSeries } from './curveCodec.js';

describe('packed curves', () => {
  it('reads back a positive series within 0.1 % (log levels), its ends at 6 significant digits', () => {
    const values = Array.from({ length: 100 }, (_, i) => 2.3 * Math.exp(-i / 12) + 0.0012);
    const back = unpackSeries(packSeries(values));
    expect(back).toHaveLength(100);
    back.forEach((value, i) => expect(Math.abs(value! / values[i] - 1)).toBeLessThan(1e-3));
    expect(back[0]).toBe(2.3012);
    expect(back[99]).toBe(Number(values[99].toPrecision(6)));
  });

  it('reads back a series with zero and negative values on a linear scale, within (max − min)/4094', () => {
    const values = [0, -3, 4.5, 10, 7.25, -2, 0];
    const back = unpackSeries(packSeries(values));
    back.forEach((value, i) => expect(Math.abs(value! - values[i])).toBeLessThanOrEqual(13 / 4094));
    expect(packSeries(values)[0]).toBe('N');
  });

  it('keeps gaps, jumps and a constant series', () => {
    const values = [1, null, NaN, 0.001, 1000, 0.5];
    const back = unpackSeries(packSeries(values));
    expect(back[1]).toBeNull();
    expect(back[2]).toBeNull();
    for (const i of [0, 3, 4, 5]) expect(Math.abs(back[i]! / (values[i] as number) - 1)).toBeLessThan(3e-3);
    expect(unpackSeries(packSeries([0.25, 0.25, 0.25]))).toEqual([0.25, 0.25, 0.25]);
    expect(unpackSeries(packSeries([]))).toEqual([]);
  });

  it('takes about one character a point for a smooth curve sampled at alternating gaps', () => {
    const x = Array.from({ length: 100 }, (_, i) => 160 * (2 * Math.floor(i / 2) + (i % 2 === 0 ? 0 : 1.5)));
    const packed = packSeries(x);
    expect(packed.length).toBeLessThan(130);
    unpackSeries(packed).forEach((value, i) => expect(Math.abs(value! - x[i])).toBeLessThanOrEqual(x[99] / 4094));
  });
});
