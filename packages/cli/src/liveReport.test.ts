import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveReportInterval, rewriteEvery, WAIT_PER_RENDER } from './liveReport.js';

/**
 * A write that takes `ms` on the clock that times writes, and notes when (on the timers' fake clock) it was called
 * and the reload it was given. The two clocks are apart: the timers' does not move during a write, so the waits
 * between writes show as they are.
 */
function timedWrite(clock: { now: number }, ms: number) {
  const calls: { at: number; reloadSeconds: number }[] = [];
  const write = (reloadSeconds: number) => {
    calls.push({ at: Date.now(), reloadSeconds });
    clock.now += ms;
    return true;
  };
  return { calls, write };
}

describe('rewriteEvery', () => {
  // setTimeout and Date.now run on vitest's fake timers; the clock that times a write is ours (a write moves it).
  let clock: { now: number };
  beforeEach(() => {
    vi.useFakeTimers();
    clock = { now: 0 };
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());
  const now = () => clock.now;
  const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

  it('writes first after the interval, then every interval while a write is quick', async () => {
    const { calls, write } = timedWrite(clock, 100);
    const live = rewriteEvery(1000, write, { now });
    await pass(999);
    expect(calls).toEqual([]);
    await pass(2001);
    // 100 ms writes: 5 × 100 is less than the interval, which then sets the wait.
    expect(calls).toEqual([
      { at: 1000, reloadSeconds: 1 },
      { at: 2000, reloadSeconds: 1 },
      { at: 3000, reloadSeconds: 1 },
    ]);
    expect(live.stop()).toBe(true);
  });

  it(`waits ${WAIT_PER_RENDER} times as long as a slow write took, and tells the page to reload as seldom`, async () => {
    const { calls, write } = timedWrite(clock, 400);
    const live = rewriteEvery(1000, write, { now });
    await pass(5000);
    // A write of 400 ms, then a wait of 5 × 400 = 2000 ms: writing takes 400 of every 2400 ms, 1/6 of the main
    // thread. The page written after a wait of 2 s reloads every 2 s.
    expect(calls).toEqual([
      { at: 1000, reloadSeconds: 1 },
      { at: 3000, reloadSeconds: 2 },
      { at: 5000, reloadSeconds: 2 },
    ]);
    live.stop();
  });

  it('stops: no write after stop(), which says whether a page was written', async () => {
    const early = timedWrite(clock, 10);
    expect(rewriteEvery(1000, early.write, { now }).stop()).toBe(false);
    await pass(3000);
    expect(early.calls).toEqual([]);

    const late = timedWrite(clock, 10);
    const live = rewriteEvery(1000, late.write, { now });
    await pass(1500);
    expect(live.stop()).toBe(true);
    await pass(3000);
    expect(late.calls).toHaveLength(1);
  });

  it('a write that wrote nothing (no sweep info) does not count as a page written', async () => {
    const live = rewriteEvery(1000, () => false, { now });
    await pass(2500);
    expect(live.stop()).toBe(false);
  });

  it('stops after a write that throws (a full disk), and never with an interval of 0', async () => {
    let tries = 0;
    const failing = rewriteEvery(100, () => {
      tries++;
      throw new Error('ENOSPC');
    }, { now });
    await pass(1000);
    expect(tries).toBe(1);
    expect(failing.stop()).toBe(false);

    const never = timedWrite(clock, 10);
    rewriteEvery(0, never.write, { now });
    await pass(3000);
    expect(never.calls).toEqual([]);
  });

  it('a stop() while the renderer loads (ready) means no write', async () => {
    const { calls, write } = timedWrite(clock, 10);
    let loaded!: () => void;
    const live = rewriteEvery(1000, write, { now, ready: () => new Promise<void>((resolve) => (loaded = resolve)) });
    await pass(1000);
    expect(live.stop()).toBe(false);
    loaded();
    await pass(100);
    expect(calls).toEqual([]);
  });
});

describe('liveReportInterval', () => {
  afterEach(() => vi.unstubAllEnvs());
  it('reads DESCENT_LIVE_REPORT_MS when it is a whole number ≥ 0, else 5000', () => {
    for (const [given, expected] of [['250', 250], [' 0 ', 0], ['', 5000], ['fast', 5000], ['-1', 5000], ['1.5', 5000]] as const) {
      vi.stubEnv('DESCENT_LIVE_REPORT_MS', given);
      expect(liveReportInterval(), given).toBe(expected);
    }
    vi.stubEnv('DESCENT_LIVE_REPORT_MS', undefined);
    expect(liveReportInterval()).toBe(5000);
  });
});
