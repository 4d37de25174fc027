import { describe, expect, it } from 'vitest';
import { measureInterleaved, median } from './measure.js';

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('measureInterleaved', () => {
  it('rotates which task goes first each round and reports work per second from the clock', async () => {
    // A fake clock: task A's unit takes 2 ms and does 10 units of work, B's takes 5 ms and does 1.
    let now = 0;
    const order: string[] = [];
    const task = (name: string, ms: number, work: number) => ({
      name,
      prepare: async () => void order.push(name),
      runOnce: () => ((now += ms), work),
    });
    const rates = await measureInterleaved([task('A', 2, 10), task('B', 5, 1)], { rounds: 3, blockMs: 20, now: () => now });
    // prepare runs once for the warm-up of each, then before every timed block: A B, then B A, then A B
    expect(order).toEqual(['A', 'B', 'A', 'B', 'B', 'A', 'A', 'B']);
    // 10 work per 2 ms = 5000/s; 1 per 5 ms = 200/s, identical in every round
    expect(rates.get('A')).toEqual({ rounds: [5000, 5000, 5000], median: 5000, min: 5000, max: 5000 });
    expect(rates.get('B')!.median).toBe(200);
  });

  it('times a remote task by its own clock, in the same rotation: its work over its seconds becomes its rate', async () => {
    // The local clock advances only for the local task A (2 ms per unit, 10 work); the remote task R reports
    // its own seconds: 4 ms and 3 work per unit, so 750 work/s whatever the local clock says.
    let now = 0;
    const order: string[] = [];
    const requested: number[] = [];
    const local = { name: 'A', prepare: async () => void order.push('A'), runOnce: () => ((now += 2), 10) };
    const remoteTask = {
      name: 'R',
      prepare: async () => void order.push('R'),
      runBlock: async (units: number) => {
        requested.push(units);
        return { work: 3 * units, seconds: 0.004 * units };
      },
    };
    const rates = await measureInterleaved([local, remoteTask], { rounds: 2, blockMs: 20, now: () => now });
    expect(order).toEqual(['A', 'R', 'A', 'R', 'R', 'A']);
    // warm-up doubles until a block lasts half of blockMs: 1, 2 units (4, 8 ms), then 4 units = 16 ms ≥ 10 ms;
    // 4 ms per unit sizes the timed blocks at 20 / 4 = 5 units
    expect(requested).toEqual([1, 2, 4, 5, 5]);
    expect(rates.get('R')).toEqual({ rounds: [750, 750], median: 750, min: 750, max: 750 });
    // 10 work per 2 ms
    expect(rates.get('A')!.median).toBe(5000);
  });
});
