import { mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cachedBundle } from './cachedBundle.mjs';

/**
 * A package whose entry imports two dependencies from its node_modules: `plain` (pure code, which belongs in
 * the bundle) and `finds-itself` (CommonJS that reports its own __dirname, as piscina finds its worker
 * script), which only works from its own folder.
 */
function fixturePackage(): { root: string; entry: URL; findsItselfDir: string; findsItselfFile: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'descent-cached-bundle-')));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  const plain = join(root, 'node_modules', 'plain');
  mkdirSync(plain, { recursive: true });
  writeFileSync(join(plain, 'package.json'), '{ "name": "plain", "main": "index.js", "type": "module" }\n');
  writeFileSync(join(plain, 'index.js'), 'export const twice = (x) => 2 * x;\n');
  const findsItselfDir = join(root, 'node_modules', 'finds-itself');
  mkdirSync(findsItselfDir, { recursive: true });
  writeFileSync(join(findsItselfDir, 'package.json'), '{ "name": "finds-itself", "main": "index.cjs" }\n');
  const findsItselfFile = join(findsItselfDir, 'index.cjs');
  writeFileSync(findsItselfFile, 'exports.folder = __dirname;\n');
  mkdirSync(join(root, 'src'));
  writeFileSync(
    join(root, 'src', 'entry.ts'),
    `import { twice } from 'plain';\nimport findsItself from 'finds-itself';\nexport const four: number = twice(2);\nexport const folder: string = findsItself.folder;\n`,
  );
  return { root, entry: pathToFileURL(join(root, 'src', 'entry.ts')), findsItselfDir, findsItselfFile };
}

describe('cachedBundle', () => {
  it('bundles pure dependencies and leaves a package that finds files next to itself as an import of its own file', async () => {
    const { entry, findsItselfDir, findsItselfFile } = fixturePackage();
    const bundle = await cachedBundle(entry);
    expect(bundle).not.toBeNull();
    const loaded = (await import(bundle!)) as { four: number; folder: string };
    expect(loaded.four).toBe(4);
    // Bundled, its __dirname would be undefined in an ES module (or the bundle's folder): it must be its own.
    expect(loaded.folder).toBe(findsItselfDir);
    const text = readFileSync(fileURLToPath(bundle!), 'utf8');
    expect(text).toContain(JSON.stringify(pathToFileURL(findsItselfFile).href));
    expect(text).toContain('2 * x'); // plain's code is inside
    expect(text).not.toMatch(/from ["']plain["']/);
    // The manifest keeps what was left out, so that a rebuild after an edit starts from it (one pass, not two).
    const manifest = JSON.parse(readFileSync(fileURLToPath(bundle!).replace(/\.mjs$/, '.inputs.json'), 'utf8')) as { external: string[] };
    expect(manifest.external).toEqual(['finds-itself']);
  });

  it('rebuilds when a file of a package left outside the bundle changes', async () => {
    const { entry, findsItselfFile } = fixturePackage();
    const first = await cachedBundle(entry);
    const builtAt = statSync(fileURLToPath(first!)).mtimeMs;
    expect(await cachedBundle(entry)).toBe(first);
    expect(statSync(fileURLToPath(first!)).mtimeMs).toBe(builtAt);

    // A reinstall changes the package's files: the bundle, which imports them by path, is checked against them.
    writeFileSync(findsItselfFile, 'exports.folder = __dirname; // reinstalled\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(findsItselfFile, later, later);
    await cachedBundle(entry);
    expect(statSync(fileURLToPath(first!)).mtimeMs).not.toBe(builtAt);
  });
});
