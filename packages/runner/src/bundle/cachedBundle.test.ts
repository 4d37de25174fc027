import { mkdirSync, readFileSync, realpathSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../testing/tempFolder.js';
import { cachedBundle } from './cachedBundle.mjs';

/**
 * A package whose entry imports two dependencies from its node_modules: `plain` (pure code, which belongs in
 * the bundle) and `finds-itself` (CommonJS that reports its own __dirname, as piscina finds its worker
 * script), which only works from its own folder.
 */
function fixturePackage(): { root: string; entry: URL; findsItselfDir: string; findsItselfFile: string } {
  const root = realpathSync(tempFolder('descent-cached-bundle-'));
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

/** A tiny package: src/entry.ts imports src/where.ts, which reports its own import.meta.url and a version. */
function sourcesPackage(version: number): { root: string; entry: URL; where: string } {
  const root = tempFolder('descent-bundle-');
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  const where = join(root, 'src', 'where.ts');
  writeFileSync(join(root, 'src', 'entry.ts'), `import { location, version } from './where.js';\nexport const entryUrl: string = import.meta.url;\nexport { location, version };\n`);
  writeWhere(where, version);
  return { root, entry: pathToFileURL(join(root, 'src', 'entry.ts')), where };
}

function writeWhere(file: string, version: number): void {
  writeFileSync(file, `export const location: string = import.meta.url;\nexport const version: number = ${version};\n`);
}

describe('cachedBundle of a package of sources', () => {
  it('bundles an entry with its imports into one module that keeps each file its own import.meta.url', async () => {
    const { root, entry, where } = sourcesPackage(1);
    const bundle = await cachedBundle(entry);
    expect(bundle).not.toBeNull();
    expect(fileURLToPath(bundle!).startsWith(join(root, 'node_modules', '.cache', 'descent'))).toBe(true);
    const loaded = (await import(bundle!)) as { entryUrl: string; location: string; version: number };
    // Without the rewrite both would be the bundle's URL, and packages that find files next to themselves break.
    expect(loaded.entryUrl).toBe(entry.href);
    expect(loaded.location).toBe(pathToFileURL(where).href);
    expect(loaded.version).toBe(1);
  });

  it('reuses a fresh bundle and rebuilds it when one of its source files changes', async () => {
    const { entry, where } = sourcesPackage(1);
    const first = await cachedBundle(entry);
    const builtAt = statSync(fileURLToPath(first!)).mtimeMs;
    // Unchanged sources: the same file, not written again.
    expect(await cachedBundle(entry)).toBe(first);
    expect(statSync(fileURLToPath(first!)).mtimeMs).toBe(builtAt);

    writeWhere(where, 2);
    const later = new Date(Date.now() + 5_000); // a different mtime even on a coarse-grained file system
    utimesSync(where, later, later);
    const second = await cachedBundle(entry);
    expect(second).toBe(first); // same path, new contents
    const loaded = (await import(`${second!}?after-change`)) as { version: number };
    expect(loaded.version).toBe(2);
  });

  it('answers null, so the caller loads the sources through tsx, when the entry cannot be bundled', async () => {
    const { root } = sourcesPackage(1);
    writeFileSync(join(root, 'src', 'broken.ts'), `import { missing } from './does-not-exist.js';\nexport const x = missing;\n`);
    expect(await cachedBundle(pathToFileURL(join(root, 'src', 'broken.ts')))).toBeNull();
  });
});
