import { describe, expect, it } from 'vitest';
import { describeThrown } from './describeThrown.js';

const hostile = (): unknown =>
  new Proxy(
    {},
    new Proxy(
      {},
      {
        get: () => () => {
          throw new Error('trap');
        },
      },
    ),
  );

describe('describeThrown', () => {
  it('reads an Error as its message, and a string as itself', () => {
    expect(describeThrown(new TypeError('bad lr'))).toBe('bad lr');
    expect(describeThrown('plain')).toBe('plain');
    expect(describeThrown(new Error('x'), { stack: true })).toMatch(/^Error: x\n\s+at /);
  });

  it('describes values that String() or a template literal cannot turn into text', () => {
    expect(describeThrown(Object.create(null))).toBe('a thrown Object with no message');
    expect(describeThrown(Object.assign(Object.create(null), { code: 7 }))).toBe('a thrown object {"code":7}');
    expect(describeThrown(Symbol('boom'))).toBe('a thrown Symbol(boom)');
    const getterThrows = Object.defineProperty(new Error(), 'message', {
      get() {
        throw new Error('no');
      },
    });
    expect(describeThrown(getterThrows)).toBe('a thrown Error with no message');
    expect(describeThrown(hostile())).toBe('a thrown value that cannot be described (it throws when read)');
    expect(describeThrown(null)).toBe('null');
    expect(describeThrown(undefined)).toBe('undefined');
    expect(describeThrown(10n)).toBe('10');
  });
});
