import { mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledWorker } from './workerBundle.js';

/** A tiny package: src/entry.ts imports src/where.ts, which reports its own import.meta.url and a version. */
function fixturePackage(version: number): { root: string; entry: URL; where: string } {
  const root = mkdtempSync(join(tmpdir(), 'descent-bundle-'));
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

describe('bundledWorker', () => {
  it('bundles an entry with its imports into one module that keeps each file its own import.meta.url', async () => {
    const { root, entry, where } = fixturePackage(1);
    const bundle = await bundledWorker(entry);
    expect(bundle).not.toBeNull();
    expect(fileURLToPath(bundle!).startsWith(join(root, 'node_modules', '.cache', 'descent'))).toBe(true);
    const loaded = (await import(bundle!)) as { entryUrl: string; location: string; version: number };
    // Without the rewrite both would be the bundle's URL, and packages that find files next to themselves break.
    expect(loaded.entryUrl).toBe(entry.href);
    expect(loaded.location).toBe(pathToFileURL(where).href);
    expect(loaded.version).toBe(1);
  });

  it('reuses a fresh bundle and rebuilds it when one of its source files changes', async () => {
    const { entry, where } = fixturePackage(1);
    const first = await bundledWorker(entry);
    const builtAt = statSync(fileURLToPath(first!)).mtimeMs;
    // Unchanged sources: the same file, not written again.
    expect(await bundledWorker(entry)).toBe(first);
    expect(statSync(fileURLToPath(first!)).mtimeMs).toBe(builtAt);

    writeWhere(where, 2);
    const later = new Date(Date.now() + 5_000); // a different mtime even on a coarse-grained file system
    utimesSync(where, later, later);
    const second = await bundledWorker(entry);
    expect(second).toBe(first); // same path, new contents
    const loaded = (await import(`${second!}?after-change`)) as { version: number };
    expect(loaded.version).toBe(2);
  });

  it('answers null, so the caller loads the sources through tsx, when the entry cannot be bundled', async () => {
    const { root } = fixturePackage(1);
    writeFileSync(join(root, 'src', 'broken.ts'), `import { missing } from './does-not-exist.js';\nexport const x = missing;\n`);
    expect(await bundledWorker(pathToFileURL(join(root, 'src', 'broken.ts')))).toBeNull();
  });
});
