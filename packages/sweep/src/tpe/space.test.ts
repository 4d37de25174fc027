import { describe, expect, test } from 'vitest';
import { axesOf, cardinality, pointKey, type Dimension } from './space.js';

describe('the search space', () => {
  test('axes come in key order, with kernel bounds in the internal coordinate', () => {
    const axes = axesOf({
      'optimizer.lr': { kind: 'log', min: 1e-4, max: 1 },
      'model.width': { kind: 'int', min: 4, max: 64 },
      'train.batch_size': { kind: 'int', min: 1, max: 256, log: true },
      'optimizer.momentum': { kind: 'uniform', min: 0, max: 0.99 },
    });
    expect(axes.map((axis) => axis.key)).toEqual(['model.width', 'optimizer.lr', 'optimizer.momentum', 'train.batch_size']);
    const bounds = axes.map((axis) => (axis.kind === 'numeric' ? [axis.low, axis.high] : null));
    expect(bounds).toEqual([[3.5, 64.5], [Math.log(1e-4), 0], [0, 0.99], [Math.log(0.5), Math.log(256.5)]]);
  });

  test('internal coordinates round to the declared values and stay within the bounds', () => {
    const [width, lr, batch] = axesOf({
      a: { kind: 'int', min: 4, max: 64 },
      b: { kind: 'log', min: 1e-4, max: 1 },
      c: { kind: 'int', min: 1, max: 256, log: true },
    });
    expect([3.5, 10.4, 10.6, 64.5].map((x) => width.fromInternal(x))).toEqual([4, 10, 11, 64]);
    expect(lr.fromInternal(Math.log(1e-2))).toBeCloseTo(1e-2, 15);
    expect(lr.fromInternal(1e-300)).toBe(1); // exp(tiny) rounds above max: clipped
    expect(batch.fromInternal(Math.log(31.6))).toBe(32);
    expect(batch.toInternal(32)).toBe(Math.log(32));
  });

  test('malformed dimensions are refused, naming the key', () => {
    const refused: [Dimension, RegExp][] = [
      [{ kind: 'uniform', min: 1, max: 1 }, /needs min < max/],
      [{ kind: 'uniform', min: 0, max: Infinity }, /min and max must be finite numbers/],
      [{ kind: 'log', min: 0, max: 1 }, /0 < min < max/],
      [{ kind: 'int', min: 1.5, max: 3 }, /integers/],
      [{ kind: 'int', min: 0, max: 3, log: true }, /min ≥ 1/],
      [{ kind: 'categorical', choices: [] }, /at least one choice/],
      [{ kind: 'categorical', choices: ['a', 'b', 'a'] }, /"a" is listed twice/],
    ];
    for (const [dimension, message] of refused) expect(() => axesOf({ 'optimizer.lr': dimension })).toThrow(new RegExp(`optimizer\\.lr: .*${message.source}`));
    expect(() => axesOf({})).toThrow(/no dimensions/);
  });

  test('values outside the space are refused: out of range, not an integer, not a choice', () => {
    const [act, k] = axesOf({ act: { kind: 'categorical', choices: ['relu', { name: 'leaky', slope: 0.1 }] }, k: { kind: 'int', min: 1, max: 5 } });
    expect(act.toInternal({ slope: 0.1, name: 'leaky' })).toBe(1); // choices compare by canonical JSON
    expect(() => act.toInternal('gelu')).toThrow(/act: "gelu" is not one of its choices/);
    expect(() => k.toInternal(2.5)).toThrow(/k: 2.5 is not an integer/);
    expect(() => k.toInternal(6)).toThrow(/k: 6 is outside \[1, 5\]/);
  });

  test('cardinality counts the points of integers and choices; a continuous axis makes it infinite', () => {
    expect(cardinality(axesOf({ a: { kind: 'int', min: 1, max: 5 }, b: { kind: 'categorical', choices: [1, 2, 3] } }))).toBe(15);
    expect(cardinality(axesOf({ a: { kind: 'int', min: 1, max: 5 }, b: { kind: 'uniform', min: 0, max: 1 } }))).toBe(Infinity);
  });

  test("a point's key is its values for the space's keys in canonical JSON, whatever the order or extra keys", () => {
    const axes = axesOf({ b: { kind: 'uniform', min: 0, max: 1 }, a: { kind: 'int', min: 1, max: 5 } });
    expect(pointKey(axes, { b: 0.5, a: 2, other: 'x' })).toBe('{"a":2,"b":0.5}');
  });
});
