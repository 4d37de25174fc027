import { existsSync } from 'node:fs';
import { checkOptimizer, defaultRegistry, formatConformance, formatOptimizers, loadPlugins, PluginError, type Optimizer } from '@descent/optim';
import { benchOptimizers, benchPluginSpec, benchSpec } from './optimizersBench.js';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { join } from 'node:path';
import { resolveUserPath, userCwd, workspaceRoot } from '../paths.js';
import { allowPluginOption, loadedPluginLines, pluginTrust } from '../pluginTrust.js';
import { workspacePlugins } from '../workspacePlugins.js';

export const spec: CommandSpec = {
  name: 'optimizers',
  summary: 'list every optimizer (description, rule, hyperparameters), or check one with the conformance kit',
  usage:
    'pnpm exp optimizers [--plugin <file-or-package> ...]\n       pnpm exp optimizers check <file | package | built-in name>\n' +
    '       pnpm exp optimizers bench <file | package | built-in name> [more ...] [--budget quick|full] [--workers n] [--seed n]',
  options: {
    plugin: {
      type: 'string',
      repeatable: true,
      placeholder: 'file-or-package',
      description: 'list the optimizers of this plugin (repeatable, or a comma list) instead of the workspace\'s',
    },
    'allow-plugin': allowPluginOption,
    ...benchSpec.options,
  },
  details: [
    'check runs: lr = 0 leaves parameters unchanged; it decreases a convex quadratic and converges on a parabola (f ≤ 1e-3·f₀',
    'in 25,000 steps) and on Rosenbrock (f ≤ 1e-2 in 10,000 steps, at the default lr or one in lr\'s search range); lr changed',
    'mid-run is honoured; declared invariances hold; every numeric hyperparameter has a search range (or search: false);',
    'same inputs give the same bits; state saved and restored mid-way matches an uninterrupted run; gradients are not',
    'mutated; zero gradients give no NaN; float32 and float64 work. The search column shows where the benchmark tunes each.',
    'Without --plugin, the list holds the built-ins and the plugins of the workspace: the files in experiments/plugins/',
    'and the plugins the sweep files in experiments/sweeps/ declare. A plugin path resolves against your folder, then experiments/;',
    'a package name from your folder, then as a sweep in experiments/ finds it (NODE_PATH is never searched).',
    ...benchSpec.details,
  ],
};

export async function main(argv: string[]): Promise<number> {
  const { positionals, options } = parseArgs(argv, spec);
  if (options.help) {
    console.log(formatHelp(spec));
    return 0;
  }
  if (positionals[0] === 'check') {
    if (positionals.length !== 2) throw new UsageError(`optimizers check: expected one file, package or optimizer name\n\n${formatHelp(spec)}`);
    const optimizers = await resolveTargets(positionals[1], options);
    let ok = true;
    for (const optimizer of optimizers) {
      const report = checkOptimizer(optimizer);
      console.log(formatConformance(report));
      ok &&= report.ok;
    }
    return ok ? 0 : 1;
  }
  if (positionals[0] === 'bench') {
    if (positionals.length < 2) throw new UsageError(`optimizers bench: expected at least one file, package or optimizer name\n\n${formatHelp(spec)}`);
    const candidates = await Promise.all(positionals.slice(1).map((target) => resolveCandidates(target, options)));
    return benchOptimizers(candidates.flat(), options);
  }
  if (positionals.length) throw new UsageError(`optimizers: unexpected '${positionals.join(' ')}'\n\n${formatHelp(spec)}`);
  const given = ((options.plugin as string[] | undefined) ?? []).flatMap((value) => value.split(',')).filter((spec) => spec.trim() !== '');
  const plugins = given.length > 0 ? given.map((spec) => ({ spec: located(spec), baseDir: userCwd(), foundIn: null })) : workspacePlugins();
  // One plugin at a time onto the registry so far: one that does not load is named, and the others are still listed.
  let registry = defaultRegistry;
  const failed: string[] = [];
  for (const plugin of plugins) {
    try {
      const loaded = await loadPlugins([plugin.spec], { baseDir: plugin.baseDir, packageDirs: experimentsFolder(), registry, trust: pluginTrust('optimizers', options) });
      for (const line of loadedPluginLines(loaded.sources)) console.log(line + (plugin.foundIn ? `, from ${plugin.foundIn}` : ''));
      registry = loaded.registry;
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      failed.push(`${plugin.foundIn ? `${plugin.foundIn}: ` : ''}${error.message}`);
    }
  }
  if (plugins.length > 0) console.log('');
  console.log(formatOptimizers(registry));
  for (const message of failed) console.error(message);
  // Asked for by name and not loaded: a failure. Found in the workspace: listed as a note, the rest still shown.
  return given.length > 0 && failed.length > 0 ? 1 : 0;
}

/** A path the user typed, as other commands resolve it (their folder, then experiments/); else left as a package name. */
function located(spec: string): string {
  const found = resolveUserPath(spec);
  return 'found' in found ? found.found : spec;
}

async function resolveTargets(target: string, options: ReturnType<typeof parseArgs>['options']): Promise<Optimizer[]> {
  return (await resolveCandidates(target, options)).map((c) => c.optimizer);
}

/** A built-in by name, or each optimizer of a plugin file or package with the file it was loaded from (`plugin`). */
async function resolveCandidates(target: string, options: ReturnType<typeof parseArgs>['options']): Promise<{ optimizer: Optimizer; plugin: string | null }[]> {
  if (defaultRegistry.has(target) && !existsSync(target)) return [{ optimizer: defaultRegistry.get(target), plugin: null }];
  const spec = located(target);
  const loaded = await load([spec], options); // not a file: tried as a package name
  return loaded.optimizers.map((optimizer) => ({ optimizer, plugin: benchPluginSpec(loaded) }));
}

/**
 * Where a package name is looked up after the user's folder: as a sweep in the workspace's experiments/ folder
 * would find it, so `pnpm exp optimizers bench @descent/optim-lion` from the repository root finds the package the
 * experiments/ workspace package installs.
 */
const experimentsFolder = () => [join(workspaceRoot(), 'experiments')];

async function load(specs: string[], options: ReturnType<typeof parseArgs>['options']) {
  try {
    const loaded = await loadPlugins(specs, { baseDir: userCwd(), packageDirs: experimentsFolder(), trust: pluginTrust('optimizers', options) });
    for (const line of loadedPluginLines(loaded.sources)) console.log(line);
    return loaded;
  } catch (error) {
    if (error instanceof PluginError) throw new CliError(error.message);
    throw error;
  }
}
