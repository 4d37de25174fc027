import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

export default defineConfig(
  packageBuild({
    // `testing` holds fixtures and the Chromium helper for other packages' tests (`@descent/report/testing`).
    entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
    // A devDependency, so tsup would otherwise bundle it into dist/testing.
    external: ['playwright-core'],
    // Plot (with its d3 modules) and linkedom are some 500 small ES modules, which Node took about 0.7 s to
    // load one by one, in every `exp run` and `exp report`; bundled into dist/index.js, 0.3 s for the whole
    // package. The reports are byte for byte the same.
    noExternal: ['@observablehq/plot', 'linkedom'],
  }),
);
