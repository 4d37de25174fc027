import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Worker threads and child processes run the build: make it match the sources first.
    globalSetup: ['../../scripts/vitest/buildFirst.ts'],
    server: {
      deps: {
        // TF.js is loaded by Node itself through the resolve hook in contenders/_loadTfjs.ts; left to vitest,
        // it would transform TF.js's hundreds of ES module files on every run (about 9 s).
        external: [/@tensorflow\//],
      },
    },
  },
});
