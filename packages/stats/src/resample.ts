import seedrandom from 'seedrandom';

/** A seed for the bootstrap: the same seed gives the same resamples, bit for bit, on every machine. */
export type Seed = string | number;

/**
 * Bootstrap resample indices for samples of the given sizes: for resample r = 0 … resamples−1, for each sample s
 * in order, sizes[s] indices ⌊u·sizes[s]⌋ with u drawn from seedrandom's alea generator seeded with String(seed).
 * Returns one Int32Array per sample, resample-major (row r holds indices [r·size, (r+1)·size)).
 */
export function resampleIndices(sizes: readonly number[], resamples: number, seed: Seed): Int32Array[] {
  const uniform = seededUniform(seed);
  const indices = sizes.map((size) => new Int32Array(size * resamples));
  for (let r = 0; r < resamples; r++) {
    sizes.forEach((size, s) => {
      const row = indices[s];
      for (let i = 0; i < size; i++) row[r * size + i] = Math.floor(uniform() * size);
    });
  }
  return indices;
}

/** A generator of uniform numbers in [0, 1): seedrandom's alea seeded with String(seed), the same bits on every machine. */
export function seededUniform(seed: Seed): () => number {
  // seedrandom is CommonJS: the default import's `.alea` survives bundling, a named import does not.
  return seedrandom.alea(String(seed));
}
