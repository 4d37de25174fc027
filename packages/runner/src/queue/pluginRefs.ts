import { posix } from 'node:path';
import { namesPluginFile } from '@descent/optim';
import type { Catalog } from '@descent/sweep';
import type { PluginRef } from './runJob.js';

/**
 * The sweep's plugins that were loaded, with the content hash each was loaded with, in the sweep's order.
 * A plugin supplies at least one optimizer, so every loaded plugin is found through the optimizers it
 * registered; one not loaded (no optimizer name in the sweep can be one of its) is used by no run.
 */
export function pluginRefs(plugins: readonly string[], catalog: Catalog): PluginRef[] {
  const loaded = loadedPluginHashes(catalog);
  return plugins.flatMap((source) => {
    const sha256 = loaded.get(source);
    return sha256 === undefined ? [] : [{ source, sha256 }];
  });
}

/** source -> sha256 of every plugin the catalog loaded. */
export function loadedPluginHashes(catalog: Catalog): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const name of catalog.optimizers.names()) {
    const origin = catalog.optimizerSource(name);
    if (origin) hashes.set(origin.source, origin.sha256);
  }
  return hashes;
}

/**
 * How a plugin reads in messages on any machine: a file as a path relative to the workspace root
 * (`experiments/plugins/signum.ts`), a package by its name.
 */
export function pluginLabel(source: string, baseDir: string): string {
  return namesPluginFile(source) ? posix.normalize(posix.join(baseDir, source)) : source;
}

/**
 * Why this worker must not train a job whose plugins are `expected`, given the catalog it loaded:
 * a plugin whose content hash differs. Null when every hash matches.
 */
export function pluginMismatch(expected: readonly PluginRef[], catalog: Catalog, baseDir: string): { plugin: string; message: string } | null {
  const loaded = loadedPluginHashes(catalog);
  for (const { source, sha256 } of expected) {
    const here = loaded.get(source);
    const label = pluginLabel(source, baseDir);
    if (here === undefined) return { plugin: source, message: `plugin ${label}: this worker loaded no optimizer from it (expected sha256 ${short(sha256)})` };
    if (here !== sha256) {
      return {
        plugin: source,
        message: `plugin ${label}: this worker has a different version (sha256 ${short(here)}), expected ${short(sha256)}; run workers on the same commit as the coordinator`,
      };
    }
  }
  return null;
}

/** 16 hex digits: enough to tell versions apart in a message. */
const short = (sha256: string) => sha256.slice(0, 16);
