import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { afterAll } from 'vitest';

/** A folder whose writes fail: a tiny tmpfs (full disk, ENOSPC), or where mounting is not allowed, no write permission (EACCES). */
export interface CrampedFolder {
  how: 'tmpfs' | 'read-only folder';
  /** Why this way, for the test's output: a test that could not mount says so. */
  why: string;
  /** The reason a write there fails, as StorageError words it. */
  reason: string;
  /** Give it room: remount larger (its files stay), or make it writable. */
  widen(): void;
  /** Unmount (idempotent; also done after the test file). Its files go with it. */
  release(): void;
}

const mounted = new Set<string>();
// Registered on first import, so it runs after the importing file's own afterAll hooks and before
// tempFolder's, which removes the folders these file systems are mounted on.
afterAll(() => {
  for (const dir of mounted) execFileSync('umount', [dir]);
  mounted.clear();
});

/**
 * Make `dir` (created if missing) a real file system of `size` (`200k`) that fills up: a tmpfs mounted
 * there, which needs root (as on the development machine and in CI). Where mounting is not allowed, the
 * folder loses its write permission instead, which gives EACCES to anyone but root.
 */
export function crampedFolder(dir: string, size: string): CrampedFolder {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    chmodSync(dir, 0o555);
    const refused = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message.split('\n')[0];
    return {
      how: 'read-only folder',
      why: `cannot mount a tmpfs (${refused}): a folder without write permission stands in for a full disk`,
      reason: 'permission denied',
      widen: () => chmodSync(dir, 0o755),
      release: () => chmodSync(dir, 0o755),
    };
  }
  mounted.add(dir);
  return {
    how: 'tmpfs',
    why: `a ${size} tmpfs is mounted at ${dir}`,
    reason: 'no space left on device',
    widen: () => execFileSync('mount', ['-o', 'remount,size=64m', dir]),
    release: () => {
      if (mounted.delete(dir)) execFileSync('umount', [dir]);
    },
  };
}
