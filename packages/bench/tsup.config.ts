import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

export default defineConfig(
  packageBuild({
    // bin: `pnpm bench`; sweepsBin: `pnpm --filter @descent/bench sweeps`; pairingWidthBin: `... pairing`.
    entry: ['src/index.ts', 'src/bin.ts', 'src/sweepsBin.ts', 'src/pairingWidthBin.ts'],
    // devDependencies, loaded by Node itself through the resolve hook in contenders/_loadTfjs.ts.
    external: [/^@tensorflow\//],
  }),
);
