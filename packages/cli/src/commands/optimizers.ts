import { existsSync } from 'node:fs';
import { checkOptimizer, defaultRegistry, formatConformance, formatOptimizers, loadPlugins, PluginError, type Optimizer } from '@descent/optim';
import { formatHelp, parseArgs, UsageError, type CommandSpec } from '../args.js';
import { CliError } from '../cliError.js';
import { resolveUserPath, userCwd } from '../paths.js';
import { allowPluginOption, loadedPluginLines, pluginTrust } from '../pluginTrust.js';

export const spec: CommandSpec = {
  name: 'optimizers',
  summary: 'list every optimizer (description, rule, hyperparameters), or check one with the conformance kit',
  usage: 'pnpm exp optimizers [--plugin <file-or-package> ...]\n       pnpm exp optimizers check <file | package | built-in name>',
  options: {
    plugin: { type: 'string', placeholder: 'file-or-package', description: 'also load this plugin (repeatable as a comma list)' },
    'allow-plugin': allowPluginOption,
  },
  details: [
    'check runs: lr = 0 leaves parameters unchanged; it decreases a convex quadratic; same inputs give the same bits;',
    'state saved and restored mid-way matches an uninterrupted run; gradients are not mutated; zero gradients give no NaN.',
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
  if (positionals.length) throw new UsageError(`optimizers: unexpected '${positionals.join(' ')}'\n\n${formatHelp(spec)}`);
  const plugins = typeof options.plugin === 'string' ? options.plugin.split(',') : [];
  const registry = plugins.length ? (await load(plugins, options)).registry : defaultRegistry;
  console.log(formatOptimizers(registry));
  return 0;
}

async function resolveTargets(target: string, options: ReturnType<typeof parseArgs>['options']): Promise<Optimizer[]> {
  if (defaultRegistry.has(target) && !existsSync(target)) return [defaultRegistry.get(target)];
  const located = resolveUserPath(target);
  const spec = 'found' in located ? located.found : target; // not a file: try it as a package name
  const loaded = await load([spec], options);
  return loaded.optimizers;
}

async function load(specs: string[], options: ReturnType<typeof parseArgs>['options']) {
  try {
    const loaded = await loadPlugins(specs, { baseDir: userCwd(), trust: pluginTrust('optimizers', options) });
    for (const line of loadedPluginLines(loaded.sources)) console.log(line);
    return loaded;
  } catch (error) {
    if (error instanceof PluginError) throw new CliError(error.message);
    throw error;
  }
}
