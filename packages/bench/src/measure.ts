/** Something to time in this process: one call does a fixed amount of work and says how much (examples, or floating-point operations). */
export interface LocalTimedTask {
  name: string;
  /** Run one unit (a training step, a multiplication); returns the work it did. */
  runOnce(): number;
  /** Untimed, before each timed block. */
  prepare?(): Promise<void>;
}

/**
 * Something timed in another process (PyTorch's): a whole block of units runs over there and comes back
 * with its own clock's seconds, because a call per unit would time the pipe rather than the work.
 */
export interface RemoteTimedTask {
  name: string;
  /** Run `units` units; resolves to the work they did and the seconds they took, as timed remotely. */
  runBlock(units: number): Promise<BlockTiming>;
  /** Untimed, before each timed block. */
  prepare?(): Promise<void>;
}

export interface BlockTiming {
  work: number;
  seconds: number;
}

export type TimedTask = LocalTimedTask | RemoteTimedTask;

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

/** Warm up (let the JIT settle) for about half a block; returns the warm milliseconds per unit. */
function warmUpLocal(task: LocalTimedTask, blockMs: number, now: () => number): number {
  let units = 0;
  const started = now();
  while (units < 1 || now() - started < blockMs / 2) {
    task.runOnce();
    units++;
  }
  return (now() - started) / units;
}

/** Blocks of 1, 2, 4, ... units until one lasts half a block; returns its milliseconds per unit. */
async function warmUpRemote(task: RemoteTimedTask, blockMs: number): Promise<number> {
  for (let units = 1; ; units *= 2) {
    const { seconds } = await task.runBlock(units);
    if (seconds * 1000 >= blockMs / 2) return (seconds * 1000) / units;
  }
}

/** The hot loop of a local block: nothing but the units between the two clock readings. */
function timeLocalBlock(task: LocalTimedTask, units: number, now: () => number): BlockTiming {
  let work = 0;
  const started = now();
  for (let u = 0; u < units; u++) work += task.runOnce();
  return { work, seconds: (now() - started) / 1000 };
}

/**
 * Time the tasks against each other: after a warm-up (which also sizes the blocks so each lasts about
 * `blockMs`), every round runs one timed block of each task, rotating which task goes first, so a slow
 * minute of a shared machine (another process, a GC storm) lands on all contenders alike rather than on one.
 * A remote task's blocks take their place in the same rotation; their seconds come from the remote clock.
 */
export async function measureInterleaved(tasks: readonly TimedTask[], options: MeasureOptions): Promise<Map<string, Rate>> {
  const now = options.now ?? (() => performance.now());
  const unitsPerBlock = new Map<string, number>();
  for (const task of tasks) {
    await task.prepare?.();
    const msPerUnit = 'runBlock' in task ? await warmUpRemote(task, options.blockMs) : warmUpLocal(task, options.blockMs, now);
    unitsPerBlock.set(task.name, Math.max(1, Math.round(options.blockMs / Math.max(msPerUnit, 1e-6))));
  }
  const rates = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < tasks.length; k++) {
      const task = tasks[(round + k) % tasks.length];
      await task.prepare?.();
      const units = unitsPerBlock.get(task.name)!;
      const { work, seconds } = 'runBlock' in task ? await task.runBlock(units) : timeLocalBlock(task, units, now);
      rates.get(task.name)!.push(work / seconds);
    }
  }
  return new Map([...rates].map(([name, rounds]) => [name, summarizeRates(rounds)]));
}
