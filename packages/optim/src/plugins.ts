import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScopedImport } from 'tsx/esm/api';
import { findPluginPackage, nodeModulesFolders, packagesVisibleFrom, projectFolder } from './_packageEntry.js';
import { closest, describeThrown } from '@descent/settings';
import { changedBuiltIn, restoreBuiltIns, snapshotBuiltIns } from './builtIns.js';
import { importWithoutExit, untrustedPluginFile, type PluginTrust } from './pluginTrust.js';
import type { Optimizer } from './optimizer.js';
import { optimizerKeys, optimizerProblems } from './optimizerProblems.js';
import { defaultRegistry, type OptimizerRegistry as Registry } from './registry.js';
import { describeKind } from './state.js';

/** Where a loaded plugin came from. `source` and `sha256` go into every run's config. */
export interface PluginSource {
  /** The spec as the user wrote it: a path or a package name. */
  source: string;
  /** The absolute path of the file that was imported. */
  resolved: string;
  /** File plugin: of the file's content. Package: of `name@version` and the entry file's content. */
  sha256: string;
  /** Names of the optimizers it supplied. */
  optimizers: string[];
}

export interface LoadedPlugins {
  optimizers: Optimizer[];
  sources: PluginSource[];
  /** The given registry plus every plugin's optimizers, each registered under its plugin's source. */
  registry: Registry;
}

export interface LoadPluginsOptions {
  /** Folder that relative paths and package names resolve from: the sweep file's folder. */
  baseDir: string;
  /**
   * Folders a package name is looked up from when it is not found from `baseDir`, in order: the CLI's commands
   * that take a package name give the workspace's experiments/ folder, so they find what a sweep there would.
   */
  packageDirs?: readonly string[];
  /** Names already taken (default: the built-ins); a plugin may not reuse one. */
  registry?: Registry;
  /** Import plugin files only from inside this workspace or explicitly allowed (the CLI always sets it); absent: any file. */
  trust?: PluginTrust;
}

export interface PluginProblem {
  source: string;
  /** Absolute path when the spec could be resolved, else null. */
  resolved: string | null;
  message: string;
}

/** One or more plugins could not be loaded; `problems` lists each (all plugins are tried before throwing). */
export class PluginError extends Error {
  override readonly name = 'PluginError';
  constructor(readonly problems: PluginProblem[]) {
    const lines = problems.map((p) => `  ${p.source}${p.resolved !== null && p.resolved !== p.source ? ` (${p.resolved})` : ''}: ${p.message}`);
    super(`could not load ${problems.length === 1 ? 'a plugin' : `${problems.length} plugins`}:\n${lines.join('\n')}`);
  }
}

const fileExtensions = ['.ts', '.mts', '.js', '.mjs'];

/**
 * Load optimizer plugins: each spec is a `.ts`/`.js`/`.mjs` file (relative to `baseDir`) or a package name
 * (found in the node_modules folders from `baseDir` upwards, then from each of `packageDirs`; never on NODE_PATH). TypeScript loads without a build step.
 * A plugin's own imports resolve as Node resolves any import: `@descent/optim` from experiments/ is the
 * workspace package linked into experiments/node_modules (experiments/ is a package that depends on it).
 * A module's optimizers are its default export (one or an array) and named exports that look like optimizers.
 * Every plugin is checked (declarations, required fields, name clashes) and all problems are thrown together.
 */
export async function loadPlugins(specs: readonly string[], options: LoadPluginsOptions): Promise<LoadedPlugins> {
  const baseDir = path.resolve(options.baseDir);
  let registry = options.registry ?? defaultRegistry;
  // No plugins, nothing to resolve and no loader to register. Most sweeps have none, and every worker thread
  // loads its sweep's plugins: importing tsx's API alone takes ~70 ms of a fresh thread's start.
  if (specs.length === 0) return { optimizers: [], sources: [], registry };
  const { register } = await import('tsx/esm/api');
  // tsx's loader in a namespace of this call's own: TypeScript loads without `--import tsx`, and plugins
  // that share imports (@descent/optim) load them once.
  const importTs = register({ namespace: `descent-plugins-${randomUUID()}` }).import;

  const problems: PluginProblem[] = [];
  const sources: PluginSource[] = [];
  const optimizers: Optimizer[] = [];
  const seenFiles = new Map<string, string>();
  for (const spec of specs) {
    const report = (resolved: string | null, message: string) => problems.push({ source: spec, resolved, message });
    const target = resolveSpec(spec, baseDir, options.packageDirs ?? []);
    if ('problem' in target) {
      report(null, target.problem);
      continue;
    }
    const earlier = seenFiles.get(target.file);
    if (earlier !== undefined) {
      report(target.file, `is the same file as plugin '${earlier}', listed earlier`);
      continue;
    }
    seenFiles.set(target.file, spec);
    const untrusted = target.kind === 'file' && options.trust ? untrustedPluginFile(target.file, options.trust) : null;
    if (untrusted !== null) {
      report(target.file, untrusted);
      continue;
    }

    // Hashed before and after the import: a file edited meanwhile may have been imported in either version.
    const sha256 = target.sha256();
    const builtIns = snapshotBuiltIns();
    const loaded = await importModule(importTs, target.file);
    const changed = changedBuiltIn(builtIns);
    if (changed !== null) restoreBuiltIns(builtIns);
    if (target.sha256() !== sha256) {
      report(target.file, 'changed while it was being imported; load it again');
      continue;
    }
    if (changed !== null) {
      report(target.file, `changes the built-in ${changed}; a plugin may not change JavaScript's built-ins (other runs in the same thread would compute with it)`);
      continue;
    }
    if ('problem' in loaded) {
      report(target.file, loaded.problem);
      continue;
    }
    const found = optimizersIn(loaded.module);
    if (found.problems.length > 0 || found.candidates.length === 0) {
      found.problems.forEach((p) => report(target.file, p));
      if (found.candidates.length === 0 && found.problems.length === 0) report(target.file, nothingUsable(loaded.module));
      continue;
    }
    let ok = true;
    for (const { label, value } of found.candidates) {
      const name = typeof (value as { name?: unknown }).name === 'string' ? (value as { name: string }).name : '?';
      for (const problem of optimizerProblems(value)) {
        report(target.file, `${label} (optimizer '${name}'): ${problem}`);
        ok = false;
      }
      if (registry.has(name)) {
        const owner = registry.sourceOf(name);
        const taken = owner === 'built-in' ? `the built-in optimizer '${name}'` : `optimizer '${name}' from plugin ${owner}`;
        report(target.file, `${label}: optimizer name '${name}' clashes with ${taken}; give it another name`);
        ok = false;
      }
    }
    const supplied = found.candidates.map((c) => c.value as Optimizer);
    const duplicate = supplied.find((o, i) => supplied.findIndex((p) => p.name === o.name) !== i);
    if (duplicate !== undefined) {
      report(target.file, `exports two optimizers named '${duplicate.name}'`);
      ok = false;
    }
    if (!ok) continue;
    registry = registry.with(supplied, spec);
    optimizers.push(...supplied);
    sources.push({ source: spec, resolved: target.file, sha256, optimizers: supplied.map((o) => o.name) });
  }
  if (problems.length > 0) throw new PluginError(problems);
  return { optimizers, sources, registry };
}

/**
 * Whether a plugin spec names a file rather than a package, from its text alone: for labels, keys and checks
 * made without asking the file system (`resolveSpec` below also lets an existing file win for a bare 'x.js').
 */
export function namesPluginFile(spec: string): boolean {
  return spec.startsWith('.') || path.isAbsolute(spec) || (fileExtensions.some((ext) => spec.endsWith(ext)) && !spec.startsWith('@'));
}

type ResolvedSpec = { kind: 'file' | 'package'; file: string; sha256: () => string } | { problem: string };

function resolveSpec(spec: string, baseDir: string, packageDirs: readonly string[]): ResolvedSpec {
  const explicitPath = spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('.\\') || path.isAbsolute(spec);
  const hasExtension = fileExtensions.some((ext) => spec.endsWith(ext));
  const file = path.resolve(baseDir, spec);
  // 'chart.js' could be a file or a package: a file that exists wins, otherwise it is looked up as a package.
  if (explicitPath || (hasExtension && (existsSync(file) || (spec.includes('/') && !spec.startsWith('@'))))) return resolveFile(spec, file, baseDir);
  const fromDirs = [...new Set([baseDir, ...packageDirs.map((dir) => path.resolve(dir))])];
  for (const fromDir of fromDirs) {
    const found = findPluginPackage(spec, fromDir);
    if (found !== null) return { kind: 'package', file: found.entry, sha256: () => sha256(`${found.name}@${found.version}\n`, readFileSync(found.entry)) };
  }
  if (hasExtension) return resolveFile(spec, file, baseDir);
  return { problem: packageNotFound(spec, fromDirs) };
}

/** Where a package name was looked for (every folder), the closest name seen there, and how to install it where it was looked for first. */
function packageNotFound(spec: string, fromDirs: readonly string[]): string {
  const folders = [...new Set(fromDirs.flatMap((dir) => nodeModulesFolders(dir)))];
  const guess = closest(spec, fromDirs.flatMap((dir) => packagesVisibleFrom(dir)));
  const from = fromDirs.map((dir) => `${dir} upwards`).join(', then from ');
  const project = projectFolder(fromDirs[fromDirs.length - 1]);
  const install = `install it in ${project ?? 'the project of the sweep'}: pnpm add ${spec} (or npm install ${spec})`;
  const hint = guess !== null ? `; did you mean '${guess}'? Or ${install}` : `; for a file, write a path ending in .ts, .js or .mjs; for a package, ${install}`;
  return `package '${spec}' not found in the node_modules folders from ${from} (${folders.join(', ')}; NODE_PATH is not searched)${hint}`;
}

function resolveFile(spec: string, file: string, baseDir: string): ResolvedSpec {
  if (!existsSync(file)) return { problem: `file not found: ${file} ('${spec}' is resolved against ${baseDir}, the sweep file's folder)` };
  if (!statSync(file).isFile()) return { problem: `${file} is a folder; name a .ts, .js or .mjs file inside it, or a package` };
  if (!fileExtensions.some((ext) => file.endsWith(ext))) return { problem: `${file} is not a .ts, .mts, .js or .mjs file` };
  return { kind: 'file', file, sha256: () => sha256(readFileSync(file)) };
}

function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

async function importModule(importTs: ScopedImport, file: string): Promise<{ module: Record<string, unknown> } | { problem: string }> {
  const url = pathToFileURL(file).href;
  let imported = await importWithoutExit(() => importTs(url, import.meta.url) as Promise<Record<string, unknown>>);
  // Trap: on Node 24, tsx's namespaced import cannot load a plugin that Node takes for CommonJS (a .ts file in a
  // package without "type": "module") or when another TypeScript loader is registered for the whole process
  // (`node --import tsx`, vitest): it answers "Cannot find module 'file.ts?namespace=…'" for the plugin itself.
  // tsx's tsImport (its CommonJS hooks as well, in a namespace of its own) loads it, afresh each time.
  if ('error' in imported && namespaceNotFound(imported.error, url)) {
    const { tsImport } = await import('tsx/esm/api');
    imported = await importWithoutExit(() => tsImport(url, { parentURL: import.meta.url }) as Promise<Record<string, unknown>>);
  }
  if ('ended' in imported) return { problem: `calls ${imported.ended} while loading; a plugin must not end the process` };
  if ('error' in imported) return { problem: describeImportFailure(file, imported.error) };
  return { module: imported.value };
}

/** The namespaced import did not find the plugin file itself (not one of its imports). */
function namespaceNotFound(error: unknown, url: string): boolean {
  const code = attempt(() => (error as { code?: unknown } | null)?.code);
  const message = describeThrown(error);
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`${url.replace(/^file:\/\//, '')}?namespace=`);
}

function describeImportFailure(file: string, error: unknown): string {
  // A plugin may throw anything (a Proxy that throws on every trap): describeThrown never throws, and nothing
  // below reads the value itself except through guarded reads.
  const message = describeThrown(error);
  const isSyntaxError = attempt(() => error instanceof SyntaxError) === true;
  const code = attempt(() => (error as { code?: unknown } | null)?.code);
  // esbuild (TypeScript): "Transform failed with 1 error:\n/path/file.ts:4:9: ERROR: Unexpected ','"
  const transform = /^(.*?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  if (message.startsWith('Transform failed') && transform !== null) {
    const where = transform[1] === file ? '' : ` in ${transform[1]}`;
    return `syntax error${where} at line ${transform[2]}, column ${transform[3]}: ${transform[4]}`;
  }
  if (isSyntaxError) {
    // Node's ESM loader leaves the line out of a SyntaxError; `node --check` prints "file:line" first.
    const line = syntaxErrorLine(file);
    return line !== null ? `syntax error at line ${line}: ${message}` : `fails to load: SyntaxError: ${message}`;
  }
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return `one of its imports cannot be found: ${message.split('\n')[0]}`;
  return `throws on import: ${message}`;
}

function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function syntaxErrorLine(file: string): number | null {
  if (file.endsWith('.ts') || file.endsWith('.mts')) return null;
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const firstLine = check.stderr?.split('\n')[0] ?? '';
  const match = /:(\d+)\s*$/.exec(firstLine);
  return match !== null ? Number(match[1]) : null;
}

interface Candidate {
  label: string;
  value: unknown;
}

/** Which exports to treat as optimizers, and problems with a default export that is clearly meant as one. */
function optimizersIn(module: Record<string, unknown>): { candidates: Candidate[]; problems: string[] } {
  const candidates: Candidate[] = [];
  const problems: string[] = [];
  const seen = new Set<unknown>();
  const add = (label: string, value: unknown) => {
    if (seen.has(value)) return;
    seen.add(value);
    candidates.push({ label, value });
  };
  const fallback = module.default;
  if (Array.isArray(fallback)) {
    fallback.forEach((value, i) => {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) add(`default export [${i}]`, value);
      else problems.push(`default export [${i}] is ${describeKind(value)}, not an optimizer object`);
    });
  } else if (looksLikeOptimizer(fallback, 1)) {
    add('default export', fallback);
  } else if (typeof fallback === 'object' && fallback !== null) {
    // A CommonJS module's `module.exports = { lion }` arrives as the default export.
    for (const [key, value] of Object.entries(fallback)) if (looksLikeOptimizer(value, 2)) add(`export '${key}'`, value);
  }
  for (const [key, value] of Object.entries(module)) {
    if (key !== 'default' && looksLikeOptimizer(value, 2)) add(`export '${key}'`, value);
  }
  return { candidates, problems };
}

/** An object with at least `minKeys` of the optimizer's keys: meant as an optimizer, so worth checking. */
function looksLikeOptimizer(value: unknown, minKeys: number): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return optimizerKeys.filter((key) => key in value).length >= minKeys;
}

function nothingUsable(module: Record<string, unknown>): string {
  const exported = Object.entries(module).map(([key, value]) => `${key === 'default' ? 'default' : `'${key}'`} (${describeKind(value)})`);
  const list = exported.length === 0 ? 'it exports nothing' : `it exports ${exported.join(', ')}`;
  return `exports nothing usable: ${list}. Export an optimizer { ${optimizerKeys.join(', ')} } (or an array of them) as default, or by name`;
}
