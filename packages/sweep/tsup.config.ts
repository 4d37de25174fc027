import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

// stored: what readers of the run store need (src/stored.ts), so `exp show` and `exp list` load no sweep language.
export default defineConfig(packageBuild({ entry: ['src/index.ts', 'src/stored.ts'] }));
