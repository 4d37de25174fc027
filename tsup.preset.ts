import type { Options } from 'tsup';

/**
 * The one tsup configuration every package builds with; a package's tsup.config.ts names only its entries
 * (and what it must keep out of its bundle). `build` is esbuild alone, fast enough to run before every
 * `pnpm exp` and test run; the .d.ts files are the separate `build:types` task (`tsup --dts-only`), needed
 * only to pack a package for npm.
 */
export function packageBuild(entries: Pick<Options, 'entry' | 'external' | 'noExternal'>): (cli: Options) => Options {
  return (cli) => ({
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    // A types-only run adds the .d.ts files beside the JavaScript of `build`; it must not delete it.
    clean: !(typeof cli.dts === 'object' && cli.dts.only === true),
    ...entries,
  });
}
