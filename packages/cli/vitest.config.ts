import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Worker threads and child processes run the build: make it match the sources first.
    globalSetup: ['../../scripts/vitest/buildFirst.ts'],
  },
});
