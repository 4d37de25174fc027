import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';

const created: string[] = [];

// Registered when a test file first imports this module (each test file has modules of its own), so it runs
// after that file's own afterAll hooks, which stop the processes still working in these folders. Trap: a
// dynamic import() of this module from inside a test would register it too late.
afterAll(() => {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
});

/**
 * The list of every folder made here that the test run's global teardown checks once every test process has
 * ended (scripts/vitest/tempFolders.ts). A trap seen once in CI, where it left folders of the CLI tests behind
 * with every test passed: a write still under way after a test file ended (a timer, a thread finishing its run)
 * recreates a removed folder, since the store makes its folders with `recursive`.
 */
const TEMP_FOLDERS_LOG = 'DESCENT_TEST_TEMP_FOLDERS';

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
  const log = process.env[TEMP_FOLDERS_LOG];
  if (log) appendFileSync(log, `${folder}\t${testFile()}\n`);
  return folder;
}
