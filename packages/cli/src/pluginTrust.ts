import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { PluginSource, PluginTrust } from '@descent/optim';
import { UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { userCwd, workspaceRoot } from './paths.js';

/** `--allow-plugin <file>`, for every command that imports plugins. */
export const allowPluginOption: OptionSpec = {
  type: 'string',
  repeatable: true,
  placeholder: 'file',
  description: 'import this plugin file although it is outside the workspace (repeatable); a plugin runs with your permissions',
};

/**
 * Where this command may import plugin files from: inside the workspace, or the files given with
 * --allow-plugin (resolved against the folder the command was typed in; each must exist).
 */
export function pluginTrust(command: string, options: ParsedArgs['options']): PluginTrust {
  const given = (options['allow-plugin'] as string[] | undefined) ?? [];
  const allowed = given.map((file) => {
    const path = resolve(userCwd(), file);
    if (!existsSync(path)) throw new UsageError(`${command}: --allow-plugin ${file}: no such file (${path})`);
    return path;
  });
  return { workspace: workspaceRoot(), allowed, howToAllow: (file) => `--allow-plugin ${file}` };
}

/** One line per plugin imported: where it is (relative to the user's folder when inside it) and a short hash. */
export function loadedPluginLines(sources: readonly PluginSource[]): string[] {
  return sources.map(({ resolved, sha256 }) => `plugin: ${shownPath(resolved)} (sha256 ${sha256.slice(0, 8)}…)`);
}

function shownPath(file: string): string {
  const inside = relative(userCwd(), file);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}
