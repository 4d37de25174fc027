import { describe, expect, it } from 'vitest';
import type { OptimizerState } from './optimizer.js';
import { restoreState, serializeState } from './state.js';

const roundTrip = (state: OptimizerState) => restoreState(JSON.parse(JSON.stringify(serializeState(state))));

/** The raw bytes of a typed array, to compare bits (NaN payloads and -0 included). */
const bytes = (a: Float32Array | Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe('serializeState / restoreState', () => {
  it('restores typed arrays with their type and every bit, through JSON', () => {
    const specials = [NaN, Infinity, -Infinity, -0, 0.1, 1e-310, Number.MAX_VALUE];
    const state: OptimizerState = {
      f64: Float64Array.from(specials),
      f32: Float32Array.from([NaN, -Infinity, -0, 0.1, 3.4e38]),
      list: [Float32Array.from([1.5]), Float64Array.from([2.5, -0])],
      empty: [],
    };
    const restored = roundTrip(state);
    expect(restored.f64).toBeInstanceOf(Float64Array);
    expect(restored.f32).toBeInstanceOf(Float32Array);
    expect(bytes(restored.f64 as Float64Array)).toEqual(bytes(state.f64 as Float64Array));
    expect(bytes(restored.f32 as Float32Array)).toEqual(bytes(state.f32 as Float32Array));
    const list = restored.list as (Float32Array | Float64Array)[];
    expect(list.map((a) => a.constructor.name)).toEqual(['Float32Array', 'Float64Array']);
    expect(bytes(list[1])).toEqual(bytes(Float64Array.from([2.5, -0])));
    expect(restored.empty).toEqual([]);
  });

  it('keeps a NaN payload (the bytes are copied, not the values)', () => {
    const unusualNaN = new Float64Array(new BigUint64Array([0x7ff8_0000_dead_beefn]).buffer);
    expect(bytes(roundTrip({ x: unusualNaN }).x as Float64Array)).toEqual(bytes(unusualNaN));
  });

  it('restores numbers JSON cannot hold', () => {
    const restored = roundTrip({ a: NaN, b: Infinity, c: -Infinity, d: -0, e: 42 });
    expect(restored.a).toBeNaN();
    expect(restored.b).toBe(Infinity);
    expect(restored.c).toBe(-Infinity);
    expect(Object.is(restored.d, -0)).toBe(true);
    expect(restored.e).toBe(42);
  });

  it('refuses state that is not plain data, naming the key', () => {
    expect(() => serializeState({ velocity: [0.1, 0.2] as unknown as Float64Array })).toThrow("state 'velocity' cannot be saved: element 0 is a number, expected a Float32Array or Float64Array");
    expect(() => serializeState({ cache: new Map() as unknown as number })).toThrow("state 'cache' cannot be saved: it is a Map");
    expect(() => serializeState({ ints: new Int32Array(2) as unknown as Float64Array })).toThrow("it is an Int32Array");
  });

  it('refuses input it did not write', () => {
    expect(() => restoreState({ velocity: [] })).toThrow(/expected \{ format: 'descent-optimizer-state'/);
    const saved = JSON.parse(JSON.stringify(serializeState({ v: Float64Array.from([1, 2]) })));
    saved.values.v.length = 3;
    expect(() => restoreState(saved)).toThrow("state 'v' holds 16 bytes, expected 24 for 3 elements of Float64Array");
  });
});
