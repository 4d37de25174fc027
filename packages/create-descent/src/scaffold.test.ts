import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageName, packageNameProblem, scaffold } from './scaffold.js';

const temp = mkdtempSync(join(tmpdir(), 'descent-create-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('scaffold', () => {
  it('writes a project with a sweep, a plugin, the scripts and dependencies on this version', () => {
    const target = join(temp, 'My Experiments');
    const files = scaffold(target, { version: '1.2.3' });
    expect(files).toEqual(['.gitignore', 'README.md', 'experiments/plugins/my-optimizer.ts', 'experiments/sweeps/first.yaml', 'package.json']);
    const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('my-experiments');
    expect(manifest.devDependencies).toEqual({ '@descent/cli': '^1.2.3', '@descent/optim': '^1.2.3' });
    expect(manifest.scripts.test).toContain('exp optimizers check plugins/my-optimizer.ts');
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toMatch(/^# my-experiments\n/);
    expect(readFileSync(join(target, '.gitignore'), 'utf8')).toContain('experiments/runs/');
    // The sweep names the plugin by a path from its own folder, and races the optimizer the plugin declares.
    const sweep = readFileSync(join(target, 'experiments', 'sweeps', 'first.yaml'), 'utf8');
    const plugin = readFileSync(join(target, 'experiments', 'plugins', 'my-optimizer.ts'), 'utf8');
    expect(sweep).toContain('- ../plugins/my-optimizer.ts');
    expect(sweep).toContain(`name: ${/name: '([a-z_]+)'/.exec(plugin)![1]}`);
  });

  it('refuses a folder that is not empty, naming what is in it, and writes nothing', () => {
    const target = join(temp, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'mine');
    expect(() => scaffold(target, { version: '1.0.0' })).toThrow(`${target} is not empty (notes.txt); name a new folder`);
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('makes a package name of a folder name, and says why npm would refuse one', () => {
    expect(packageName('My Experiments!')).toBe('my-experiments-');
    expect(packageName('.hidden')).toBe('hidden');
    expect(packageNameProblem('ok-name')).toBeNull();
    expect(packageNameProblem('')).toBe('it is empty');
    expect(packageNameProblem('Big')).toBe('it has capital letters');
    expect(packageNameProblem('a b')).toBe('it has characters npm does not allow in a name');
    expect(() => scaffold(join(temp, '___'), { version: '1.0.0' })).toThrow("'' cannot be a package name: it is empty");
  });
});
