import { describe, expect, it } from 'vitest';
import { compactNumberCell } from './_sortableTable.js';

describe('compactNumberCell', () => {
  it('writes no data-sort when the text is a number: the sort script reads it, as shown', () => {
    expect(compactNumberCell(0.0001, '0.0001').value).toBe('<td>0.0001');
    expect(compactNumberCell(8, '8').value).toBe('<td>8');
    // The sort script leaves thousands separators out.
    expect(compactNumberCell(16000, '16,000').value).toBe('<td>16,000');
    // Rounded for display: it sorts as the reader sees it.
    expect(compactNumberCell(0.35639871234567, '0.3564').value).toBe('<td>0.3564');
    // Not a number either way: sorted last with or without the attribute.
    expect(compactNumberCell(NaN, 'NaN').value).toBe('<td>NaN');
    expect(compactNumberCell(null, 'never').value).toBe('<td>never');
    expect(compactNumberCell(Infinity, '∞').value).toBe('<td>∞');
  });

  it('keeps the value, to 8 significant digits, when the text has a unit or says something else', () => {
    expect(compactNumberCell(1125, '1.125 s').value).toBe('<td data-sort="1125">1.125 s');
    expect(compactNumberCell(1125.2999999999997, '1.125 s').value).toBe('<td data-sort="1125.3">1.125 s');
    // A missing value whose text happens to read as a number must still sort last.
    expect(compactNumberCell(null, '0').value).toBe('<td data-sort="">0');
  });

  it('escapes the text', () => {
    expect(compactNumberCell(1, '<1>').value).toBe('<td data-sort="1">&lt;1&gt;');
  });

  it('never inverts the order of two values (rounding to 8 digits can only tie them)', () => {
    const key = (value: number) => Number(/data-sort="([^"]*)"/.exec(compactNumberCell(value, 'x').value)![1]);
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const a = (next() - 0.5) * 10 ** Math.floor(next() * 12 - 6);
      const b = a * (1 + (next() - 0.5) * 1e-7);
      if (a < b) expect(key(a)).toBeLessThanOrEqual(key(b));
      else expect(key(a)).toBeGreaterThanOrEqual(key(b));
    }
  });
});
