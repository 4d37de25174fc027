/**
 * `pnpm --filter @descent/bench scale [--sizes 1000,10000,100000] [--workers n]`: how the commands around the runs
 * grow with the number of runs (storeScaling.ts). Prints a table, the growth exponent of each command and the
 * largest size against issue 20's limits; writes reports/bench/scale.json. 100,000 runs take a while (the runs
 * themselves about 2 minutes on 2 cores; what grows faster than them is what this measures).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatScale, measureStoreScaling, parseScaleArgs, SCALE_USAGE } from './storeScaling.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) console.log(SCALE_USAGE);
else {
  const parsed = parseScaleArgs(args, availableParallelism());
  if (typeof parsed === 'string') {
    console.error(`scale: ${parsed}\n\n${SCALE_USAGE}`);
    process.exit(2);
  }
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores; ${parsed.workers} workers; Node ${process.version}`);
  const result = await measureStoreScaling({ repoRoot, ...parsed, log: (line) => console.log(line) });
  console.log('');
  for (const line of formatScale(result)) console.log(line);
  const outDir = join(repoRoot, 'reports', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'scale.json'), JSON.stringify({ machine: cpus()[0]?.model ?? null, node: process.version, workers: parsed.workers, ...result }, null, 2) + '\n');
  console.log(`\nwritten: reports/bench/scale.json`);
}
