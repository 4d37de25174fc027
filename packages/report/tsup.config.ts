import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

export default defineConfig(
  packageBuild({
    // `testing` holds fixtures and the Chromium helper for other packages' tests (`@descent/report/testing`).
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    // A devDependency, so tsup would otherwise bundle it into dist/testing.
    external: ['playwright-core'],
  }),
);
