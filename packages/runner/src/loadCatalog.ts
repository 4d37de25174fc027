import { defaultRegistry, loadPlugins, scheduleSettings, type Optimizer, type PluginSource, type PluginTrust } from '@descent/optim';
import { datasets, landscapes } from '@descent/data';
import type { Catalog } from '@descent/sweep';

/**
 * Everything a sweep can name: optimizers (built-in and from its plugins), datasets, landscapes and
 * schedules. Built the same way in the coordinating process (to validate) and in every worker (to
 * train), so both see exactly the same optimizers.
 */
export interface LoadedCatalog extends Catalog {
  optimizer(name: string): Optimizer;
  /** The plugin file or package an optimizer comes from; null for built-ins. */
  pluginOf(name: string): string | null;
  /** Every optimizer with where it comes from (for `exp optimizers`). */
  registry: typeof defaultRegistry;
  /** The plugins imported, in the order given (each with its resolved file and sha256). */
  plugins: PluginSource[];
}

export interface LoadCatalogOptions {
  /** Where plugin files may be imported from (see PluginTrust); absent: anywhere. */
  trust?: PluginTrust;
}

export async function loadCatalog(pluginSpecs: readonly string[], baseDir: string, options: LoadCatalogOptions = {}): Promise<LoadedCatalog> {
  const loaded = pluginSpecs.length ? await loadPlugins([...pluginSpecs], { baseDir, trust: options.trust }) : { sources: [], registry: defaultRegistry };
  const registry = loaded.registry;
  // Which plugin each plugin optimizer came from (for run identity and for error messages).
  const origin = new Map<string, { source: string; sha256: string }>();
  for (const source of loaded.sources) for (const name of source.optimizers) origin.set(name, { source: source.source, sha256: source.sha256 });
  return {
    registry,
    plugins: loaded.sources,
    optimizers: { names: () => registry.names(), get: (name: string) => (registry.has(name) ? registry.get(name) : undefined) },
    optimizerSource: (name) => origin.get(name) ?? null,
    datasets: datasets.list() as unknown as Catalog['datasets'],
    landscapes: landscapes.list(),
    schedules: scheduleSettings,
    optimizer: (name) => registry.get(name),
    pluginOf: (name) => origin.get(name)?.source ?? null,
  };
}
