import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtThread, threadExecArgv } from './builtThread.js';

describe('builtThread', () => {
  it("is the package's own build, also when the caller runs from the sources", () => {
    const { filename } = builtThread('worker.js');
    expect(filename).toBe(new URL('../dist/worker.js', import.meta.url).href);
    expect(existsSync(new URL(filename))).toBe(true);
  });

  it('names the missing file and what builds it', () => {
    const missing = fileURLToPath(new URL('../dist/no-such-thread.js', import.meta.url));
    expect(() => builtThread('no-such-thread.js')).toThrow(`${missing} is missing: build the package first (pnpm build, or any pnpm exp)`);
  });

  it("drops the development condition (vitest's) in each spelling, and keeps every other option", () => {
    // vitest 4 starts its test processes with these options.
    const vitest = ['--experimental-import-meta-resolve', '--require', 'suppress-warnings.cjs', '--conditions', 'node', '--conditions', 'development'];
    expect(threadExecArgv(vitest)).toEqual(['--experimental-import-meta-resolve', '--require', 'suppress-warnings.cjs', '--conditions', 'node']);
    expect(threadExecArgv(['--conditions=development', '-C', 'development', '-C=development', '--max-old-space-size=512'])).toEqual(['--max-old-space-size=512']);
    expect(threadExecArgv([])).toEqual([]);
  });
});
