import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The folder the user typed the command in (pnpm runs scripts from the repo root and keeps it in INIT_CWD). */
export function userCwd(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/**
 * The Descent workspace, where `experiments/runs/` and `reports/` are written: DESCENT_ROOT if set, else the
 * nearest folder at or above the user's folder with a `package.json` and an `experiments/` folder, else the
 * nearest with a `package.json` (a project that has just installed Descent), else the user's folder.
 */
export function workspaceRoot(): string {
  if (process.env.DESCENT_ROOT) return resolve(process.env.DESCENT_ROOT);
  return nearestFolder((dir) => existsSync(join(dir, 'experiments'))) ?? nearestFolder(() => true) ?? userCwd();
}

/** The nearest folder at or above the user's folder that has a package.json and passes `test`. */
function nearestFolder(test: (dir: string) => boolean): string | null {
  for (let dir = userCwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && test(dir)) return dir;
    if (dirname(dir) === dir) return null;
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
