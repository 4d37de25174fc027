import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The folder the user typed the command in (pnpm runs scripts from the repo root and keeps it in INIT_CWD). */
export function userCwd(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/**
 * The Descent workspace: DESCENT_ROOT if set, else the nearest folder at or above the user's folder
 * that holds `experiments/`, else the user's folder.
 */
export function workspaceRoot(): string {
  if (process.env.DESCENT_ROOT) return resolve(process.env.DESCENT_ROOT);
  let dir = userCwd();
  for (;;) {
    if (existsSync(join(dir, 'experiments')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return userCwd();
    dir = parent;
  }
}

export const storeRoot = () => join(workspaceRoot(), 'experiments', 'runs');
export const reportsRoot = () => join(workspaceRoot(), 'reports');

/**
 * A path the user gave: against the folder the command was typed in first, then `experiments/`
 * (so `pnpm exp run sweeps/momentum.yaml` works from the repo root). Returns every place tried when
 * nothing is there, for the error message.
 */
export function resolveUserPath(path: string): { found: string } | { tried: string[] } {
  if (isAbsolute(path)) return existsSync(path) ? { found: path } : { tried: [path] };
  const tried = [resolve(userCwd(), path), resolve(workspaceRoot(), 'experiments', path)];
  const found = tried.find((p) => existsSync(p));
  return found ? { found } : { tried: [...new Set(tried)] };
}
