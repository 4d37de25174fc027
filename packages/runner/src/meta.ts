import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { hostname, cpus } from 'node:os';
import { activeKernels } from '@descent/tensor';
import { gitCwd, installedFromNpm } from './installedFromNpm.js';
import type { RunMeta } from './types.js';

/** The non-deterministic facts about a run, kept out of its record. */
export function runMeta(runId: string, wallTimeMs: number, stepTimesMs: number[], epochTimesMs: number[]): RunMeta {
  return {
    schema: 1,
    runId,
    wallTimeMs: round(wallTimeMs),
    stepTimesMs: stepTimesMs.map(round),
    epochTimesMs: epochTimesMs.map(round),
    finishedAt: new Date().toISOString(),
    node: process.version,
    machine: machineDescription(),
    gitCommit: gitCommit(),
    descentVersion: descentVersion(),
    kernels: activeKernels().name,
  };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

let machine: string | undefined;
export function machineDescription(): string {
  machine ??= `${hostname()} (${process.platform}-${process.arch}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown cpu'})`;
  return machine;
}

const HEAD_ARGS = ['rev-parse', '--short=12', 'HEAD'];
const STATUS_ARGS = ['status', '--porcelain', '--untracked-files=no'];
const commitOf = (head: string, status: string) => (status.trim() ? `${head.trim()}-dirty` : head.trim());

let commit: string | null | undefined;
/** The git commit of the Descent checkout, with `-dirty` if it has uncommitted changes; null outside git or when installed. */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  if (installedFromNpm()) return (commit = null);
  try {
    const options = { cwd: gitCwd(), stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
    commit = commitOf(execFileSync('git', HEAD_ARGS, options).toString(), execFileSync('git', STATUS_ARGS, options).toString());
  } catch {
    commit = null;
  }
  return commit;
}

/** What every run's meta says about where it ran, apart from the run itself: looked up once per process. */
export interface RunFacts {
  gitCommit: string | null;
  descentVersion: string;
  machine: string;
}

/**
 * The run facts without blocking: the two git calls run as child processes while this thread goes on.
 * A pool looks them up once and hands them to its threads (useRunFacts), instead of every fresh thread
 * blocking on git before its first run (~45 ms each, over 100 ms with two threads starting at once).
 */
export async function runFactsAsync(): Promise<RunFacts> {
  if (commit === undefined && installedFromNpm()) commit = null;
  if (commit === undefined) {
    const run = promisify(execFile);
    try {
      const [head, status] = await Promise.all([run('git', HEAD_ARGS, { cwd: gitCwd() }), run('git', STATUS_ARGS, { cwd: gitCwd() })]);
      commit ??= commitOf(head.stdout, status.stdout);
    } catch {
      commit ??= null;
    }
  }
  return { gitCommit: gitCommit(), descentVersion: descentVersion(), machine: machineDescription() };
}

/** Take run facts looked up by another thread of this process (the same checkout and machine). */
export function useRunFacts(facts: RunFacts): void {
  commit ??= facts.gitCommit;
  version ??= facts.descentVersion;
  machine ??= facts.machine;
}

let version: string | undefined;
export function descentVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
