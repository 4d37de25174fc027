import { performance } from 'node:perf_hooks';
import type { RunStore } from '@descent/runner';

/**
 * A sweep's report while `exp run` trains its runs: rewritten now and then with how many runs are done, as a page
 * that reloads itself (the report's `inProgress`). The clock here only schedules the writes; it enters no record,
 * and the page's numbers come from the store.
 */

const DEFAULT_INTERVAL_MS = 5000;

/**
 * Rendering runs on the main thread, which also hands runs to the workers (a 1,000-run report takes about a
 * second): the next write waits at least this many times the last one took, so writing costs at most 1/(1 + this)
 * of the main thread.
 */
export const WAIT_PER_RENDER = 5;

/** Milliseconds between rewrites: DESCENT_LIVE_REPORT_MS if a whole number ≥ 0 (0: no rewrites), else 5000. */
export function liveReportInterval(): number {
  const given = process.env.DESCENT_LIVE_REPORT_MS?.trim() ?? '';
  return /^\d+$/.test(given) ? Number(given) : DEFAULT_INTERVAL_MS;
}

export interface LiveReport {
  /** Stop rewriting. Returns whether a page was written, which the caller must then replace by the final report. */
  stop(): boolean;
}

/**
 * Rewrite `sweep`'s report under `root` with its progress while its runs train. `doneNow`: the runs this `exp run`
 * has done, filled as they finish, when older records must not count as done (`--force`).
 */
export function startLiveReport(store: RunStore, root: string, sweep: string, { intervalMs = liveReportInterval(), doneNow }: { intervalMs?: number; doneNow?: ReadonlySet<string> } = {}): LiveReport {
  let writeSweepReport: typeof import('./reports.js').writeSweepReport | undefined;
  return rewriteEvery(intervalMs, (reloadSeconds) => writeSweepReport!(store, root, sweep, { reloadSeconds, doneNow }) !== null, {
    // Loaded at the first write, not timed: a sweep shorter than the interval never loads the renderer early.
    ready: async () => void (writeSweepReport ??= (await import('./reports.js')).writeSweepReport),
  });
}

export interface RewriteOptions {
  /** Awaited before each write, outside the time measured (loading the renderer). */
  ready?: () => Promise<void>;
  /** The clock that times a write (a parameter for tests). */
  now?: () => number;
}

/**
 * Call `write(reloadSeconds)` first after `intervalMs`, then again `intervalMs` after each write ends, or
 * WAIT_PER_RENDER times as long as that write took if longer. `reloadSeconds` is the wait before it, in whole
 * seconds, so the page reloads about as often as it changes. `write` returns whether it wrote a page; one that
 * throws (a full disk) stops the rewrites: not worth stopping the runs for, and the final write says why.
 * `intervalMs` 0: never.
 */
export function rewriteEvery(intervalMs: number, write: (reloadSeconds: number) => boolean, { ready = async () => {}, now = () => performance.now() }: RewriteOptions = {}): LiveReport {
  let stopped = intervalMs === 0;
  let written = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (waitMs: number) => {
    timer = setTimeout(() => void rewrite(waitMs), waitMs);
    timer.unref(); // never what keeps the process alive
  };
  const rewrite = async (waitedMs: number) => {
    let took: number;
    try {
      await ready();
      if (stopped) return;
      const started = now();
      if (write(Math.max(1, Math.ceil(waitedMs / 1000)))) written = true;
      took = now() - started;
    } catch {
      stopped = true;
      return;
    }
    schedule(Math.max(intervalMs, WAIT_PER_RENDER * took));
  };
  if (!stopped) schedule(intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      return written;
    },
  };
}
