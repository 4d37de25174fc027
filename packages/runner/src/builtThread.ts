import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a pool's worker threads load their code from, and the Node options they start with. */
export interface BuiltThread {
  filename: string;
  execArgv: string[];
}

/**
 * A pool's worker threads run `file` of this package's build, dist/: threads always run built code. From a
 * build this module is itself in dist/; from the sources (tests under vitest) it finds the dist/ beside
 * src/, which `pnpm test` and the tests' global setup build first.
 *
 * Trap: '../dist/' holds from a file directly inside src/ or dist/; tsup keeps shared code in chunks at the
 * top of dist/, so this module must not move into a subfolder.
 */
export function builtThread(file: string): BuiltThread {
  const url = new URL(`../dist/${file}`, import.meta.url);
  if (!existsSync(url)) throw new Error(`${fileURLToPath(url)} is missing: build the package first (pnpm build, or any pnpm exp)`);
  return { filename: url.href, execArgv: threadExecArgv(process.execArgv) };
}

/**
 * Threads inherit the process's Node options. Trap: vitest starts its processes with `--conditions
 * development`, under which the build's imports of workspace packages would pick their TypeScript sources,
 * which Node cannot load; the threads get every other option.
 */
export function threadExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i];
    if ((option === '--conditions' || option === '-C') && execArgv[i + 1] === 'development') i++;
    else if (option !== '--conditions=development' && option !== '-C=development') kept.push(option);
  }
  return kept;
}
