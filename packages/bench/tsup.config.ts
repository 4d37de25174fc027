import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

export default defineConfig(
  packageBuild({
    // bin: `pnpm bench`; sweepsBin: `pnpm --filter @descent/bench sweeps`; pairingWidthBin: `... pairing`; adaptiveReplicatesBin: `... adaptive`; storeScalingBin: `... scale`; torchSweepBin: `... torch-sweep`.
    entry: ['src/index.ts', 'src/bin.ts', 'src/sweepsBin.ts', 'src/pairingWidthBin.ts', 'src/adaptiveReplicatesBin.ts', 'src/storeScalingBin.ts', 'src/torchSweepBin.ts'],
    // devDependencies, loaded by Node itself through the resolve hook in contenders/_loadTfjs.ts.
    external: [/^@tensorflow\//],
  }),
);
