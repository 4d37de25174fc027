import { describe, expect, it } from 'vitest';
import { compactNumberCell } from './_sortableTable.js';

describe('compactNumberCell', () => {
  it('writes no data-sort when the sort script reads the same number from the text', () => {
    expect(compactNumberCell(0.0001, '0.0001').value).toBe('<td>0.0001');
    expect(compactNumberCell(8, '8').value).toBe('<td>8');
    // The sort script leaves thousands separators out.
    expect(compactNumberCell(16000, '16,000').value).toBe('<td>16,000');
    // Not a number either way: sorted last with or without the attribute.
    expect(compactNumberCell(NaN, 'NaN').value).toBe('<td>NaN');
    expect(compactNumberCell(null, 'never').value).toBe('<td>never');
    expect(compactNumberCell(Infinity, '∞').value).toBe('<td>∞');
  });

  it('keeps the exact value when the text is rounded, has a unit or says something else', () => {
    expect(compactNumberCell(0.017580000000000002, '0.0176').value).toBe('<td data-sort="0.017580000000000002">0.0176');
    expect(compactNumberCell(1125, '1.125 s').value).toBe('<td data-sort="1125">1.125 s');
    // A missing value whose text happens to read as a number must still sort last.
    expect(compactNumberCell(null, '0').value).toBe('<td data-sort="">0');
  });

  it('escapes the text', () => {
    expect(compactNumberCell(1, '<1>').value).toBe('<td data-sort="1">&lt;1&gt;');
  });
});
