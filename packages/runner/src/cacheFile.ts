import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let tempCounter = 0;

/**
 * Write one of a sweep folder's caches (run states, run listing) whole: to a temporary file, then renamed, so a
 * reader sees the old file or the new one. Two processes writing it at once leave one of their versions, either of
 * which is true of the files it stamps. A store that cannot be written keeps no cache (nothing is lost).
 */
export function writeCacheFile(dir: string, name: string, text: string): void {
  const temp = join(dir, `${name}.tmp-${process.pid}-${tempCounter++}`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, join(dir, name));
  } catch {
    rmSync(temp, { force: true });
  }
}
