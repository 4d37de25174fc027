/**
 * A write of the run store (or of a report) failed because of the storage, not because of the run: the disk
 * is full, a quota is reached, the file system is read-only, a folder is not writable, too many files are
 * open. The run itself is fine, so it must never be recorded as failed: the sweep stops, finished runs are
 * kept, and the next `exp run` (once the storage is fixed) continues where this one stopped.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    /** The file or folder that could not be written (absolute). */
    readonly path: string,
    /** The system's error code (ENOSPC, EROFS...). */
    readonly code: string,
  ) {
    super(`cannot write ${path}: ${storageReason(code)}`);
  }

  /** Why, in words: `no space left on device`. */
  get reason(): string {
    return storageReason(this.code);
  }

  /** What the user can do about it, in words: `free some space`. */
  get remedy(): string {
    return STORAGE_CODES[this.code]?.remedy ?? 'fix the storage';
  }
}

/** The system errors that mean "the storage refuses this write", with the reason and remedy in words. */
const STORAGE_CODES: Record<string, { reason: string; remedy: string }> = {
  ENOSPC: { reason: 'no space left on device', remedy: 'free some space' },
  EDQUOT: { reason: 'disk quota exceeded', remedy: 'free some space or raise the quota' },
  EROFS: { reason: 'read-only file system', remedy: 'mount it writable' },
  EACCES: { reason: 'permission denied', remedy: 'make the folder writable' },
  EPERM: { reason: 'operation not permitted', remedy: 'make the folder writable' },
  EIO: { reason: 'input/output error', remedy: 'check the disk' },
  ENOTDIR: { reason: 'a file is where that folder should be', remedy: 'move the file away' },
  EMFILE: { reason: 'too many open files', remedy: 'raise the limit (ulimit -n) or use fewer --workers' },
  ENFILE: { reason: 'too many open files in the system', remedy: 'close other programs or use fewer --workers' },
};

/** `no space left on device` for ENOSPC; the code itself for one this file does not know. */
export function storageReason(code: string): string {
  return STORAGE_CODES[code]?.reason ?? code;
}

/** The StorageError for a file-system error while writing `path`, or null when `error` is of another kind. */
export function storageErrorOf(error: unknown, path: string): StorageError | null {
  if (error instanceof StorageError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code in STORAGE_CODES ? new StorageError(path, code) : null;
}

/**
 * Run `write`, which writes `path`. If it throws, `cleanUp` first removes what it left half-done (a
 * temporary file or folder; a failure to remove it is ignored: the storage is failing already), then a
 * storage failure is thrown as a StorageError naming `path`, any other error as it is.
 */
export function writingTo<T>(path: string, write: () => T, cleanUp: () => void = () => {}): T {
  try {
    return write();
  } catch (error) {
    try {
      cleanUp();
    } catch {
      // the original error says what went wrong
    }
    throw storageErrorOf(error, path) ?? error;
  }
}
