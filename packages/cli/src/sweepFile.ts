import { relative } from 'node:path';
import { formatSweepFileIssues, openSweep, type OpenedSweep } from '@descent/runner';
import type { PluginTrust } from '@descent/optim';
import { CliError } from './cliError.js';
import { loadedPluginLines } from './pluginTrust.js';
import { resolveUserPath, userCwd } from './paths.js';

export interface LoadedSweep extends OpenedSweep {
  /** The path as it reads in messages (relative to where the user typed the command). */
  shown: string;
}

/**
 * Find the sweep file the user named (see `resolveUserPath`) and open it, or fail with every issue
 * of the stage that stopped it. Nothing is written. Prints each plugin imported (stdout) and each
 * plugin used by no run (stderr).
 */
export async function loadSweepFile(pathArg: string, trust: PluginTrust): Promise<LoadedSweep> {
  const located = resolveUserPath(pathArg);
  if ('tried' in located) throw new CliError(`${pathArg}: no such sweep file (looked in ${located.tried.join(' and ')})`);
  const shown = relative(userCwd(), located.found) || located.found;
  const opened = await openSweep(located.found, { shown, trust });
  if (!('stage' in opened)) {
    for (const line of loadedPluginLines(opened.catalog.plugins)) console.log(line);
    for (const note of opened.pluginNotes) console.error(note);
    return Object.assign(opened, { shown });
  }
  const lines = formatSweepFileIssues(opened);
  if (opened.stage === 'read') throw new CliError(lines[0]);
  const trailer = opened.stage === 'plugins' ? 'with plugins' : 'in the sweep file';
  throw new CliError(`${lines.join('\n')}\n${plural(lines.length, 'issue')} ${trailer}; nothing was run.`);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
