import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Packages reach each other only through their names and declared exports (`@descent/x`, `@descent/x/testing`):
 * a relative path into another package (`../../optim/src/...`) or an undeclared subpath (`@descent/x/src/...`)
 * bypasses the front door, breaks once the package is built, and hides a dependency from package.json.
 */

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(repo, 'packages');
const packages = readdirSync(packagesDir).filter((name) => statSync(join(packagesDir, name)).isDirectory());
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.vitest', '.turbo']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** Every import, export-from, dynamic import() and require() specifier, with its 1-based line. */
function specifiers(file: string): { specifier: string; line: number }[] {
  const text = readFileSync(file, 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName, pos }) => ({ specifier: fileName, line: text.slice(0, pos).split('\n').length }));
}

function declaredSubpaths(name: string): string[] {
  const manifest = JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'));
  return Object.keys(manifest.exports ?? { '.': null });
}

/** What is wrong with one specifier in a file of package `own`, or null. */
function crossPackageImport(own: string, file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = relative(packagesDir, resolve(dirname(file), specifier)).split(sep);
    const other = target[0];
    if (target.length > 1 && other !== own && packages.includes(other)) {
      return `'${specifier}' reaches into packages/${other} by a relative path: import '@descent/${other}' (or a subpath it exports)`;
    }
    return null;
  }
  const scoped = /^@descent\/([^/]+)(\/.*)?$/.exec(specifier);
  if (!scoped || !packages.includes(scoped[1]) || !scoped[2]) return null;
  const subpath = `.${scoped[2]}`;
  const declared = declaredSubpaths(scoped[1]);
  return declared.includes(subpath) ? null : `'${specifier}' is not an export of @descent/${scoped[1]} (it exports ${declared.join(', ')})`;
}

describe('imports between packages', () => {
  it('go through package names and declared exports, never a relative path into another package', () => {
    const violations = packages.flatMap((own) =>
      sourceFiles(join(packagesDir, own)).flatMap((file) =>
        specifiers(file).flatMap(({ specifier, line }) => {
          const problem = crossPackageImport(own, file, specifier);
          return problem ? [`${relative(repo, file)}:${line}: ${problem}`] : [];
        }),
      ),
    );
    expect(violations.join('\n')).toBe('');
  });

  // The check itself, on the two shapes it exists to catch and on what must pass.
  it('recognises a relative path into another package and an undeclared subpath', () => {
    const file = join(packagesDir, 'cli', 'test', 'x.test.ts');
    expect(crossPackageImport('cli', file, '../../runner/src/queue/_localRedis.js')).toMatch(/reaches into packages\/runner/);
    expect(crossPackageImport('cli', file, '@descent/runner/src/index.js')).toMatch(/not an export of @descent\/runner/);
    expect(crossPackageImport('cli', file, '../src/commands.js')).toBeNull();
    expect(crossPackageImport('cli', file, '@descent/report/testing')).toBeNull();
    expect(crossPackageImport('cli', file, '@descent/runner')).toBeNull();
  });
});
