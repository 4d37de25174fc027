import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { OptionSpec } from './args.js';
import { CliError } from './cliError.js';
import { reportsRoot, storeRoot, workspaceRoot } from './paths.js';

/**
 * Descent writes only inside its workspace (`experiments/runs/` and `reports/`). A symbolic link at
 * `experiments/runs`, `reports`, a sweep's folder or `reports/compare` that points elsewhere would lead
 * those writes outside it without a word; every command that writes calls `guardWrites` first, which
 * refuses unless the user opted in: `--allow-outside`, or DESCENT_ALLOW_OUTSIDE=1 for a setup that is
 * meant to stay (a store on a bigger disk).
 */

export const ALLOW_OUTSIDE_ENV = 'DESCENT_ALLOW_OUTSIDE';

/** The option every writing command declares. */
export const allowOutsideOption: OptionSpec = {
  type: 'boolean',
  description: `write through links that lead outside the workspace (e.g. experiments/runs on another disk); or set ${ALLOW_OUTSIDE_ENV}=1`,
};

/** The folders writing a sweep's runs and its report goes through. */
export function sweepWritePaths(sweep: string, { runs = true, report = true }: { runs?: boolean; report?: boolean } = {}): string[] {
  return [...(runs ? [storeRoot(), join(storeRoot(), sweep)] : []), ...(report ? [reportsRoot(), join(reportsRoot(), sweep)] : [])];
}

/**
 * Refuse (a CliError naming the link, where it leads and the workspace) when one of `paths`, all inside
 * the workspace as written, resolves outside it; nothing has been written yet when this is called.
 */
export function guardWrites(paths: readonly string[], options: Record<string, unknown>): void {
  if (options['allow-outside'] === true || process.env[ALLOW_OUTSIDE_ENV] === '1') return;
  const root = workspaceRoot();
  const realRoot = resolveExisting(root); // DESCENT_ROOT may name a folder not made yet
  for (const path of paths) {
    const resolved = resolveExisting(path);
    if (isInside(realRoot, resolved)) continue;
    const link = firstLinkOutside(root, path, realRoot) ?? { at: path, to: resolved };
    throw new CliError(
      `${relative(root, link.at) || link.at} is a link to ${link.to}, outside the workspace ${root}; ` +
        `Descent writes only inside its workspace (pass --allow-outside, or set ${ALLOW_OUTSIDE_ENV}=1, to write there anyway)`,
    );
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Where `path` would really be written: the real path of its deepest part that exists, with the rest
 * appended. A dangling link is followed by hand (writing through it would create its target).
 */
function resolveExisting(path: string, depth = 0): string {
  let existing = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return join(existing, ...rest);
      rest.unshift(basename(existing));
      existing = parent;
    }
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    // A link whose target does not exist (or a loop, which the depth limit ends).
    let target: string;
    try {
      target = readlinkSync(existing);
    } catch {
      return join(existing, ...rest);
    }
    return depth > 32 ? join(existing, ...rest) : join(resolveExisting(resolve(dirname(existing), target), depth + 1), ...rest);
  }
}

/** The first link on the way from the workspace root down to `path` that leads outside, and where it leads. */
function firstLinkOutside(root: string, path: string, realRoot: string): { at: string; to: string } | null {
  let at = root;
  for (const part of relative(root, path).split(sep)) {
    at = join(at, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(at).isSymbolicLink();
    } catch {
      return null;
    }
    if (!isLink) continue;
    const to = resolveExisting(at);
    if (!isInside(realRoot, to)) return { at, to };
  }
  return null;
}
