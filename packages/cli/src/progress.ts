import { statusCounts, type ProgressEvent } from '@descent/runner';
import type { ProgressStream } from './sweepOutputs.js';

/** Completions the ETA's throughput is measured over: recent enough to follow a sweep that speeds up. */
const WINDOW = 32;

/**
 * Progress of a sweep: a redrawn bar on a terminal (runs done / total, ETA, best metric so far), plain
 * lines every few seconds when stdout is not a TTY (CI logs), so logs stay readable.
 *
 * The ETA is the runs left over the throughput of the last completions, not over the time since the start:
 * the first runs of a sweep also pay for starting threads and optimising the training code, so a sweep
 * runs several times faster after its first runs (an ETA from the start said 56 s for a 5 s sweep).
 */
export class Progress {
  private lastLine = 0;
  /** A bar is drawn on the terminal's current line, not yet ended by a newline. */
  private barOpen = false;
  /** When recent runs completed (at most WINDOW). */
  private readonly completions: number[] = [];
  private best: { value: number; runId: string } | null = null;
  private counts = statusCounts();

  constructor(
    private readonly out: ProgressStream,
    private readonly total: number,
    private readonly pending: number,
    private readonly metric: { name: string; goal: 'minimize' | 'maximize' },
    private readonly interval = 5000,
    /** The clock (a parameter for tests); progress is shown to the user, never recorded in a run. */
    private readonly now: () => number = Date.now,
  ) {}

  /** End a bar left open on the terminal (the sweep stopped before its last run), so what follows starts a line. */
  end(): void {
    if (this.barOpen) this.out.write('\n');
    this.barOpen = false;
  }

  /** Milliseconds until the `left` runs are done, from the recent throughput; NaN until it can be measured. */
  private eta(left: number): number {
    const times = this.completions;
    // Two workers often finish together: wait for three completions before measuring a rate.
    if (times.length < 3) return NaN;
    const span = times[times.length - 1] - times[0];
    return span > 0 ? (left * span) / (times.length - 1) : NaN;
  }

  update(event: ProgressEvent): void {
    const { record } = event;
    this.counts[record.status]++;
    const value = record.summary.finalMetric;
    if (record.status === 'finished' && Number.isFinite(value)) {
      const better = this.best === null || (this.metric.goal === 'minimize' ? value < this.best.value : value > this.best.value);
      if (better) this.best = { value, runId: record.runId };
    }
    const doneHere = Object.values(this.counts).reduce((sum, count) => sum + count, 0);
    this.completions.push(this.now());
    if (this.completions.length > WINDOW) this.completions.shift();
    const eta = this.eta(this.pending - doneHere);
    const best = this.best ? `best ${this.metric.name} ${format(this.best.value)}` : '';
    const statuses = `${this.counts.diverged} diverged, ${this.counts.failed} failed${this.counts.pruned > 0 ? `, ${this.counts.pruned} pruned` : ''}`;
    if (this.out.isTTY) {
      const width = 24;
      const filled = Math.round((event.done / this.total) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      this.out.write(`\r\x1b[2K${bar} ${event.done}/${this.total} ${runs(this.total)} · ETA ${duration(eta)} · ${statuses}${best ? ' · ' + best : ''}`);
      this.barOpen = doneHere !== this.pending;
      if (!this.barOpen) this.out.write('\n');
    } else if (this.now() - this.lastLine >= this.interval || doneHere === this.pending) {
      this.lastLine = this.now();
      this.out.write(`${event.done}/${this.total} ${runs(this.total)} done (${statuses}), ETA ${duration(eta)}${best ? ', ' + best : ''}\n`);
    }
  }
}

const runs = (n: number) => (n === 1 ? 'run' : 'runs');

function format(x: number): string {
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(3);
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '--';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
