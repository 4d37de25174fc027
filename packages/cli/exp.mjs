#!/usr/bin/env node
// `pnpm exp`: the exp command, run from its TypeScript sources.
//
// Loaded through tsx's loader hooks, its ~570 modules (Plot and d3 for the reports among them) took 0.4 s
// to print --help and 1.9–2.3 s to write a report, most of it spent passing each module through the hooks.
// So the command runs from one bundle of those sources instead (0.25 s and 0.8–0.9 s), built by esbuild into
// node_modules/.cache/descent/ and rebuilt whenever one of its files changes: an edit to the sources still
// takes effect on the next command, after a rebuild of about a second (two for the very first). Where no
// bundle can be built, or with DESCENT_EXP_SOURCES=1, the sources load through tsx as before: the same code,
// slower to start.
//
// Plain JavaScript, so that Node runs it without a TypeScript loader.
import { cachedBundle } from '@descent/runner/cached-bundle';

const entry = new URL('./src/bin.ts', import.meta.url);
const bundle = process.env.DESCENT_EXP_SOURCES === '1' ? null : await cachedBundle(entry);
if (bundle !== null) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(entry.href);
}
