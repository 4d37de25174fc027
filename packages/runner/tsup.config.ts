import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

// store: the run store alone, for commands that only read it (src/storeExports.ts).
// dist/queue.js sits beside dist/worker.js, not in dist/queue/: the queue worker finds its thread's
// module at './queue/trainJobThread.js' relative to its own built file.
export default defineConfig(
  packageBuild({
    entry: { index: 'src/index.ts', store: 'src/storeExports.ts', queue: 'src/queue/index.ts', worker: 'src/worker.ts', runFolderLookThread: 'src/runFolderLookThread.ts', 'queue/trainJobThread': 'src/queue/trainJobThread.ts', 'testing/index': 'src/testing/index.ts' },
  }),
);
