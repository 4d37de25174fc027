import { describe, expect, it } from 'vitest';
import { decodeJson, decodeJsonUnscanned, encodeJson, nestedTooDeepValue } from './json.js';

describe('record JSON', () => {
  it('keeps NaN and both infinities instead of writing null', () => {
    const text = encodeJson({ loss: NaN, hi: Infinity, lo: -Infinity, ok: 1.5 });
    expect(text).not.toContain('null');
    const back = decodeJson<Record<string, number>>(text);
    expect(back.loss).toBeNaN();
    expect(back.hi).toBe(Infinity);
    expect(back.lo).toBe(-Infinity);
    expect(back.ok).toBe(1.5);
  });

  it('writes the same bytes whatever order the keys were inserted in', () => {
    expect(encodeJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(encodeJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(encodeJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('round-trips every float64 exactly, including the smallest subnormal', () => {
    const xs = [0.1, 1 / 3, 5e-324, 1.7976931348623157e308, -2.5e-10, Math.fround(0.1)];
    expect(decodeJson<number[]>(encodeJson(xs))).toEqual(xs);
  });

  it('does not let a user string that reads NaN turn into a number', () => {
    expect(decodeJson(encodeJson({ name: 'NaN' }))).toEqual({ name: 'NaN' });
  });

  it('reads the tag wherever it is nested, and leaves a string that only names it a string', () => {
    const series = { steps: [{ loss: 1 }, { loss: NaN }], last: [Infinity, -Infinity, 2] };
    const back = decodeJson<typeof series>(encodeJson(series));
    expect(back.steps[1].loss).toBeNaN();
    expect(back.last).toEqual([Infinity, -Infinity, 2]);
    // '"$number"' inside a string (a description) takes the reviving path: strings stay strings.
    const named = { description: 'records write NaN as {"$number":"NaN"}', value: 3 };
    expect(decodeJson(encodeJson(named))).toEqual(named);
    // A plain object keyed "$number" alongside other keys is data, not a tagged number.
    expect(decodeJson('{"a":{"$number":"NaN","b":1}}')).toEqual({ a: { $number: 'NaN', b: 1 } });
  });
});

describe('decodeJson of a damaged or hostile file', () => {
  it('refuses nesting deeper than 100 levels with a SyntaxError, not a stack overflow', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    expect(() => decodeJson(deep)).toThrow(new SyntaxError('JSON nested deeper than 100 levels at position 100'));
    expect(() => decodeJson('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000))).toThrow(/^JSON nested deeper than 100 levels at position 500$/);
  });

  it('reads 100 levels, and brackets inside strings (escaped quotes too) are not nesting', () => {
    expect(decodeJson('['.repeat(100) + ']'.repeat(100))).toBeInstanceOf(Array);
    const text = JSON.stringify({ note: '\\"' + '['.repeat(500) + '{'.repeat(500), x: [1] });
    expect(decodeJson(text)).toEqual({ note: '\\"' + '['.repeat(500) + '{'.repeat(500), x: [1] });
  });

  it('ends a string at a quote after an even number of backslashes, so nesting after it still counts', () => {
    // The text: ["x\\", [[[…: the string holds one backslash (written as two), and its quote closes it.
    const prefix = '["x\\\\",';
    const text = prefix + '['.repeat(200) + ']'.repeat(201);
    expect(() => decodeJson(text)).toThrow(new SyntaxError(`JSON nested deeper than 100 levels at position ${prefix.length + 99}`));
  });
});

describe('decodeJsonUnscanned and nestedTooDeepValue, for a caller that checks the values it keeps', () => {
  it('reads what decodeJson reads, non-finite numbers included', () => {
    const text = encodeJson({ a: [1, NaN, { b: -Infinity }], c: 'x' });
    expect(decodeJsonUnscanned(text)).toEqual(decodeJson(text));
  });

  it('finds a value nested deeper than decodeJson reads: 100 levels pass, 101 do not, in arrays or objects', () => {
    const arrays = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
    const objects = (levels: number) => JSON.parse('{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1));
    expect(nestedTooDeepValue(arrays(100))).toBe(false);
    expect(nestedTooDeepValue(arrays(101))).toBe(true);
    expect(nestedTooDeepValue(objects(100))).toBe(false);
    expect(nestedTooDeepValue(objects(101))).toBe(true);
    // Deep in one branch only, after shallow ones; and values that nest nothing.
    expect(nestedTooDeepValue([1, [2], { x: arrays(100) }])).toBe(true);
    expect(nestedTooDeepValue([1, [2], { x: arrays(98) }])).toBe(false);
    for (const value of [null, 0, NaN, 'text', true]) expect(nestedTooDeepValue(value)).toBe(false);
    // The levels decodeJson itself allows: what one refuses, the other does.
    expect(() => decodeJson(JSON.stringify(arrays(100)))).not.toThrow();
    expect(() => decodeJson(JSON.stringify(arrays(101)))).toThrow(SyntaxError);
  });
});
