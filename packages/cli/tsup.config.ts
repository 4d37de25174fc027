import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

// bin: the `exp` command (`pnpm exp`, the package's `bin`); index: the package's (empty) export.
export default defineConfig(packageBuild({ entry: ['src/bin.ts', 'src/index.ts'] }));
