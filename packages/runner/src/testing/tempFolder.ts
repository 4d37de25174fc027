import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { TEMP_FOLDERS_LOG } from './tempFoldersLog.js';

const created: string[] = [];

// Registered when a test file first imports this module (each test file has modules of its own), so it runs
// after that file's own afterAll hooks, which stop the processes still working in these folders. Trap: a
// dynamic import() of this module from inside a test would register it too late.
afterAll(() => {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
});

/** The test file running now, as far as vitest can tell here (a folder made while collecting tests too). */
function testFile(): string {
  try {
    return expect.getState().testPath ?? '';
  } catch {
    return '';
  }
}

/** A new folder in the system's temporary folder (`<prefix>XXXXXX`), removed after the test file that made it. */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  created.push(folder);
  // Listed for the test run's teardown, which removes a folder that a late write (a timer, a thread finishing its
  // run) made again after its test file ended: seen once in CI (scripts/vitest/tempFolders.ts).
  const log = process.env[TEMP_FOLDERS_LOG];
  if (log) appendFileSync(log, `${folder}\t${testFile()}\n`);
  return folder;
}
