import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writingTo } from '@descent/runner';
import { TEMPORARY_MARK } from '@descent/sweep';

/**
 * Write `content` to a temporary name beside `path` and rename it into place: a reader never sees half a file,
 * and a failed write leaves the old one as it was (and no temporary). A full or read-only disk is a StorageError
 * naming `path` (one line, see haltMessage.ts); other errors are thrown as they are. Returns `path`.
 */
export function writeAtomically(path: string, content: string): string {
  const temp = `${path}${TEMPORARY_MARK}${process.pid}`;
  writingTo(
    path,
    () => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(temp, content);
      renameSync(temp, path);
    },
    () => rmSync(temp, { force: true }),
  );
  return path;
}
