import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultRegistry, PluginError, type PluginProblem, type PluginTrust } from '@descent/optim';
import { countRuns, expandSweep, formatIssue, optimizerNamesWritten, parseSweepText, pluginSpecs, validateSweep, type Position, type RunSpec, type Sweep, type SweepIssue } from '@descent/sweep';
import { loadCatalog, type LoadedCatalog } from './loadCatalog.js';

export interface OpenSweepOptions {
  /** How the file reads in messages, e.g. relative to where the user typed the command (default: `file`). */
  shown?: string;
  /** The file's text, when it is not to be read from disk (tests). */
  text?: string;
  /** Where plugin files may be imported from (the CLI: the workspace, and files allowed with --allow-plugin). */
  trust?: PluginTrust;
}

/** A sweep file read, its plugins loaded, validated, ready to run. */
export interface OpenedSweep {
  /** The sweep file as given to `openSweep`. */
  file: string;
  sweep: Sweep;
  /** Everything the sweep can name, its plugins' optimizers included. */
  catalog: LoadedCatalog;
  /** Runs the sweep asks for, counted without building them (see `countRuns`). */
  runCount: number;
  /** Warnings about the `plugins:` list, one line each (`file:line:col: plugins: x.ts is used by no run (not imported)`). */
  pluginNotes: string[];
  /**
   * The sweep's runs. Expanded on first read and kept: a caller that refuses a sweep of a million runs
   * (by `runCount`) never pays for building them.
   */
  readonly specs: RunSpec[];
}

/** Why a sweep file could not be opened; every issue of the stage that stopped it, located where known. */
export type SweepFileIssues =
  | { stage: 'read'; file: string; message: string }
  | { stage: 'plugins'; issues: PluginIssue[] }
  | { stage: 'sweep'; issues: SweepIssue[] };

/** A plugin that could not be loaded, at its entry in the sweep's `plugins:` list (null when not found there). */
export interface PluginIssue extends PluginProblem {
  file: string;
  at: Position | null;
}

/**
 * Read, parse and validate a sweep file, loading its plugins first (validation needs their
 * hyperparameter declarations). Every issue of the first stage that fails comes back at once; nothing
 * is written anywhere.
 */
export async function openSweep(file: string, options: OpenSweepOptions = {}): Promise<OpenedSweep | SweepFileIssues> {
  const shown = options.shown ?? file;
  let text = options.text;
  if (text === undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return { stage: 'read', file: shown, message: (error as Error).message };
    }
  }
  const parsed = parseSweepText(text, shown);
  if (parsed.issues.length) return { stage: 'sweep', issues: parsed.issues };

  const plugins = pluginSpecs(parsed.doc);
  // A plugin is user code: imported only when some optimizer name in the file may be one of its optimizers
  // (validation needs their declarations). Names are read from the file before anything is imported.
  const written = optimizerNamesWritten(parsed.doc);
  const imported = [...written.runs, ...written.claims].some((name) => !defaultRegistry.has(name));
  let catalog: LoadedCatalog;
  try {
    catalog = await loadCatalog(
      imported ? plugins.map((p) => p.spec) : [],
      dirname(file),
      { trust: options.trust },
    );
  } catch (error) {
    if (!(error instanceof PluginError)) throw error;
    return {
      stage: 'plugins',
      issues: error.problems.map((problem) => {
        const entry = plugins.find((p) => p.spec === problem.source);
        return { ...problem, file: shown, at: entry ? { line: entry.line, col: entry.col } : null };
      }),
    };
  }

  const result = validateSweep(parsed, file, catalog);
  if ('issues' in result) return { stage: 'sweep', issues: result.issues.map((p) => ({ ...p, file: shown })) };
  const { sweep } = result;
  let specs: RunSpec[] | null = null;
  const pluginNotes = plugins.flatMap(({ spec, line, col }) => {
    const optimizers = catalog.plugins.find((p) => p.source === spec)?.optimizers ?? [];
    if (optimizers.some((name) => written.runs.has(name))) return [];
    return [`${shown}:${line}:${col}: plugins: ${spec} is used by no run (${imported ? 'imported to validate the sweep' : 'not imported'})`];
  });
  return {
    file,
    sweep,
    catalog,
    runCount: countRuns(sweep),
    pluginNotes,
    get specs() {
      return (specs ??= expandSweep(sweep, catalog));
    },
  };
}

/** The issues as lines: `file:line:col: key.path: issue (got X; expected Y)`, `file:line:col: plugins: source: issue`. */
export function formatSweepFileIssues(failure: SweepFileIssues): string[] {
  switch (failure.stage) {
    case 'read':
      return [`${failure.file}: cannot read the sweep file (${failure.message})`];
    case 'sweep':
      return failure.issues.map(formatIssue);
    case 'plugins':
      return failure.issues.map((p) => {
        const where = p.at ? `${p.file}:${p.at.line}:${p.at.col}: plugins: ` : `${p.file}: plugins: `;
        return `${where}${p.source}${p.resolved && p.resolved !== p.source ? ` (${p.resolved})` : ''}: ${p.message}`;
      });
  }
}
