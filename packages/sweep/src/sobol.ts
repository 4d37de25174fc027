import type { Rng } from '@descent/tensor';

/**
 * Sobol points in base 2, and Owen's nested uniform scrambling of them.
 *
 * Direction numbers: S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional
 * projections", SIAM J. Sci. Comput. 30 (2008) 2635–2654, the file `new-joe-kuo-6.21201` from
 * https://web.maths.unsw.edu.au/~fkuo/sobol/ (the one SciPy's `qmc.Sobol` reads). Rows for dimensions 2 to 32
 * as `[s, a, m_1 … m_s]`: s the degree of the primitive polynomial, a its inner coefficients as bits, m the
 * initial direction integers. Dimension 1 (van der Corput) needs none: every m_k is 1.
 */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
  [6, 19, 1, 1, 1, 15, 7, 5],
  [6, 22, 1, 3, 1, 15, 13, 25],
  [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103],
  [7, 4, 1, 3, 7, 13, 13, 15, 69],
  [7, 7, 1, 1, 3, 13, 7, 35, 63],
  [7, 8, 1, 3, 5, 9, 1, 25, 53],
  [7, 14, 1, 3, 1, 13, 9, 35, 107],
  [7, 19, 1, 3, 1, 5, 27, 61, 31],
  [7, 21, 1, 1, 5, 11, 19, 41, 61],
  [7, 28, 1, 3, 5, 3, 3, 13, 69],
  [7, 31, 1, 1, 7, 13, 1, 19, 1],
  [7, 32, 1, 3, 7, 5, 13, 19, 59],
  [7, 37, 1, 1, 3, 9, 25, 29, 41],
  [7, 41, 1, 3, 5, 13, 23, 1, 55],
  [7, 42, 1, 3, 7, 3, 13, 59, 17],
];

/** The dimensions this table supports: one per swept parameter of a quasirandom sweep. */
export const SOBOL_DIMENSIONS = JOE_KUO.length + 1;

/** Bits of every coordinate: a point is 32-bit integers, coordinate = integer / 2³². */
const BITS = 32;
const SCALE = 2 ** BITS;

/**
 * The direction numbers v_1 … v_32 of `dimension` (0-based) as 32-bit integers, v_k = m_k · 2^(32−k), with
 * m_k for k > s from the recurrence m_k = 2a_1 m_{k−1} ⊕ 2²a_2 m_{k−2} ⊕ … ⊕ 2^s m_{k−s} ⊕ m_{k−s}.
 */
function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [s, a, ...m] = JOE_KUO[dimension - 1];
  for (let k = 0; k < s; k++) v[k] = m[k] * 2 ** (BITS - 1 - k);
  for (let k = s; k < BITS; k++) {
    let x = v[k - s] ^ (v[k - s] >>> s);
    for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) x ^= v[k - j];
    v[k] = x;
  }
  return v;
}

const DIRECTIONS: Uint32Array[] = [];
function directionsOf(dimension: number): Uint32Array {
  if (!Number.isInteger(dimension) || dimension < 0 || dimension >= SOBOL_DIMENSIONS) throw new RangeError(`sobol: dimension ${dimension} is outside [0, ${SOBOL_DIMENSIONS})`);
  return (DIRECTIONS[dimension] ??= directionNumbers(dimension));
}

/**
 * Coordinate `dimension` of Sobol point `index` as a 32-bit integer, in Gray-code order (as Joe and Kuo's
 * sobol.cc and SciPy's `qmc.Sobol`): x_n = ⊕ v_k over the bits k of g = n ⊕ ⌊n/2⌋. The first 2^m points of
 * every dimension hold each of the 2^m prefixes of m bits once, whatever the order.
 */
export function sobolInteger(index: number, dimension: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= SCALE) throw new RangeError(`sobol: index ${index} is outside [0, 2^32)`);
  const v = directionsOf(dimension);
  const gray = (index ^ (index >>> 1)) >>> 0;
  let x = 0;
  for (let k = 0; k < BITS && gray >>> k !== 0; k++) if ((gray >>> k) & 1) x ^= v[k];
  return x >>> 0;
}

/** The unscrambled point `index` in [0, 1)^dimensions (dimension 1 first). */
export function sobolPoint(index: number, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, d) => sobolInteger(index, d) / SCALE);
}

/**
 * Owen's nested uniform scrambling of one coordinate: bit k of the result is bit k of x flipped by a random
 * bit that belongs to x's first k bits (a node of the binary tree of prefixes), so points that share a
 * prefix of k bits still share one after scrambling, and the (t, m, s)-net property of the first 2^m points
 * is kept. The tree's 2³² − 1 flip bits are not stored: each is the top bit of a hash of (node, key), a
 * bijective integer mix (Wellons' lowbias32), and the 64-bit key is drawn from the seeded `random`. So a
 * scrambled point is a pure function of the seed, the dimension and its index.
 */
export function owenScrambler(random: Rng): (x: number) => number {
  const keyA = Math.floor(random.uniform() * SCALE);
  const keyB = Math.floor(random.uniform() * SCALE);
  return (x: number) => {
    let out = 0;
    for (let k = 0; k < BITS; k++) {
      // The node: depth k and the first k bits of x; distinct prefixes of one depth give distinct hashes.
      const prefix = k === 0 ? 0 : x >>> (BITS - k);
      const flip = mix32(keyA ^ mix32(prefix ^ mix32((keyB + k) >>> 0))) >>> 31;
      const bit = (x >>> (BITS - 1 - k)) & 1;
      out = out * 2 + (bit ^ flip);
    }
    return out;
  };
}

/** A bijection of 32-bit integers with good avalanche (C. Wellons, "lowbias32", hash-prospector). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Scrambled Sobol points in [0, 1)^dimensions: dimension d scrambled by its own stream `random.stream(String(d))`.
 * `point(n)` depends only on the seed of `random`, the dimension and n, never on which points came before.
 */
export function scrambledSobol(dimensions: number, random: Rng): { point(index: number): number[] } {
  if (dimensions > SOBOL_DIMENSIONS) throw new RangeError(`sobol: ${dimensions} dimensions; at most ${SOBOL_DIMENSIONS} are supported`);
  const scramblers = Array.from({ length: dimensions }, (_, d) => owenScrambler(random.stream(String(d))));
  return { point: (index) => scramblers.map((scramble, d) => scramble(sobolInteger(index, d)) / SCALE) };
}
