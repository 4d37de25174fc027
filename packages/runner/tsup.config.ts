import { defineConfig } from 'tsup';

export default defineConfig({
  // dist/queue.js sits beside dist/worker.js, not in dist/queue/: the queue worker finds its thread's
  // module at './queue/trainJobThread.js' relative to its own built file.
  entry: { index: 'src/index.ts', queue: 'src/queue/index.ts', worker: 'src/worker.ts', 'queue/trainJobThread': 'src/queue/trainJobThread.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
