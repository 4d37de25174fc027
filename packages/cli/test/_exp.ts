import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempFolder } from '@descent/runner/testing';
import { vi } from 'vitest';
import { exp } from '../src/exp.js';

/** Helpers for the CLI tests: a throw-away workspace, and `exp` run in-process or as a real child process. */

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** What `pnpm exp` runs once the build is fresh (scripts/run-built.mjs): the CLI's build, which the tests' global setup makes. */
export const cliBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
/** The runner's test plugins: optimizers that break the contract at run time, and one that busy-waits `pause_ms`. */
export const brokenPlugin = fileURLToPath(new URL('../../runner/src/__fixtures__/plugins/broken.mjs', import.meta.url));
export const pausePlugin = fileURLToPath(new URL('../../runner/src/__fixtures__/plugins/pauses.ts', import.meta.url));

/** A temporary Descent workspace (package.json + experiments/sweeps/) for DESCENT_ROOT, removed after the test file. */
export function makeWorkspace(): string {
  const root = tempFolder('descent-cli-');
  writeFileSync(join(root, 'package.json'), '{ "private": true }\n');
  mkdirSync(join(root, 'experiments', 'sweeps'), { recursive: true });
  return root;
}

/** Write experiments/sweeps/<name>.yaml in `root`; returns its absolute path. */
export function writeSweep(root: string, name: string, yaml: string): string {
  const file = join(root, 'experiments', 'sweeps', `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

export interface ExpResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `exp ...args` in this process, as if typed in `cwd` with the store in `root`. Output printed through
 * console and process.stdout (the progress lines) is captured.
 */
export async function expIn(root: string, args: string[], { cwd = root, env = {} }: { cwd?: string; env?: Record<string, string> } = {}): Promise<ExpResult> {
  const saved = { ...process.env };
  Object.assign(process.env, { DESCENT_ROOT: root, INIT_CWD: cwd }, env);
  let stdout = '';
  let stderr = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (stdout += parts.join(' ') + '\n'));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void (stderr += parts.join(' ') + '\n'));
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await exp(args);
    return { code, stdout, stderr };
  } finally {
    log.mockRestore();
    error.mockRestore();
    out.mockRestore();
    err.mockRestore();
    process.env = saved;
  }
}

/** The real `exp` command as a child process (started from the repo root, as `pnpm exp` does). */
export function spawnExp(root: string, args: string[], env: Record<string, string> = {}): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [cliBin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DESCENT_ROOT: root, INIT_CWD: root, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: { stdout: string; stderr: string } };
  child.output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (child.output.stdout += d));
  child.stderr!.on('data', (d) => (child.output.stderr += d));
  return child;
}

/** Resolves with the exit code (or 128 + signal number when killed by a signal). */
export function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal])));
  });
}

export async function runExp(root: string, args: string[], env: Record<string, string> = {}): Promise<ExpResult> {
  const child = spawnExp(root, args, env);
  const code = await exited(child);
  return { code, ...child.output };
}

/** Poll until `condition()` holds (every 25 ms, at most `ms`). */
export async function waitFor(condition: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const runsDir = (root: string, sweep: string) => join(root, 'experiments', 'runs', sweep);

/** The runs a sweep's store lists as its own (sweep.json's runIds), in the order its rounds asked for them. */
export const sweepRunIds = (root: string, sweep: string) => (JSON.parse(readFileSync(join(runsDir(root, sweep), 'sweep.json'), 'utf8')) as { runIds: string[] }).runIds;

/** Run ids with a stored record in `root`'s store. */
export function storedRuns(root: string, sweep: string): string[] {
  const dir = runsDir(root, sweep);
  if (!existsSync(dir)) return [];
  // Run folders only: a run being written lives in `<id>.tmp-<pid>-<n>/` with its record.json before it is
  // renamed into place (a test that counted those killed a sweep before its third run was stored).
  return readdirSync(dir).filter((e) => /^[0-9a-f]{12}$/.test(e) && existsSync(join(dir, e, 'record.json'))).sort();
}

/** runId → record.json bytes. */
export function recordBytes(root: string, sweep: string): Map<string, string> {
  return new Map(storedRuns(root, sweep).map((id) => [id, readFileSync(join(runsDir(root, sweep), id, 'record.json'), 'utf8')]));
}

/** Everything in the workspace except the sweep files: what a command wrote. */
export function written(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(dir, e.name), path);
      else out.push(path);
    }
  };
  walk(root, '');
  return out.filter((p) => p !== 'package.json' && !p.startsWith('experiments/sweeps/')).sort();
}
