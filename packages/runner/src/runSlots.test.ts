import { describe, expect, it } from 'vitest';
import { RunSlots } from './runSlots.js';

/** Let every settled promise's reactions run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RunSlots', () => {
  it('grants places at once up to its capacity, then one for each given back', async () => {
    const slots = new RunSlots(2);
    const granted: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) void slots.take(() => 1).then(() => granted.push(name));
    await settle();
    expect(granted).toEqual(['a', 'b']);
    slots.give();
    await settle();
    expect(granted).toEqual(['a', 'b', 'c']);
    slots.give();
    slots.give();
    slots.give();
    await settle();
    expect(granted).toEqual(['a', 'b', 'c', 'd']);
    // Every place is free again: the next two are granted at once, a third waits.
    void slots.take(() => 1).then(() => granted.push('e'));
    void slots.take(() => 1).then(() => granted.push('f'));
    void slots.take(() => 1).then(() => granted.push('g'));
    await settle();
    expect(granted.slice(4)).toEqual(['e', 'f']);
  });

  it('gives a free place to the waiting sweep with the fewest runs left, as counted when the place comes free', async () => {
    const slots = new RunSlots(1);
    await slots.take(() => 0);
    const left = { big: 8, single: 1, other: 5 };
    const granted: string[] = [];
    const wait = (name: keyof typeof left) => void slots.take(() => left[name]).then(() => granted.push(name));
    wait('big');
    wait('single');
    wait('other');
    slots.give();
    await settle();
    expect(granted).toEqual(['single']);
    // The big sweep's round is nearly done by now: its count is read again.
    left.big = 2;
    slots.give();
    await settle();
    expect(granted).toEqual(['single', 'big']);
    slots.give();
    await settle();
    expect(granted).toEqual(['single', 'big', 'other']);
  });

  it('among equal counts, the first to ask', async () => {
    const slots = new RunSlots(1);
    await slots.take(() => 0);
    const granted: number[] = [];
    for (const n of [0, 1, 2]) void slots.take(() => 3).then(() => granted.push(n));
    for (let i = 0; i < 3; i++) {
      slots.give();
      await settle();
    }
    expect(granted).toEqual([0, 1, 2]);
  });
});
