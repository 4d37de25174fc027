import seedrandom from 'seedrandom';

/**
 * A seeded source of random numbers. Every random number in Descent comes from one of these:
 * nothing reads `Math.random`, so a seed fixes a result to the bit.
 *
 * Streams are independent by name: `rng.stream('init')` and `rng.stream('shuffle')` give
 * generators that do not depend on each other or on how many numbers the parent has drawn,
 * so adding a draw to one part of a run never shifts the numbers of another.
 */
export interface Rng {
  /** The seed this generator was made from (streams append `/name`). */
  readonly seed: string;
  /** Uniform in [0, 1), 32 bits of randomness. */
  uniform(): number;
  /** Uniform in [low, high). */
  uniformIn(low: number, high: number): number;
  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher–Yates shuffle in place; returns its argument. */
  shuffle<T extends { length: number; [i: number]: any }>(items: T): T;
  /** A permutation of 0..n-1. */
  permutation(n: number): Int32Array;
  /** An independent generator derived from this one's seed and `name` (not from its position). */
  stream(name: string): Rng;
}

/** Make a generator from a seed. Equal seeds give equal sequences on every machine. */
export function rng(seed: string | number): Rng {
  return new AleaRng(String(seed));
}

class AleaRng implements Rng {
  readonly seed: string;
  // alea: fast (10M uniforms in ~170 ms) and portable; seedrandom's default ARC4 is 3x slower.
  private readonly next: () => number;
  // Box–Muller yields normals in pairs; the second is kept for the next call.
  private spareNormal: number | null = null;

  constructor(seed: string) {
    this.seed = seed;
    // seedrandom is CommonJS: the default import's `.alea` survives bundling, a named import does not.
    this.next = seedrandom.alea(seed);
  }

  uniform(): number {
    return this.next();
  }

  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    // 1 - u keeps the argument of log in (0, 1], so log never sees 0.
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`rng.int: n must be a positive integer (got ${n})`);
    return Math.floor(this.next() * n);
  }

  shuffle<T extends { length: number; [i: number]: any }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  stream(name: string): Rng {
    return new AleaRng(`${this.seed}/${name}`);
  }
}
