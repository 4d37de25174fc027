import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importWithoutExit, untrustedPluginFile } from './pluginTrust.js';

const base = mkdtempSync(join(tmpdir(), 'descent-trust-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('untrustedPluginFile', () => {
  const workspace = join(base, 'ws');
  mkdirSync(join(workspace, 'experiments'), { recursive: true });
  const inside = join(workspace, 'experiments', 'p.ts');
  const outside = join(base, 'far.ts');
  writeFileSync(inside, '');
  writeFileSync(outside, '');
  symlinkSync(outside, join(workspace, 'experiments', 'link.ts'));
  const trust = { workspace, allowed: [] as string[], howToAllow: (f: string) => `--allow-plugin ${f}` };

  it('allows a file inside the workspace, and one outside only when allowed by name', () => {
    expect(untrustedPluginFile(inside, trust)).toBeNull();
    expect(untrustedPluginFile(outside, trust)).toMatch(/^is outside the workspace .*ws; .* --allow-plugin .*far\.ts$/);
    expect(untrustedPluginFile(outside, { ...trust, allowed: [outside] })).toBeNull();
  });

  it('follows symlinks: a link inside to a file outside is outside', () => {
    expect(untrustedPluginFile(join(workspace, 'experiments', 'link.ts'), trust)).toContain('after symlinks');
  });
});

describe('importWithoutExit', () => {
  it('turns process.exit during the load into an answer, even when the code catches it, and puts process.exit back', async () => {
    const exit = process.exit;
    expect(
      await importWithoutExit(async () => {
        try {
          process.exit(0);
        } catch {
          // a plugin that hides its attempt
        }
        return 1;
      }),
    ).toEqual({ ended: 'process.exit(0)' });
    expect(process.exit).toBe(exit);
    expect(await importWithoutExit(async () => 2)).toEqual({ value: 2 });
    const boom = new Error('x');
    expect(
      await importWithoutExit(async () => {
        throw boom;
      }),
    ).toEqual({ error: boom });
  });
});
