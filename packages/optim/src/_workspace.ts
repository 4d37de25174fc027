import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Finding packages without a package manager: node_modules folders above a directory, and the packages
 * of a pnpm (or npm/yarn "workspaces") workspace. Private to the plugin loader.
 */

export interface PackageLocation {
  name: string;
  version: string;
  dir: string;
  /** Absolute path of the file `import name` loads, preferring the `development` condition (the sources). */
  entry: string;
}

/** The nearest folder at or above `start` holding pnpm-workspace.yaml or a package.json with "workspaces". */
export function findWorkspaceRoot(start: string): string | null {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const manifest = readJson(path.join(dir, 'package.json'));
    if (manifest !== null && Array.isArray(manifest.workspaces)) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Every package of the workspace at `root`, by name. Globs: exact folders and `folder/*` (what Descent uses). */
export function workspacePackages(root: string): Map<string, PackageLocation> {
  const packages = new Map<string, PackageLocation>();
  for (const pattern of workspacePatterns(root)) {
    const dirs = pattern.endsWith('/*') ? subdirectories(path.join(root, pattern.slice(0, -2))) : [path.join(root, pattern)];
    for (const dir of dirs) {
      const location = packageAt(dir);
      if (location !== null) packages.set(location.name, location);
    }
  }
  return packages;
}

/** The package `name` as Node would find it from `fromDir`: in node_modules folders from there up. */
export function findInNodeModules(name: string, fromDir: string): PackageLocation | null {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const location = packageAt(path.join(dir, 'node_modules', name));
    if (location !== null) return location;
    if (path.dirname(dir) === dir) return null;
  }
}

function packageAt(dir: string): PackageLocation | null {
  const manifest = readJson(path.join(dir, 'package.json'));
  if (manifest === null || typeof manifest.name !== 'string') return null;
  const entry = entryOf(dir, manifest);
  if (entry === null) return null;
  return { name: manifest.name, version: String(manifest.version ?? '0.0.0'), dir, entry };
}

/** Conditions tried in order; `development` first so a workspace package runs from its sources, no build needed. */
const conditions = ['development', 'import', 'node', 'default'];

function entryOf(dir: string, manifest: Record<string, unknown>): string | null {
  const exportsField = manifest.exports;
  const root = isRecord(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.')) ? exportsField['.'] : exportsField;
  const candidates = [...targets(root), ...[manifest.module, manifest.main, 'index.js'].filter((t): t is string => typeof t === 'string')];
  for (const target of candidates) {
    const file = path.join(dir, target);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

/** Targets of an exports entry in order of preference (nested condition objects flattened). */
function targets(entry: unknown): string[] {
  if (typeof entry === 'string') return [entry];
  if (Array.isArray(entry)) return entry.flatMap(targets);
  if (!isRecord(entry)) return [];
  return conditions.filter((c) => c in entry).flatMap((c) => targets(entry[c]));
}

function workspacePatterns(root: string): string[] {
  const manifest = readJson(path.join(root, 'package.json'));
  if (manifest !== null && Array.isArray(manifest.workspaces)) return manifest.workspaces.filter((w): w is string => typeof w === 'string');
  const file = path.join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) return [];
  // The `packages:` list of pnpm-workspace.yaml read line by line (items "  - 'packages/*'"); enough for
  // the flat layouts workspaces use, without a YAML dependency in this package.
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    const item = inPackages ? /^\s+-\s*['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line) : null;
    if (item !== null && !item[1].startsWith('!')) patterns.push(item[1].replace(/\/$/, ''));
  }
  return patterns;
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() || d.isSymbolicLink())
      .map((d) => path.join(dir, d.name))
      .sort();
  } catch {
    return [];
  }
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
