/**
 * `pnpm --filter @descent/bench torch-sweep [--rounds n]`: issue 20's first goal on its own. The momentum sweep
 * whole, `exp run --workers 1` from scratch, against the same runs in PyTorch on one thread
 * (python/torch_sweep.py): runs per second of each and their ratio. About 5 minutes a round, most of it PyTorch's.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noTorchPythonMessage, findTorchPython } from './contenders/index.js';
import { formatScaling } from './sweepScaling.js';
import { TORCH_SWEEP_NEEDED } from './targets.js';
import { measureTorchSweep } from './torchSweep.js';

const USAGE = 'usage: pnpm --filter @descent/bench torch-sweep [--rounds n]   (n ≥ 1, default 1)';
const args = process.argv.slice(2);
const rounds = args.length === 0 ? 1 : args.length === 2 && args[0] === '--rounds' && /^[1-9]\d*$/.test(args[1]) ? Number(args[1]) : null;
if (args.includes('--help') || args.includes('-h')) console.log(USAGE);
else if (rounds === null) {
  console.error(`torch-sweep: unknown arguments ${args.map((a) => `'${a}'`).join(' ')}\n${USAGE}`);
  process.exit(2);
} else {
  const python = findTorchPython();
  if (!python) {
    console.error(`torch-sweep: ${noTorchPythonMessage()}`);
    process.exit(1);
  }
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const result = await measureTorchSweep({ repoRoot, python, rounds, log: (line) => console.log(line) });
  const rate = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(2)} runs/s (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  console.log(`\n${result.sweep} sweep, ${result.runs} runs, medians of ${result.rounds} round(s) (min–max):`);
  console.log(`  Descent, exp run, 1 worker:  ${rate(result.descent)}`);
  console.log(`  PyTorch ${result.torch}, 1 thread: ${rate(result.pytorch)}`);
  console.log(`  Descent ÷ PyTorch: ${formatScaling(result.ratio)}; whole processes: ${formatScaling(result.processRatio)}; runs per CPU second: ${formatScaling(result.cpuRatio)} (issue 20 asks ≥ ${TORCH_SWEEP_NEEDED}x)`);
  console.log(`  median final test loss: Descent ${result.finalMetric.descent.toFixed(4)}, PyTorch ${result.finalMetric.pytorch.toFixed(4)}`);
}
