import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Every digit of the mnist package, grouped by class; pixel values stored as thousandths (see digits.ts). */
export interface DigitFiles {
  /** pixels[k]: class k's digits, count[k]×784 row-major, each value = grey level × 1000. */
  pixels: Uint16Array[];
  count: number[];
}

/*
 * The parsed digits in one binary file. Every worker thread that trains on digits is a fresh module state,
 * and parsing the mnist package's ten JSON files (21 MB) took ~0.7 s in each: a quarter of a thread's share
 * of the shipped optimizers sweep. Reading this file takes a few milliseconds.
 *
 * Layout: the magic, then the key's length (uint32, little-endian) and the key (UTF-8: each source file's
 * path, size and modification time, so an edited or reinstalled file makes the cache stale), padded to 4
 * bytes; then the ten class counts (uint32); then each class's thousandths (uint16), class 0 first.
 */
const MAGIC = 'DESCENT-DIGITS-1';

/** The key a cache must carry to stand for these source files as they are now. */
export function digitSourcesKey(sourceFiles: readonly string[]): string {
  return JSON.stringify(sourceFiles.map((file) => {
    const { size, mtimeMs } = statSync(file);
    return [file, size, mtimeMs];
  }));
}

/** The digits from `cacheFile` if it holds them for exactly this key, else null (missing, stale or damaged). */
export function readCachedDigits(cacheFile: string, key: string, classes: number, pixelsPerDigit: number): DigitFiles | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return null;
  }
  const magic = Buffer.from(MAGIC, 'latin1');
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return null;
  let at = magic.length;
  const keyLength = bytes.readUInt32LE(at);
  at += 4;
  if (at + keyLength > bytes.length || bytes.toString('utf8', at, at + keyLength) !== key) return null;
  at = align4(at + keyLength);
  if (at + 4 * classes > bytes.length) return null;
  const count: number[] = [];
  for (let k = 0; k < classes; k++, at += 4) count.push(bytes.readUInt32LE(at));
  const total = count.reduce((a, b) => a + b, 0) * pixelsPerDigit;
  if (bytes.length !== at + 2 * total) return null;
  const pixels: Uint16Array[] = [];
  for (let k = 0; k < classes; k++) {
    const values = count[k] * pixelsPerDigit;
    const offset = bytes.byteOffset + at;
    // Views on the file's bytes where they are aligned (a file this large gets a buffer of its own, at
    // offset 0): a copy would cost as much again as reading, in page faults for fresh memory.
    if (offset % 2 === 0) pixels.push(new Uint16Array(bytes.buffer, offset, values));
    else {
      const own = new Uint16Array(values);
      new Uint8Array(own.buffer).set(bytes.subarray(at, at + 2 * values));
      pixels.push(own);
    }
    at += 2 * values;
  }
  return { pixels, count };
}

/**
 * Write the cache for `key`, atomically (a temporary file renamed into place), or nothing where the folder
 * cannot be written: the cache only saves time.
 */
export function writeCachedDigits(cacheFile: string, key: string, files: DigitFiles): void {
  const keyBytes = Buffer.from(key, 'utf8');
  const head = align4(MAGIC.length + 4 + keyBytes.length);
  const total = files.pixels.reduce((sum, p) => sum + p.length, 0);
  const bytes = Buffer.alloc(head + 4 * files.count.length + 2 * total);
  bytes.write(MAGIC, 0, 'latin1');
  bytes.writeUInt32LE(keyBytes.length, MAGIC.length);
  keyBytes.copy(bytes, MAGIC.length + 4);
  let at = head;
  for (const c of files.count) {
    bytes.writeUInt32LE(c, at);
    at += 4;
  }
  for (const p of files.pixels) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  const temp = `${cacheFile}.tmp-${process.pid}-${tempCounter++}`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(temp, bytes);
    renameSync(temp, cacheFile);
  } catch {
    rmSync(temp, { force: true });
  }
}

let tempCounter = 0;

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
