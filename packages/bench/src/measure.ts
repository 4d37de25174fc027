/** Something to time: one call does a fixed amount of work and says how much (examples, or floating-point operations). */
export interface TimedTask {
  name: string;
  /** Run one unit (a training step, a multiplication); returns the work it did. */
  runOnce(): number;
  /** Untimed, before each timed block. */
  prepare?(): Promise<void>;
}

export interface MeasureOptions {
  /** Timed blocks per task. */
  rounds: number;
  /** Target length of one timed block; a block always runs at least one unit. */
  blockMs: number;
  /** Clock in milliseconds (injected so tests can drive it). */
  now?: () => number;
}

/** Work per second of each round, and their median and range. */
export interface Rate {
  rounds: number[];
  median: number;
  min: number;
  max: number;
}

/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarizeRates(rounds: number[]): Rate {
  return { rounds, median: median(rounds), min: Math.min(...rounds), max: Math.max(...rounds) };
}

/**
 * Time the tasks against each other: after a warm-up (which also sizes the blocks so each lasts about
 * `blockMs`), every round runs one timed block of each task, rotating which task goes first, so a slow
 * minute of a shared machine (another process, a GC storm) lands on all contenders alike rather than on one.
 */
export async function measureInterleaved(tasks: readonly TimedTask[], options: MeasureOptions): Promise<Map<string, Rate>> {
  const now = options.now ?? (() => performance.now());
  const unitsPerBlock = new Map<string, number>();
  for (const task of tasks) {
    await task.prepare?.();
    // Warm-up: let the JIT settle, then size the block from the warm unit time.
    let units = 0;
    const started = now();
    while (units < 1 || now() - started < options.blockMs / 2) {
      task.runOnce();
      units++;
    }
    const perUnit = (now() - started) / units;
    unitsPerBlock.set(task.name, Math.max(1, Math.round(options.blockMs / Math.max(perUnit, 1e-6))));
  }
  const rates = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < tasks.length; k++) {
      const task = tasks[(round + k) % tasks.length];
      await task.prepare?.();
      const units = unitsPerBlock.get(task.name)!;
      let work = 0;
      const started = now();
      for (let u = 0; u < units; u++) work += task.runOnce();
      const seconds = (now() - started) / 1000;
      rates.get(task.name)!.push(work / seconds);
    }
  }
  return new Map([...rates].map(([name, rounds]) => [name, summarizeRates(rounds)]));
}
