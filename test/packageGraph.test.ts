import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * docs/architecture.md's package table says which package may import which. This test holds the code to it:
 * every `@descent/*` dependency in a package.json is allowed by the table, every `@descent/*` import in a
 * package's sources is a declared dependency, and the table names every package. A new edge in the graph
 * is then a decision written in the doc, not an accident.
 */

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(repo, 'packages');
const packages = readdirSync(packagesDir).filter((name) => statSync(join(packagesDir, name)).isDirectory());

/** `| \`name\` | holds | may import |` rows of the table under "## Packages". */
function allowedImports(): Map<string, string[]> {
  const doc = readFileSync(join(repo, 'docs', 'architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Packages'), doc.indexOf('\n## ', doc.indexOf('## Packages') + 1));
  const allowed = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const row = /^\| `([a-z-]+)` \|.*\| ([^|]*) \|$/.exec(line);
    if (row === null) continue;
    const names = row[2].trim() === '–' ? [] : row[2].split(',').map((name) => name.trim());
    allowed.set(row[1], names);
  }
  return allowed;
}

function manifest(name: string): { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8'));
}

function descentNames(deps: Record<string, string> | undefined): string[] {
  return Object.keys(deps ?? {})
    .filter((dep) => dep.startsWith('@descent/'))
    .map((dep) => dep.slice('@descent/'.length));
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', '.vitest', '.turbo', '__fixtures__'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the package graph of docs/architecture.md', () => {
  const allowed = allowedImports();

  it('names every package', () => {
    expect([...allowed.keys()].sort()).toEqual([...packages].sort());
  });

  it('allows every @descent dependency a package declares', () => {
    const violations = packages.flatMap((name) =>
      descentNames(manifest(name).dependencies)
        .filter((dep) => !(allowed.get(name) ?? []).includes(dep))
        .map((dep) => `@descent/${name} depends on @descent/${dep}, which docs/architecture.md does not allow`),
    );
    expect(violations).toEqual([]);
  });

  it('is what the sources import: every @descent import is a declared dependency', () => {
    const violations = packages.flatMap((name) => {
      const declared = new Set([...descentNames(manifest(name).dependencies), ...descentNames(manifest(name).devDependencies), name]);
      return sourceFiles(join(packagesDir, name, 'src')).flatMap((file) =>
        ts
          .preProcessFile(readFileSync(file, 'utf8'), true, true)
          .importedFiles.map(({ fileName }) => /^@descent\/([^/]+)/.exec(fileName)?.[1])
          .filter((dep): dep is string => dep !== undefined && !declared.has(dep))
          .map((dep) => `${file.slice(repo.length + 1)} imports @descent/${dep}, not a dependency of @descent/${name}`),
      );
    });
    expect(violations).toEqual([]);
  });
});
