import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The one Vitest configuration: every package is a project of it. Vitest finds this file from any folder
 * below the repo root, so `cd packages/x && npx vitest run` (what each package's `test` script and turbo run)
 * uses it too, and then runs that package's project only.
 */

const repo = fileURLToPath(new URL('.', import.meta.url));
const packagesDir = join(repo, 'packages');
const packages = readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'package.json')));

/** The package whose folder the command was typed in, if any. */
const here = relative(packagesDir, process.cwd()).split(sep)[0];

/**
 * Tests that hold a page or a command to a time limit an issue sets (`*.performance.*.test.ts`) run alone, after
 * the rest of their package's tests: beside another test file, on two cores, they would time that file's work
 * too. Each is its own project, one file at a time, in the second group of projects.
 */
const TIMED_TESTS = '**/*.performance.*.test.ts';
const isTimedTest = (file: string) => /\.performance\.[^/\\]+\.test\.ts$/.test(file);

function hasTimedTests(root: string): boolean {
  return ['src', 'test'].some((folder) => {
    const path = join(root, folder);
    return existsSync(path) && readdirSync(path, { recursive: true, encoding: 'utf8' }).some(isTimedTest);
  });
}

function projects(name: string): TestProjectInlineConfiguration[] {
  const root = join(packagesDir, name);
  const all: TestProjectInlineConfiguration = { extends: true, test: { name, root, exclude: [...configDefaults.exclude, TIMED_TESTS], sequence: { groupOrder: 0 } } };
  if (!hasTimedTests(root)) return [all];
  return [all, { extends: true, test: { name: `${name} (timed, alone)`, root, include: [TIMED_TESTS], fileParallelism: false, sequence: { groupOrder: 1 } } }];
}

/** Checks of the repository as a whole (README code, imports between packages): the root's `test:repo` script. */
const repoProject: TestProjectInlineConfiguration = { extends: true, test: { name: 'repo', root: repo, include: ['test/**/*.test.ts'], sequence: { groupOrder: 0 } } };

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // Worker threads and `exp` child processes run the build (dist/): make it match the sources first.
    globalSetup: [join(repo, 'scripts', 'vitest', 'buildFirst.ts'), join(repo, 'scripts', 'vitest', 'tempFolders.ts')],
    // Each run writes its JSON report to .vitest/result.json under the folder it ran in; .ci/count.mjs sums them.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/result.json' },
    server: {
      deps: {
        // TF.js (bench) is loaded by Node itself through the resolve hook in contenders/_loadTfjs.ts; left to
        // vitest, it would transform TF.js's hundreds of ES module files on every run (about 9 s).
        external: [/@tensorflow\//],
      },
    },
    projects: packages.includes(here) ? projects(here) : [...packages.flatMap(projects), repoProject],
  },
});
