import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIGIT_PIXELS, parseDigitFiles } from './digits.js';
import { digitSourcesKey, readCachedDigits, writeCachedDigits } from './digitsCache.js';

const mnistFolder = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
const SOURCES = Array.from({ length: 10 }, (_, k) => join(mnistFolder, `${k}.json`));
const scratch = mkdtempSync(join(tmpdir(), 'descent-digits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the binary cache of the mnist digits', () => {
  const parsed = parseDigitFiles(SOURCES);

  it('gives back every class count and every thousandth that parsing the JSON files gives', () => {
    const cacheFile = join(scratch, 'fresh', 'sub', 'mnist-digits.bin');
    const key = digitSourcesKey(SOURCES);
    expect(readCachedDigits(cacheFile, key, 10, DIGIT_PIXELS)).toBeNull(); // nothing there yet
    writeCachedDigits(cacheFile, key, parsed);
    const cached = readCachedDigits(cacheFile, key, 10, DIGIT_PIXELS);
    expect(cached).not.toBeNull();
    expect(cached!.count).toEqual(parsed.count);
    expect(cached!.count.reduce((a, b) => a + b, 0)).toBe(10_000);
    const bytesOf = (a: Uint16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (let k = 0; k < 10; k++) {
      expect(cached!.pixels[k].length, `class ${k}`).toBe(parsed.pixels[k].length);
      expect(bytesOf(cached!.pixels[k]).equals(bytesOf(parsed.pixels[k])), `class ${k}`).toBe(true);
    }
  });

  it('is stale when a source file changes, and ignored when damaged', () => {
    const folder = join(scratch, 'stale');
    mkdirSync(folder);
    // Two tiny "classes" of a copy of the format, so that a source can be touched without touching the package.
    const sources = [0, 1].map((k) => join(folder, `${k}.json`));
    writeFileSync(sources[0], JSON.stringify({ data: new Array(DIGIT_PIXELS).fill(0.25) }));
    writeFileSync(sources[1], JSON.stringify({ data: new Array(2 * DIGIT_PIXELS).fill(0.5) }));
    const files = parseDigitFiles(sources);
    expect(files.count).toEqual([1, 2]);
    const cacheFile = join(folder, 'cache.bin');
    writeCachedDigits(cacheFile, digitSourcesKey(sources), files);
    expect(readCachedDigits(cacheFile, digitSourcesKey(sources), 2, DIGIT_PIXELS)?.pixels[1][0]).toBe(500);

    const later = new Date(Date.now() + 5_000);
    utimesSync(sources[1], later, later);
    expect(readCachedDigits(cacheFile, digitSourcesKey(sources), 2, DIGIT_PIXELS)).toBeNull();

    writeCachedDigits(cacheFile, digitSourcesKey(sources), files);
    const whole = readFileSync(cacheFile);
    truncateSync(cacheFile, whole.length - 2);
    expect(readCachedDigits(cacheFile, digitSourcesKey(sources), 2, DIGIT_PIXELS)).toBeNull();
    copyFileSync(sources[0], cacheFile); // not a cache at all
    expect(readCachedDigits(cacheFile, digitSourcesKey(sources), 2, DIGIT_PIXELS)).toBeNull();
  });
});
