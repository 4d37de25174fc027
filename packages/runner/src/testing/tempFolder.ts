import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];

// Registered when a test file first imports this module (each test file has modules of its own), so it runs
// after that file's own afterAll hooks, which stop the processes still working in these folders. Trap: a
// dynamic import() of this module from inside a test would register it too late.
afterAll(() => {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A new folder in the system's temporary folder (`<prefix>XXXXXX`), removed after the test file that made it. */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  created.push(folder);
  return folder;
}
