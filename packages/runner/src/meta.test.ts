import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

// meta.ts caches what it looks up per module instance (one per thread in real use): each test imports a fresh one.
async function freshMeta(): Promise<typeof import('./meta.js')> {
  vi.resetModules();
  return import('./meta.js');
}

const checkoutCommit = () => execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: fileURLToPath(new URL('.', import.meta.url)) }).toString().trim();

describe('run facts', () => {
  it('are looked up without blocking, to the same values as the blocking lookup', async () => {
    const asynchronous = await (await freshMeta()).runFactsAsync();
    const blocking = await freshMeta();
    expect(asynchronous).toEqual({ gitCommit: blocking.gitCommit(), descentVersion: blocking.descentVersion(), machine: blocking.machineDescription() });
    expect(asynchronous.gitCommit?.replace(/-dirty$/, '')).toBe(checkoutCommit());
  });

  it('handed to a thread, are what its runs record, with no lookup of its own', async () => {
    const meta = await freshMeta();
    meta.useRunFacts({ gitCommit: 'feedbeef0000', descentVersion: '9.9.9', machine: 'a test machine' });
    expect(meta.runMeta('0123456789ab', 1, [], [])).toMatchObject({ gitCommit: 'feedbeef0000', descentVersion: '9.9.9', machine: 'a test machine' });
  });
});
