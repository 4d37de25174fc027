import { isAbsolute, relative } from 'node:path';
import { PluginChangedError, StorageError } from '@descent/runner';
import { userCwd } from './paths.js';

/**
 * The one line for an error that stopped a sweep before it recorded something wrong (a full disk, a plugin
 * edited under the sweep), with what to do and the command to run again; null for any other error.
 * `argv` is the command as typed after `exp`: running it again continues where it stopped.
 */
export function haltMessage(error: unknown, argv: readonly string[]): string | null {
  const again = `'exp ${argv.join(' ')}'`;
  if (error instanceof StorageError) return `cannot write ${shown(error.path)}: ${error.reason}; ${error.remedy}, then run ${again} again: finished runs are kept`;
  if (error instanceof PluginChangedError) {
    return `plugin ${shown(error.plugin)} changed while the sweep was running (${error.change}); finished runs are kept; run ${again} again to start from the new code`;
  }
  return null;
}

/** A path relative to the folder the command was typed in (a package name as it is). */
function shown(path: string): string {
  return isAbsolute(path) ? relative(userCwd(), path) || '.' : path;
}
