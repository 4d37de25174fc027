import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { PluginError } from '@descent/optim';
import { loadCatalog, type LoadedCatalog } from '@descent/runner';
import { expandSweep, formatIssue, parseSweepText, pluginSpecs, validateSweep, type RunSpec, type Sweep, type SweepIssue } from '@descent/sweep';
import { CliError } from './cliError.js';
import { resolveUserPath, userCwd } from './paths.js';

export interface LoadedSweep {
  /** Absolute path of the sweep file. */
  file: string;
  /** The path as it reads in messages (relative to where the user typed the command). */
  shown: string;
  sweep: Sweep;
  catalog: LoadedCatalog;
}

/**
 * Read, parse and validate a sweep file, loading its plugins first (validation needs their
 * hyperparameter declarations). Every issue is reported at once; nothing is written.
 */
export async function loadSweepFile(pathArg: string): Promise<LoadedSweep> {
  const located = resolveUserPath(pathArg);
  if ('tried' in located) throw new CliError(`${pathArg}: no such sweep file (looked in ${located.tried.join(' and ')})`);
  const file = located.found;
  const shown = relative(userCwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${shown}: cannot read the sweep file (${(error as Error).message})`);
  }
  const parsed = parseSweepText(text, shown);
  if (parsed.issues.length) throw issuesError(parsed.issues);

  const specs = pluginSpecs(parsed.doc);
  let catalog: LoadedCatalog;
  try {
    catalog = await loadCatalog(
      specs.map((s) => s.spec),
      dirname(file),
    );
  } catch (error) {
    if (!(error instanceof PluginError)) throw error;
    const lines = error.problems.map((p) => {
      const at = specs.find((s) => s.spec === p.source);
      const where = at ? `${shown}:${at.line}:${at.col}: plugins: ` : `${shown}: plugins: `;
      return `${where}${p.source}${p.resolved && p.resolved !== p.source ? ` (${p.resolved})` : ''}: ${p.message}`;
    });
    throw new CliError(`${lines.join('\n')}\n${plural(lines.length, 'problem')} with plugins; nothing was run.`);
  }

  const result = validateSweep(parsed, file, catalog);
  if ('issues' in result) throw issuesError(result.issues.map((p) => ({ ...p, file: shown })));
  return { file, shown, sweep: result.sweep, catalog };
}

export function expand(loaded: LoadedSweep): RunSpec[] {
  return expandSweep(loaded.sweep, loaded.catalog);
}

function issuesError(issues: readonly SweepIssue[]): CliError {
  // The closing line still says "problem(s)": user-visible text stays as it was (tests and scripts read it).
  return new CliError(`${issues.map(formatIssue).join('\n')}\n${plural(issues.length, 'problem')} in the sweep file; nothing was run.`);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
