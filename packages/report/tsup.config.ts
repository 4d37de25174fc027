import { defineConfig } from 'tsup';

export default defineConfig({
  // `testing` holds fixtures and the Chromium helper for other packages' tests (`@descent/report/testing`).
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // A devDependency, so tsup would otherwise bundle it into dist/testing.
  external: ['playwright-core'],
});
