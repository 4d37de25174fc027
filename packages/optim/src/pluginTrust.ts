import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Which plugin files may be imported: a plugin runs with the user's permissions, so a file is imported
 * only from inside the workspace, or when the user named it explicitly. Packages found by name through
 * node_modules are always allowed: the user installed them.
 */
export interface PluginTrust {
  /** The workspace root. */
  workspace: string;
  /** Files allowed outside it (any spelling; compared by real path). */
  allowed: readonly string[];
  /** How the user allows a file, for the refusal, e.g. (file) => `--allow-plugin ${file}`. */
  howToAllow: (file: string) => string;
}

/** Why `file` may not be imported under `trust`, or null when it may. `file` is compared by its real path (symlinks followed). */
export function untrustedPluginFile(file: string, trust: PluginTrust): string | null {
  const real = realPath(file);
  const workspace = realPath(trust.workspace);
  const inside = path.relative(workspace, real);
  if (inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside)) return null;
  if (trust.allowed.some((allowed) => realPath(allowed) === real)) return null;
  const where = real === file ? '' : ` (${real} after symlinks)`;
  return `is outside the workspace ${workspace}${where}; a plugin runs with your permissions, so only files inside the workspace are imported: move it there, or allow this file with ${trust.howToAllow(real)}`;
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Thrown by the stand-in for `process.exit` while a plugin module is imported. */
class PluginEndsProcess extends Error {}

/**
 * Run `load` (a plugin's import) with `process.exit`, `process.abort` and `process.reallyExit` throwing
 * instead of ending the process (or the worker thread): a plugin whose top level calls `process.exit(0)`
 * would otherwise end `exp run` with exit code 0, no output and no runs. Returns what `load` gave, or how
 * the plugin tried to end the process (even when it caught the stand-in's exception).
 */
export async function importWithoutExit<T>(load: () => Promise<T>): Promise<{ value: T } | { ended: string } | { error: unknown }> {
  const target = process as unknown as Record<string, unknown>;
  const names = ['exit', 'abort', 'reallyExit'].filter((name) => typeof target[name] === 'function');
  const saved = names.map((name) => [name, target[name]] as const);
  let ended: string | null = null;
  for (const name of names) {
    target[name] = (...args: unknown[]) => {
      ended ??= `process.${name}(${args.length > 0 ? safeArg(args[0]) : ''})`;
      throw new PluginEndsProcess(`${ended} while a plugin was loading`);
    };
  }
  try {
    const value = await load();
    return ended !== null ? { ended } : { value };
  } catch (error) {
    return ended !== null ? { ended } : { error };
  } finally {
    for (const [name, original] of saved) target[name] = original;
  }
}

function safeArg(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
