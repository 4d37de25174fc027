/**
 * `pnpm --filter @descent/bench sweeps`: how `exp run` scales from 1 to 2 worker threads on the shipped
 * momentum sweep (issue 6 asks for ≥ 1.8x), read against a pure CPU loop in 1 and 2 processes, which
 * shows what this machine's cores allow, and the same sweep three times in a row on one pool of threads
 * (cold threads, then warm ones); then every shipped sweep in one `exp run` with 1 and 2 workers, whole processes
 * (issue 20: a sweep of at least 30 s of training, and the shipped sweeps together).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScaling, measureSweepScaling } from './sweepScaling.js';
import { SWEEP_SCALING_NEEDED } from './targets.js';

const args = process.argv.slice(2);
if (args.length > 0) {
  console.error(`sweeps: unknown argument ${args.map((a) => `'${a}'`).join(', ')}; it takes none`);
  process.exit(2);
}
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const result = await measureSweepScaling({ repoRoot, log: (line) => console.log(line) });
const rate = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(1)} runs/s (${r.min.toFixed(1)}–${r.max.toFixed(1)})`;
console.log(`\n${result.sweep} sweep from scratch, medians of ${result.rounds} interleaved rounds (min–max):`);
console.log(`  1 worker:  ${rate(result.oneWorker)}`);
console.log(`  2 workers: ${rate(result.twoWorkers)}`);
console.log(`  2 workers ÷ 1: ${formatScaling(result.ratio)} as exp run reports it; ${formatScaling(result.processRatio)} from whole-process wall times`);
console.log(`  CPU loop, 2 processes ÷ 1 (what the machine's cores allow): ${formatScaling(result.computePeerRatio)}`);
console.log(`  the sweep in 2 processes of 1 worker at once ÷ 1 alone (what they allow this workload, no pool shared): ${formatScaling(result.independentRatio)}`);
const cores = result.coresOfOneWorker;
console.log(`  1 worker's process used ${cores.median.toFixed(2)} cores (${cores.min.toFixed(2)}–${cores.max.toFixed(2)}): on 2 cores, 2 workers can give at most ${(2 / cores.median).toFixed(2)}x`);
const { pool } = result;
console.log(`three sweeps in a row on one pool of threads (in this process):`);
console.log(`  first sweep (cold threads): 1 thread ${rate(pool.oneCold)}, 2 threads ${rate(pool.twoCold)}; 2 ÷ 1: ${formatScaling(pool.coldRatio)}`);
console.log(`  third sweep (warm threads): 1 thread ${rate(pool.oneWarm)}, 2 threads ${rate(pool.twoWarm)}; 2 ÷ 1: ${formatScaling(pool.warmRatio)}`);
const { shipped } = result;
if (shipped) {
  const seconds = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(1)} s (${r.min.toFixed(1)}–${r.max.toFixed(1)})`;
  console.log(`every shipped sweep in one exp run (${shipped.sweeps.join(', ')}: ${shipped.runs} runs), whole process from scratch:`);
  console.log(`  1 worker:  ${seconds(shipped.oneWorkerSeconds)}, of which training ${seconds(shipped.trainingSecondsOneWorker)}`);
  console.log(`  2 workers: ${seconds(shipped.twoWorkersSeconds)}`);
  console.log(`  1 worker's time ÷ 2 workers': ${formatScaling(shipped.ratio)} (issue 20 asks ≥ ${SWEEP_SCALING_NEEDED}x)`);
}
