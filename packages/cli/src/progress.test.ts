import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '@descent/runner';
import { Progress } from './progress.js';

/** A non-TTY stream that keeps what is written. */
function sink(): NodeJS.WriteStream & { text: string } {
  const out = { isTTY: false, text: '', write: (chunk: string) => ((out.text += chunk), true) };
  return out as unknown as NodeJS.WriteStream & { text: string };
}

const event = (done: number, total: number): ProgressEvent => ({
  done,
  total,
  skipped: 0,
  record: { runId: `r${done}`, status: 'finished', error: null, summary: { finalMetric: 1 / done } as ProgressEvent['record']['summary'] },
});

describe('Progress', () => {
  it('estimates the time left from the recent throughput, not from the slow start', () => {
    // 100 runs: the first completes after 3 s (threads start, code is optimised), then one every 50 ms.
    let clock = 0;
    const out = sink();
    const progress = new Progress(out, 100, 100, { name: 'loss', goal: 'minimize' }, 0, () => clock);
    for (let done = 1; done <= 10; done++) {
      clock = 3000 + (done - 1) * 50;
      progress.update(event(done, 100));
    }
    const last = out.text.trimEnd().split('\n').at(-1)!;
    // 90 runs left at 50 ms each: 4.5 s. Counting from the start would say 90 × 3.45 s / 10 = 31 s.
    expect(last).toBe('10/100 runs done (0 diverged, 0 failed), ETA 5s, best loss 0.1000');
  });

  it('shows no ETA until it can measure one, and says "run" for one', () => {
    let clock = 0;
    const out = sink();
    const progress = new Progress(out, 1, 1, { name: 'loss', goal: 'minimize' }, 0, () => clock);
    clock = 1000;
    progress.update(event(1, 1));
    expect(out.text).toBe('1/1 run done (0 diverged, 0 failed), ETA --, best loss 1.000\n');
  });

  it('ends a bar left open on a terminal, so a message after it starts a line of its own', () => {
    const out = Object.assign(sink(), { isTTY: true });
    const progress = new Progress(out, 3, 3, { name: 'loss', goal: 'minimize' }, 0, () => 0);
    progress.update(event(1, 3));
    expect(out.text.endsWith('\n')).toBe(false);
    progress.end();
    expect(out.text.endsWith('\n')).toBe(true);
    // A finished bar is ended already: end() adds nothing.
    const done = Object.assign(sink(), { isTTY: true });
    const finished = new Progress(done, 1, 1, { name: 'loss', goal: 'minimize' }, 0, () => 0);
    finished.update(event(1, 1));
    const before = done.text;
    finished.end();
    expect(done.text).toBe(before);
  });
});
