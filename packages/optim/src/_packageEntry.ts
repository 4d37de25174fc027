import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** A plugin package as found from a sweep's folder. Private to the plugin loader. */
export interface PluginPackage {
  name: string;
  version: string;
  /** The real path of the file the plugin loader imports (symbolic links of node_modules followed). */
  entry: string;
}

/**
 * The package `name` in the node_modules folders from `fromDir` upwards (nodeModulesFolders), or null. Its entry is the `development` export when it has one, as for a plugin
 * file: a plugin package of the workspace loads from its TypeScript sources, needs no build, and its
 * sha256 covers the very source a run used. Else the `import`/`default` export, `module` or `main`.
 */
export function findPluginPackage(name: string, fromDir: string): PluginPackage | null {
  for (const folder of nodeModulesFolders(fromDir)) {
    const dir = path.join(folder, name);
    const manifest = readJson(path.join(dir, 'package.json'));
    if (manifest === null) continue;
    const entry = entryOf(dir, manifest);
    if (entry !== null) return { name, version: String(manifest.version ?? '0.0.0'), entry: realpathSync(entry) };
  }
  return null;
}

/** Names of the packages in the node_modules folders from `fromDir` upwards (for "did you mean"). */
export function packagesVisibleFrom(fromDir: string): string[] {
  const names = new Set<string>();
  for (const folder of nodeModulesFolders(fromDir)) {
    for (const entry of entries(folder)) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) for (const inner of entries(path.join(folder, entry))) names.add(`${entry}/${inner}`);
      else names.add(entry);
    }
  }
  return [...names];
}

/**
 * The node_modules folders from `fromDir` upwards, nearest first, as Node's own lookup walks them, but without
 * NODE_PATH and the global folders (~/.node_modules…): a sweep sees only what its project installs. Trap: pnpm's
 * shims set NODE_PATH to the repository's node_modules, so under `pnpm exp` createRequire's lookup would find
 * packages the project does not depend on.
 */
export function nodeModulesFolders(fromDir: string): string[] {
  const folders: string[] = [];
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') folders.push(path.join(dir, 'node_modules'));
    if (path.dirname(dir) === dir) return folders;
  }
}

/** The project a folder belongs to: the nearest folder at or above it with a package.json (where a package is installed), or null. */
export function projectFolder(fromDir: string): string | null {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Conditions tried in order: `development` first, the sources of a workspace package. */
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

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
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
