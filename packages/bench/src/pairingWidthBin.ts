/**
 * `pnpm --filter @descent/bench pairing [--replicates n] [--workers n] [--skip-streams]`: how many times narrower paired seeds
 * make the confidence interval of a comparison on the shipped momentum sweep (issue 16), and which random
 * stream's noise dominates. It trains the sweep 8 times (paired, independent, and six partial pairings) at
 * n replicates (default 10): 3200 runs, about two minutes on 2 idle threads (--skip-streams: paired and
 * independent only, a quarter of that).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measurePairingWidth, type WidthGroup } from './pairingWidth.js';

const { values } = parseArgs({ options: { replicates: { type: 'string', default: '10' }, workers: { type: 'string', default: '2' }, 'skip-streams': { type: 'boolean', default: false } } });
const replicates = Number(values.replicates);
const workers = Number(values.workers);
if (!Number.isInteger(replicates) || replicates < 3 || !Number.isInteger(workers) || workers < 1) {
  console.error('pairing: --replicates takes a whole number ≥ 3 and --workers one ≥ 1');
  process.exit(2);
}
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const result = await measurePairingWidth({ sweepFile: resolve(repoRoot, 'experiments/sweeps/momentum.yaml'), replicates, workers, streams: !values['skip-streams'], log: (line) => console.log(line) });

const show = (group: WidthGroup) => {
  console.log(`\n${group.name}:`);
  for (const c of group.comparisons) {
    console.log(`  ${c.label.padEnd(44)} interval width paired ${c.pairedWidth.toPrecision(3)}, independent ${c.independentWidth.toPrecision(3)}: ${c.ratio.toFixed(1)}× narrower`);
  }
  if (group.leftOut.length) console.log(`  left out (a run diverged): ${group.leftOut.join('; ')}`);
  console.log(`  median: ${group.medianRatio.toFixed(1)}× narrower over ${group.comparisons.length} comparisons`);
};
show(result.momentum);
show(result.best);
console.log(`\nmomentum ρ vs 0 on the metric after each epoch, median ratio (does the benefit fade as the runs part ways?):`);
for (const e of result.epochs) console.log(`  epoch ${String(e.epoch).padStart(2)}: ${e.medianRatio.toFixed(1)}×`);
console.log('\nstreams shared (the others independent), median ratio over the momentum comparisons (none: independent runs analysed as if paired):');
for (const s of result.streams) console.log(`  ${(s.shared.join(' + ') || 'none').padEnd(22)} ${s.medianRatio.toFixed(1)}×`);
console.log(
  `\npaired intervals are ${result.momentum.medianRatio.toFixed(1)}× narrower for momentum ρ vs 0 and ${result.best.medianRatio.toFixed(1)}× for the best configuration vs its neighbours ` +
    `(medians, ${replicates} replicates; ${result.runs} runs in ${(result.elapsedMs / 1000).toFixed(0)} s)`,
);
