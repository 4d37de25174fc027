import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname, cpus } from 'node:os';
import { activeKernels } from '@descent/tensor';
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

let commit: string | null | undefined;
/** The git commit of the Descent checkout, with `-dirty` if it has uncommitted changes; null outside git. */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  try {
    const cwd = new URL('.', import.meta.url).pathname;
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    commit = dirty ? `${head}-dirty` : head;
  } catch {
    commit = null;
  }
  return commit;
}

let version: string | undefined;
export function descentVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
