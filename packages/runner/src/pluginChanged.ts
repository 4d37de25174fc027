import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { namesPluginFile } from '@descent/optim';
import type { Catalog, RunSpec } from '@descent/sweep';

/**
 * A plugin file was edited while its sweep was running: the coordinating process hashed it when it opened
 * the sweep (that hash is in every run's config, and so in its identity), but a worker thread that imports
 * it now would train with other code. Such a run is not trained and nothing is recorded for it: the sweep
 * stops, and the next `exp run` starts from the new code (new hash, new run ids).
 */
export class PluginChangedError extends Error {
  override readonly name = 'PluginChangedError';
  constructor(
    /** The plugin's file (absolute), or its package name. */
    readonly plugin: string,
    /** The sha256 the sweep's runs record (taken when the sweep was opened). */
    readonly recorded: string,
    /** The sha256 of the plugin now; null when its file is gone. */
    readonly now: string | null,
  ) {
    super(`plugin ${plugin} changed while the sweep was running (${hashes(recorded, now)}); finished runs are kept; run the sweep again to start from the new code`);
  }

  /** `sha256 1a2b3c4d5e6f… when the sweep started, 6f5e4d3c2b1a… now` */
  get change(): string {
    return hashes(this.recorded, this.now);
  }
}

const hashes = (recorded: string, now: string | null) => `sha256 ${short(recorded)}… when the sweep started, ${now === null ? 'the file is gone now' : `${short(now)}… now`}`;

const short = (sha256: string) => sha256.slice(0, 12);

/**
 * The catalog a worker thread loaded for `spec`, once it is sure the run's plugin is the code whose hash
 * the run records (loadPlugins hashes each file before and after importing it, so an edit during the
 * import is caught too). Otherwise `forget` drops the thread's cached catalog and a PluginChangedError is
 * thrown. A plugin that no longer loads (an edit broke it) is a change too, when its file's hash differs.
 */
export async function checkedCatalog<C extends Catalog>(spec: RunSpec, loading: Promise<C>, baseDir: string, forget: () => void): Promise<C> {
  let catalog: C;
  try {
    catalog = await loading;
  } catch (error) {
    const changed = spec.config.plugins.find((p) => namesPluginFile(p.source) && fileHash(p.source, baseDir) !== p.sha256);
    if (changed === undefined) throw error;
    forget();
    throw new PluginChangedError(pluginPath(changed.source, baseDir), changed.sha256, fileHash(changed.source, baseDir));
  }
  const loaded = catalog.optimizerSource(spec.config.optimizer.name);
  for (const recorded of spec.config.plugins) {
    if (loaded !== null && loaded.source === recorded.source && loaded.sha256 === recorded.sha256) continue;
    forget();
    throw new PluginChangedError(pluginPath(recorded.source, baseDir), recorded.sha256, loaded?.source === recorded.source ? loaded.sha256 : fileHash(recorded.source, baseDir));
  }
  return catalog;
}

function pluginPath(source: string, baseDir: string): string {
  return namesPluginFile(source) ? resolve(baseDir, source) : source;
}

/** The sha256 of a file plugin's content now (as loadPlugins computes it); null when it is gone. */
function fileHash(source: string, baseDir: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(resolve(baseDir, source))).digest('hex');
  } catch {
    return null;
  }
}
