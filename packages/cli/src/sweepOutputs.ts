/** Where Progress writes: a terminal's bar is redrawn in place, other streams get plain lines. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Where one sweep's lines go while `exp run` runs it. */
export interface SweepOutput {
  log(line: string): void;
  error(line: string): void;
  readonly progress: ProgressStream;
}

/** Straight to the terminal: a sweep run alone. */
export const consoleOutput: SweepOutput = {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  progress: process.stdout,
};

type Held = { to: 'log' | 'error'; line: string } | { to: 'progress'; text: string };

/**
 * The outputs of sweeps that run at once on one pool, printed as if they had run one after another: the first
 * sweep's lines are printed as they come; a later sweep's are held until every sweep before it has finished, then
 * printed in one go, and from then on as they come.
 *
 * A held sweep's progress lines (a log's, not a terminal) are held with its other lines; its bar on a terminal is
 * dropped, as it would be stale by then, and drawn again from its next run once the sweep prints.
 */
export class OrderedOutputs {
  private printing = 0;
  private readonly held: Held[][];
  private readonly finished: boolean[];
  /** Per output: whether a bar has been drawn since it began printing (a bar's closing newline needs one). */
  private readonly barDrawn: boolean[];

  constructor(
    count: number,
    private readonly terminal: SweepOutput = consoleOutput,
  ) {
    this.held = Array.from({ length: count }, () => []);
    this.finished = Array.from({ length: count }, () => false);
    this.barDrawn = Array.from({ length: count }, () => false);
  }

  output(index: number): SweepOutput {
    const tty = Boolean(this.terminal.progress.isTTY);
    return {
      log: (line) => this.emit(index, { to: 'log', line }),
      error: (line) => this.emit(index, { to: 'error', line }),
      progress: {
        isTTY: tty,
        write: (text: string) => {
          if (!tty) return this.emit(index, { to: 'progress', text });
          if (index !== this.printing) return; // a held sweep's bar: dropped
          // The newline that closes a bar Progress drew while the sweep was held would print an empty line.
          if (text === '\n' && !this.barDrawn[index]) return;
          this.barDrawn[index] = text !== '\n';
          this.terminal.progress.write(text);
        },
      },
    };
  }

  /** Sweep `index` has printed its last line: the sweeps after it print what they hold, in order. */
  finish(index: number): void {
    this.finished[index] = true;
    while (this.printing < this.held.length && this.finished[this.printing]) {
      this.printing++;
      if (this.printing < this.held.length) this.release(this.printing);
    }
  }

  private emit(index: number, item: Held): void {
    if (index === this.printing) this.print(item);
    else this.held[index].push(item);
  }

  private release(index: number): void {
    for (const item of this.held[index].splice(0)) this.print(item);
  }

  private print(item: Held): void {
    if (item.to === 'progress') this.terminal.progress.write(item.text);
    else this.terminal[item.to](item.line);
  }
}
