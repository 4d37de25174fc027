import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { TEMP_FOLDERS_LOG } from '../../packages/runner/src/testing/tempFoldersLog.js';

/**
 * Vitest global setup: every test file removes the temporary folders it made (@descent/runner/testing's
 * tempFolder), and this checks, once every test process has ended, that none came back. One did in CI: a write
 * still under way after its test file ended (a timer, a thread finishing its run) recreated a removed folder.
 * Such a folder is removed here, and named with the test file that made it and what was written into it, so the
 * late write can be found. Folders are listed in a file whose path the test processes inherit in the environment.
 */
export default function tempFolders(): () => void {
  const own = mkdtempSync(join(tmpdir(), 'vitest-temp-folders-'));
  const log = join(own, 'made.tsv');
  process.env[TEMP_FOLDERS_LOG] = log;
  return () => {
    const made = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    for (const line of made) {
      const [folder, testFile] = line.split('\t');
      if (!existsSync(folder)) continue;
      let contents: string[] = [];
      try {
        contents = readdirSync(folder, { recursive: true, encoding: 'utf8' }).slice(0, 12);
      } catch {}
      console.warn(`a temporary folder made by ${relative(process.cwd(), testFile || '?')} was written again after that file ended, and is removed now: ${folder}: ${contents.join(', ') || '(empty)'}`);
      rmSync(folder, { recursive: true, force: true });
    }
    rmSync(own, { recursive: true, force: true });
  };
}
