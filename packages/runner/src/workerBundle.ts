import { cachedBundle } from './bundle/cachedBundle.mjs';

/*
 * Worker threads started from Descent's TypeScript sources (`pnpm exp`, tests) would each register tsx and
 * load about a hundred modules through its loader hooks: measured on 2 cores, 0.4 s for one thread and
 * 0.7 s each for two starting together, which is a quarter of the shipped momentum sweep with two workers.
 * Instead the worker's module graph is bundled once by esbuild into one plain ES module (cachedBundle.mjs),
 * cached under <package>/node_modules/.cache/descent/ and rebuilt when any of its source files changes; a
 * thread loads it in about 0.1 s. A build (dist/) needs none of this and uses its own worker.js.
 */

/** Where a worker thread's code comes from: a build's own file, the bundle of the sources, or the sources through tsx. */
export type WorkerSource = 'build' | 'bundle' | 'tsx';

/**
 * The module for a pool of worker threads, given paths relative to the caller's module: from a build
 * (`caller` is a .js file) the built file; from sources the bundle of `source`, or else `tsxEntry`, a small
 * .mjs that registers tsx in the thread before importing `source`.
 */
export async function threadModule(caller: string, paths: { source: string; tsxEntry: string; build: string }): Promise<{ filename: string; execArgv?: string[]; source: WorkerSource }> {
  if (!caller.endsWith('.ts')) return { filename: new URL(paths.build, caller).href, source: 'build' };
  // Trap: a thread inherits the process's execArgv, and `--import tsx` there breaks the scoped tsx import
  // that loads .ts plugins; the threads get only the export condition that picks workspace sources.
  const execArgv = ['--conditions=development'];
  const bundle = await cachedBundle(new URL(paths.source, caller));
  if (bundle !== null) return { filename: bundle, execArgv, source: 'bundle' };
  return { filename: new URL(paths.tsxEntry, caller).href, execArgv, source: 'tsx' };
}
