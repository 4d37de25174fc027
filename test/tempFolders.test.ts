import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { TEMP_FOLDERS_LOG } from '../packages/runner/src/testing/tempFoldersLog.js';
import tempFolders from '../scripts/vitest/tempFolders.js';

it('the global teardown removes a temporary folder written again after its test file ended, naming the file and what was written', () => {
  const inherited = process.env[TEMP_FOLDERS_LOG];
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const removed = mkdtempSync(join(tmpdir(), 'descent-removed-'));
  const back = mkdtempSync(join(tmpdir(), 'descent-back-'));
  try {
    const teardown = tempFolders();
    const log = process.env[TEMP_FOLDERS_LOG]!;
    expect(log).not.toBe(inherited);
    mkdirSync(join(back, 'experiments', 'runs'), { recursive: true });
    writeFileSync(join(back, 'experiments', 'runs', 'record.json'), '{}');
    appendFileSync(log, `${removed}\t${join(process.cwd(), 'packages/cli/test/a.test.ts')}\n${back}\t${join(process.cwd(), 'packages/cli/test/b.test.ts')}\n`);
    // `removed` stayed removed after its test file, `back` was written again.
    rmSync(removed, { recursive: true });
    teardown();
    expect(existsSync(back)).toBe(false);
    expect(existsSync(log)).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^a temporary folder made by packages\/cli\/test\/b\.test\.ts was written again .*descent-back-\w+: experiments, experiments\/runs, experiments\/runs\/record\.json$/);
  } finally {
    warn.mockRestore();
    rmSync(back, { recursive: true, force: true });
    if (inherited === undefined) delete process.env[TEMP_FOLDERS_LOG];
    else process.env[TEMP_FOLDERS_LOG] = inherited;
  }
});
