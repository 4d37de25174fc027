// @ts-check
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * One ES module bundled by esbuild from a TypeScript entry and everything it imports, cached under
 * <package>/node_modules/.cache/descent/ and rebuilt when any file it was built from changes.
 *
 * Why: Descent runs from its TypeScript sources (`pnpm exp`, tests), and Node loading a module graph through
 * tsx's loader hooks pays a round trip to the hooks thread per module. The runner's worker threads (about a
 * hundred modules) took 0.4 s each to start that way against 0.1 s from a bundle; the exp command (about 570
 * modules, Plot and its d3 among them) took 1.9–2.3 s to write a report against 0.8–0.9 s.
 *
 * Plain JavaScript, not TypeScript: the exp command's launcher (packages/cli/exp.mjs) calls it before any
 * TypeScript can be loaded. Types: cachedBundle.d.mts.
 */

/** Bumped when the bundle options change, so older cached bundles are not reused. */
const BUNDLE_FORMAT = 2;

/**
 * The bundle of `entry` (a TypeScript file inside a package), built if missing or stale. Returns its file
 * URL, or null when it cannot be built here (esbuild missing, a read-only node_modules, an entry that does
 * not compile): the caller then loads the entry through tsx, slower but the same code.
 *
 * Packages that find files next to their own code (through `__dirname`, `__filename` or `import.meta.url`:
 * piscina's worker script, bullmq's Lua scripts, esbuild's binary, tsx's loader) would look for them next
 * to the bundle instead, so a first build finds them and a second leaves them out. Each stays an import
 * of the file it resolves to from the code that imports it, so the bundle needs no node_modules of its
 * own, and those files are part of the bundle's freshness check.
 *
 * @param {URL} entry
 * @returns {Promise<string | null>}
 */
export async function cachedBundle(entry) {
  const entryPath = fileURLToPath(entry);
  const packageDir = packageRoot(entryPath);
  if (packageDir === null) return null;
  const cacheDir = join(packageDir, 'node_modules', '.cache', 'descent');
  const key = createHash('sha256')
    .update(`${BUNDLE_FORMAT}\n${entryPath}\n${process.version}`)
    .digest('hex')
    .slice(0, 12);
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

/**
 * The nearest folder at or above `file` with a package.json.
 * @param {string} file
 * @returns {string | null}
 */
function packageRoot(file) {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * True when the bundle exists and every file it was built from still has the size and modification time
 * recorded in its manifest (written last, so a manifest on disk means its bundle is complete).
 * @param {string} manifestFile
 * @param {string} bundle
 */
function isFresh(manifestFile, bundle) {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.format !== BUNDLE_FORMAT) return false;
    statSync(bundle);
    return manifest.inputs.every(/** @param {[string, number, number]} input */ ([path, size, mtimeMs]) => {
      const now = statSync(path);
      return now.size === size && now.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

/**
 * @param {string} entryPath
 * @param {string} bundle
 * @param {string} manifestFile
 */
async function build(entryPath, bundle, manifestFile) {
  const esbuild = await import('esbuild');
  const temp = `${bundle}.tmp-${process.pid}-${Date.now()}`;
  /** @type {Set<string>} */
  let externalFiles = new Set();
  /** @param {readonly string[]} leftOut */
  const bundleOnce = (leftOut) => {
    externalFiles = new Set();
    return esbuild.build({
      entryPoints: [entryPath],
      outfile: temp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      // Workspace packages resolve to their TypeScript sources, as they do under `pnpm exp`.
      conditions: ['development'],
      metafile: true,
      logLevel: 'silent',
      // Bundled CommonJS packages call require() for Node's built-ins; an ES module has no require of its own.
      banner: { js: "import { createRequire as __descentCreateRequire } from 'node:module';\nconst require = __descentCreateRequire(import.meta.url);" },
      plugins: [externalByPath(leftOut, externalFiles), keepImportMetaUrl],
    });
  };
  try {
    // Start from the packages the previous build left out (a rebuild after an edit then takes one pass).
    const leftOut = new Set(previousExternal(manifestFile));
    let result = await bundleOnce([...leftOut]);
    const more = packagesFindingFiles(Object.keys(result.metafile.inputs)).filter((name) => !leftOut.has(name));
    if (more.length > 0) {
      for (const name of more) leftOut.add(name);
      result = await bundleOnce([...leftOut]);
    }
    const inputs = [
      ...Object.keys(result.metafile.inputs)
        .filter((input) => !input.includes(':')) // virtual inputs ('<define:...>') have no file
        .map((input) => resolve(input)),
      ...externalFiles,
    ].map((path) => {
      const { size, mtimeMs } = statSync(path);
      return [path, size, mtimeMs];
    });
    mkdirSync(dirname(bundle), { recursive: true });
    renameSync(temp, bundle);
    // The manifest goes last: a manifest on disk means its bundle is complete.
    const manifestTemp = `${manifestFile}.tmp-${process.pid}-${Date.now()}`;
    writeFileSync(manifestTemp, JSON.stringify({ format: BUNDLE_FORMAT, inputs, external: [...leftOut].sort() }));
    renameSync(manifestTemp, manifestFile);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The packages a previous build of this bundle left out, from its manifest (none when there is none).
 * @param {string} manifestFile
 * @returns {string[]}
 */
function previousExternal(manifestFile) {
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    return manifest.format === BUNDLE_FORMAT && Array.isArray(manifest.external) ? manifest.external : [];
  } catch {
    return [];
  }
}

/**
 * The packages among a build's inputs (paths relative to the working folder, as esbuild's metafile gives
 * them) whose code refers to its own location, so that it cannot work from inside a bundle.
 * @param {readonly string[]} inputs
 * @returns {string[]}
 */
function packagesFindingFiles(inputs) {
  /** @type {Set<string>} */
  const names = new Set();
  for (const input of inputs) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(input);
    if (match === null || input.includes(':') || names.has(match[1])) continue;
    if (/\b__dirname\b|\b__filename\b|\bimport\.meta\.(?:url|dirname|filename)\b/.test(readFileSync(resolve(input), 'utf8'))) names.add(match[1]);
  }
  return [...names];
}

/**
 * Imports of the `external` packages stay imports, of the file each resolves to from its importer (with
 * the importer's own node_modules and export conditions), written into the bundle as a file URL.
 * @param {readonly string[]} external
 * @param {Set<string>} files collects the files the bundle imports this way
 * @returns {import('esbuild').Plugin}
 */
function externalByPath(external, files) {
  const names = new Set(external);
  const packageName = (/** @type {string} */ specifier) =>
    specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return {
    name: 'external-by-path',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'external-by-path' || !names.has(packageName(args.path))) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'external-by-path' });
        if (resolved.errors.length > 0) return undefined; // let esbuild report it
        files.add(resolved.path);
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}

/**
 * Trap: in a bundle every module's `import.meta.url` would be the bundle's own, but the data package finds
 * the mnist files, and the optimizer package finds the workspace and resolves plugins, relative to their own
 * source files. Each workspace source file gets its own URL written in as a string instead.
 * @type {import('esbuild').Plugin}
 */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, ({ path }) => {
      if (path.includes('/node_modules/')) return undefined;
      const source = readFileSync(path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)), loader: 'ts' };
    });
  },
};
