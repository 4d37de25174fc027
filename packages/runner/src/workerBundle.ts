import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/*
 * Worker threads started from Descent's TypeScript sources (`pnpm exp`, tests) would each register tsx and
 * load about a hundred modules through its loader hooks: measured on 2 cores, 0.4 s for one thread and
 * 0.7 s each for two starting together, which is a quarter of the shipped momentum sweep with two workers.
 * Instead the worker's module graph is bundled once by esbuild into one plain ES module, cached under
 * <package>/node_modules/.cache/descent/ and rebuilt when any of its source files changes; a thread
 * loads it in about 0.1 s. A build (dist/) needs none of this and uses its own worker.js.
 */

/** Bumped when the bundle options change, so older cached bundles are not reused. */
const BUNDLE_FORMAT = 1;

interface Manifest {
  format: number;
  /** Every file esbuild read, with the size and modification time it had. */
  inputs: [path: string, size: number, mtimeMs: number][];
}

/**
 * The bundled form of a worker entry (a TypeScript file of this package), built if missing or stale.
 * Returns the bundle's file URL, or null when it cannot be built here (esbuild missing, a read-only
 * node_modules): the caller then loads the entry through tsx, slower but the same code.
 */
export async function bundledWorker(entry: URL): Promise<string | null> {
  const entryPath = fileURLToPath(entry);
  const packageDir = packageRoot(entryPath);
  if (packageDir === null) return null;
  const cacheDir = join(packageDir, 'node_modules', '.cache', 'descent');
  const key = createHash('sha256').update(`${BUNDLE_FORMAT}\n${entryPath}\n${process.version}`).digest('hex').slice(0, 12);
  const stem = join(cacheDir, `${basename(entryPath).replace(/\.ts$/, '')}-${key}`);
  const bundle = `${stem}.mjs`;
  const manifestFile = `${stem}.inputs.json`;
  if (isFresh(manifestFile, bundle)) return pathToFileURL(bundle).href;
  try {
    await build(entryPath, bundle, manifestFile);
    return pathToFileURL(bundle).href;
  } catch {
    return null;
  }
}

/** Where a worker thread's code comes from: a build's own file, the bundle of the sources, or the sources through tsx. */
export type WorkerSource = 'build' | 'bundle' | 'tsx';

/**
 * The module for a pool of worker threads, given paths relative to the caller's module: from a build
 * (`caller` is a .js file) the built file; from sources the bundle of `source`, or else `tsxEntry`, a small
 * .mjs that registers tsx in the thread before importing `source`.
 */
export async function threadModule(caller: string, paths: { source: string; tsxEntry: string; build: string }): Promise<{ filename: string; execArgv?: string[]; source: WorkerSource }> {
  if (!caller.endsWith('.ts')) return { filename: new URL(paths.build, caller).href, source: 'build' };
  // Trap: a thread inherits the process's execArgv, and `--import tsx` there breaks the scoped tsx import
  // that loads .ts plugins; the threads get only the export condition that picks workspace sources.
  const execArgv = ['--conditions=development'];
  const bundle = await bundledWorker(new URL(paths.source, caller));
  if (bundle !== null) return { filename: bundle, execArgv, source: 'bundle' };
  return { filename: new URL(paths.tsxEntry, caller).href, execArgv, source: 'tsx' };
}

/** The nearest folder at or above `file` with a package.json. */
function packageRoot(file: string): string | null {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

function isFresh(manifestFile: string, bundle: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.format !== BUNDLE_FORMAT) return false;
    statSync(bundle);
    return manifest.inputs.every(([path, size, mtimeMs]) => {
      const now = statSync(path);
      return now.size === size && now.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

async function build(entryPath: string, bundle: string, manifestFile: string): Promise<void> {
  const esbuild = await import('esbuild');
  const temp = `${bundle}.tmp-${process.pid}-${Date.now()}`;
  try {
    const result = await esbuild.build({
      entryPoints: [entryPath],
      outfile: temp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      // Workspace packages resolve to their TypeScript sources, as they do under `pnpm exp`.
      conditions: ['development'],
      // tsx stays a real import: plugin loading registers it at run time, next to this package's node_modules.
      external: ['tsx', 'tsx/*'],
      metafile: true,
      logLevel: 'silent',
      plugins: [keepImportMetaUrl],
    });
    const inputs: Manifest['inputs'] = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes(':')) // virtual inputs ('<define:...>') have no file
      .map((input) => {
        const path = resolve(input);
        const { size, mtimeMs } = statSync(path);
        return [path, size, mtimeMs];
      });
    mkdirSync(dirname(bundle), { recursive: true });
    renameSync(temp, bundle);
    // The manifest goes last: a manifest on disk means its bundle is complete.
    const manifestTemp = `${manifestFile}.tmp-${process.pid}-${Date.now()}`;
    writeFileSync(manifestTemp, JSON.stringify({ format: BUNDLE_FORMAT, inputs } satisfies Manifest));
    renameSync(manifestTemp, manifestFile);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Trap: in a bundle every module's `import.meta.url` would be the bundle's own, but the data package finds
 * the mnist files, and the optimizer package finds the workspace and resolves plugins, relative to their own
 * source files. Each workspace source file gets its own URL written in as a string instead.
 */
const keepImportMetaUrl: Plugin = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, ({ path }) => {
      if (path.includes('/node_modules/')) return undefined;
      const source = readFileSync(path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)), loader: 'ts' };
    });
  },
};
