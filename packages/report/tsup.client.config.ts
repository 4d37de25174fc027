import { defineConfig } from 'tsup';

/**
 * The page script of the reports (src/client): browser code with Observable Plot and d3-brush bundled in,
 * one minified IIFE that the server inlines into each report (src/explore/clientBundle.ts). A separate
 * build run after the package's main one (`build` script), because the main build cleans dist/ first.
 */
export default defineConfig({
  entry: { explore: 'src/client/main.ts' },
  outDir: 'dist/client',
  format: ['iife'],
  platform: 'browser',
  // Firefox ESR and every current browser run ES2020.
  target: 'es2020',
  tsconfig: 'src/client/tsconfig.json',
  minify: true,
  // Inlined into HTML: a source map would have nowhere to live.
  sourcemap: false,
  clean: false,
  dts: false,
  noExternal: [/.*/],
});
