import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The template's folder: beside dist/ (or src/) in this package. */
export const templateDir = fileURLToPath(new URL('../template/', import.meta.url));

/** Template files stored under another name: npm drops `.gitignore` from a tarball, and a `package.json` inside would be taken for a package. */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore', '_package.json': 'package.json' };

export interface ScaffoldOptions {
  /** The Descent version the project depends on (this package's own). */
  version: string;
  /** The project's package name (default: from the folder's name). */
  name?: string;
}

/** Thrown for what the user can fix (a folder that is not empty, a name npm would refuse); printed without a stack. */
export class ScaffoldError extends Error {}

/**
 * Write a new Descent project into `target` (created; must be absent or empty): a sweep, a plugin optimizer,
 * package.json with the scripts and dependencies. Returns the files written, relative to `target`, sorted.
 */
export function scaffold(target: string, options: ScaffoldOptions): string[] {
  const root = resolve(target);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) throw new ScaffoldError(`${target} exists and is not a folder`);
    const present = readdirSync(root).filter((entry) => entry !== '.git');
    if (present.length > 0) throw new ScaffoldError(`${target} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}); name a new folder`);
  }
  const name = options.name ?? packageName(basename(root));
  const problem = packageNameProblem(name);
  if (problem) throw new ScaffoldError(`'${name}' cannot be a package name: ${problem}; name the folder differently`);

  const written: string[] = [];
  const copy = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const source = join(from, entry.name);
      const destination = join(to, RENAMED[entry.name] ?? entry.name);
      if (entry.isDirectory()) copy(source, destination);
      else {
        writeFileSync(destination, readFileSync(source, 'utf8').replaceAll('{{name}}', name).replaceAll('{{version}}', options.version));
        written.push(relative(root, destination));
      }
    }
  };
  copy(templateDir, root);
  return written.sort();
}

/** A folder's name as an npm package name: lower case, spaces and other characters npm refuses as '-'. */
export function packageName(folder: string): string {
  return folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, 214);
}

/** Why npm would refuse `name` (the rules of validate-npm-package-name for new packages), or null. */
export function packageNameProblem(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return 'it is longer than 214 characters';
  if (/^[._]/.test(name)) return "it starts with '.' or '_'";
  if (name !== name.toLowerCase()) return 'it has capital letters';
  if (!/^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/.test(name)) return 'it has characters npm does not allow in a name';
  if (name === 'node_modules' || name === 'favicon.ico') return 'the name is reserved';
  return null;
}
