/**
 * `pnpm --filter @descent/bench adaptive [--workers n]`: adaptive replicates on the shipped momentum sweep
 * against a fixed `max` (30) replicates of it (issue 16): how many runs each takes, and whether every
 * configuration gets the same verdict against the leader. About 1900 runs, a minute or two on 2 idle threads.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureAdaptiveReplicates } from './adaptiveReplicates.js';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '2' } } });
const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 1) {
  console.error('adaptive: --workers takes a whole number ≥ 1');
  process.exit(2);
}
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const result = await measureAdaptiveReplicates({ sweepFile: resolve(repoRoot, 'experiments/sweeps/momentum.yaml'), workers, log: (line) => console.log(line) });

console.log(`\nconfiguration${' '.repeat(20)}fixed ${result.fixedReplicates}    adaptive (replicates)`);
for (const c of result.configurations) {
  const mark = c.fixed === c.adaptive ? ' ' : '≠';
  console.log(`${mark} ${c.key.padEnd(30)} ${c.fixed.padEnd(12)} ${c.adaptive} (${c.adaptiveReplicates})`);
}
const count = (verdicts: string[]) => [...new Set(verdicts)].map((v) => `${verdicts.filter((x) => x === v).length} ${v}`).join(', ');
console.log(`\nfixed ${result.fixedReplicates} replicates: ${result.fixedRuns} runs in ${(result.elapsedMs.fixed / 1000).toFixed(0)} s; ${count(result.configurations.map((c) => c.fixed))}`);
console.log(`adaptive: ${result.adaptiveRuns} runs in ${result.adaptiveRounds} rounds, ${(result.elapsedMs.adaptive / 1000).toFixed(0)} s; ${count(result.configurations.map((c) => c.adaptive))}`);
console.log(
  `adaptive replicates took ${((100 * result.adaptiveRuns) / result.fixedRuns).toFixed(0)} % of the fixed sweep's runs; ` +
    `verdicts agree for ${result.agreeing} of ${result.configurations.length} configurations`,
);
