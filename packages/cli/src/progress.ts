import type { ProgressEvent } from '@descent/runner';

/**
 * Progress of a sweep: a redrawn bar on a terminal (runs done / total, ETA, best metric so far), plain
 * lines every few seconds when stdout is not a TTY (CI logs), so logs stay readable.
 */
export class Progress {
  private readonly started = Date.now();
  private lastLine = 0;
  private best: { value: number; runId: string } | null = null;
  private counts = { finished: 0, diverged: 0, failed: 0 };

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly total: number,
    private readonly pending: number,
    private readonly metric: { name: string; goal: 'minimize' | 'maximize' },
    private readonly interval = 5000,
  ) {}

  update(event: ProgressEvent): void {
    const { record } = event;
    this.counts[record.status]++;
    const value = record.summary.finalMetric;
    if (record.status === 'finished' && Number.isFinite(value)) {
      const better = this.best === null || (this.metric.goal === 'minimize' ? value < this.best.value : value > this.best.value);
      if (better) this.best = { value, runId: record.runId };
    }
    const doneHere = this.counts.finished + this.counts.diverged + this.counts.failed;
    const elapsed = Date.now() - this.started;
    const eta = doneHere > 0 ? ((this.pending - doneHere) * elapsed) / doneHere : NaN;
    const best = this.best ? `best ${this.metric.name} ${format(this.best.value)}` : '';
    const statuses = `${this.counts.diverged} diverged, ${this.counts.failed} failed`;
    if (this.out.isTTY) {
      const width = 24;
      const filled = Math.round((event.done / this.total) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      this.out.write(`\r\x1b[2K${bar} ${event.done}/${this.total} runs · ETA ${duration(eta)} · ${statuses}${best ? ' · ' + best : ''}`);
      if (doneHere === this.pending) this.out.write('\n');
    } else if (Date.now() - this.lastLine >= this.interval || doneHere === this.pending) {
      this.lastLine = Date.now();
      this.out.write(`${event.done}/${this.total} runs done (${statuses}), ETA ${duration(eta)}${best ? ', ' + best : ''}\n`);
    }
  }
}

function format(x: number): string {
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(3);
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '--';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
