import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

// bin: the `create-descent` command (`npm create descent`); index: scaffold() for tests and other tools.
export default defineConfig(packageBuild({ entry: ['src/bin.ts', 'src/index.ts'] }));
