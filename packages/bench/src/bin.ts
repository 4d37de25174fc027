/**
 * `pnpm bench search [...]`: the search benchmark, Descent's samplers against Optuna's (search/searchCommand.ts).
 *
 * `pnpm bench [--quick]`: Descent against TF.js (cpu, wasm), hand-written loops and, when a python3 with torch
 * is found, PyTorch (one thread) on issue 6's workloads.
 * Writes reports/bench/results.json and reports/bench/index.html at the repository root, prints the table.
 * Then the worker scaling of `exp run` on the momentum sweep (sweepScaling.ts, about a minute and a half), and
 * the whole momentum sweep against its PyTorch version (torchSweep.ts, about 5 minutes, when torch is found).
 * --quick: two short rounds, no 1024×1024 matmul and no worker scaling, a smoke run of about half a minute.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgreementError } from './agreement.js';
import { DEFAULT_CONTENDERS, descentRelaxed, findTorchPython, noTorchPythonMessage, pytorchContender } from './contenders/index.js';
import { describeMachine, machineLine } from './machine.js';
import { renderBenchReport } from './renderBenchReport.js';
import { runBenchmark } from './runBenchmark.js';
import { measureSweepScaling, QUIET_PEER_RATIO } from './sweepScaling.js';
import { measureTorchSweep } from './torchSweep.js';
import { measureCliStart } from './cliStart.js';
import { formatRatio, markdownTable } from './summaryTable.js';
import { checkTargets } from './targets.js';
import { WORKLOADS } from './workloads.js';
import { SEARCH_USAGE, searchCommand } from './search/searchCommand.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** What `pnpm bench --help` prints: every way to run a benchmark of this package, and what each writes. */
export const BENCH_USAGE = `usage: pnpm bench [--quick]
  Descent against TF.js (cpu, wasm), hand-written loops and PyTorch (one thread, when a python3 with torch is
  found) on the training workloads, then the start of the exp command, the worker scaling of exp run, and
  the whole momentum sweep on 1 worker against the same runs in PyTorch on 1 thread (issue 20: ≥ 100x).
  Writes reports/bench/results.json and reports/bench/index.html. About 15 minutes (5 of them the PyTorch sweep).
  --quick      two short rounds, no 1024×1024 matmul, no worker scaling, no PyTorch sweep: about half a minute
  --help, -h   this text

${SEARCH_USAGE}
  Descent's samplers (random, quasirandom, TPE, Hyperband) against Optuna 3.1's on the same objectives.

More, as scripts of packages/bench (pnpm --filter @descent/bench <script> [options]):
  sweeps     exp run on the momentum sweep, 1 worker against 2, read against a CPU loop and against the sweep
             in two 1-worker processes at once; then every shipped sweep in one exp run (about seven minutes)
  torch-sweep [--rounds n]: the momentum sweep per core, Descent (exp run, 1 worker) against the same runs
             in PyTorch (python/torch_sweep.py, 1 thread), runs/s of the whole sweeps (about 5 minutes a round)
  pairing    [--replicates n] [--workers n] [--skip-streams]: how much narrower paired seeds make an interval
  adaptive   [--workers n]: adaptive replicates against a fixed 30, runs spent and verdicts
  scale      [--sizes 1000,10000,100000] [--workers n]: exp run, run again, list, show and report on a random
             search of tiny runs at each size; their growth exponents, bytes per run, against issue 20's limits`;

const [subcommand, ...rest] = process.argv.slice(2);
if (subcommand === '--help' || subcommand === '-h') console.log(BENCH_USAGE);
else if (subcommand === 'search') process.exitCode = await searchCommand(rest, repoRoot);
else await workloadBench(process.argv.slice(2));

async function workloadBench(args: string[]): Promise<void> {
  const unknown = args.filter((a) => a !== '--quick');
  if (unknown.length > 0) {
    console.error(`bench: unknown argument ${unknown.map((a) => `'${a}'`).join(', ')}\n\n${BENCH_USAGE}`);
    process.exit(2);
  }
  const quick = args.includes('--quick');
  const outDir = join(repoRoot, 'reports', 'bench');

  const torch = findTorchPython();
  console.log(torch ? `PyTorch: torch ${torch.torchVersion} from ${torch.executable}, BLAS ${torch.blas ?? 'built in'}` : `PyTorch: ${noTorchPythonMessage()}; left out`);
  // Debian's torch uses whatever provides libblas.so.3; the Netlib reference makes its matmuls several times slower.
  if (torch?.blas?.includes('/blas/libblas')) console.log('PyTorch: that is the Netlib reference BLAS; apt install libopenblas0-serial for an optimised one');
  const machine = describeMachine();
  console.log(`machine: ${machineLine(machine)}${machine.relaxedSimd ? '; descent-relaxed runs the opt-in wasm-relaxed-simd kernels' : ''}`);
  const contenders = [...DEFAULT_CONTENDERS, ...(machine.relaxedSimd ? [descentRelaxed] : []), ...(torch ? [pytorchContender(torch)] : [])];

  try {
    const results = await runBenchmark({
      workloads: quick ? WORKLOADS.filter((w) => w.id !== 'matmul-1024') : WORKLOADS,
      contenders,
      rounds: quick ? 2 : 5,
      blockMs: quick ? 60 : 400,
      agreementSteps: quick ? 3 : 5,
      log: (line) => console.log(line),
    });
    console.log('\nstart of the exp command (exp --help):');
    results.cliStart = await measureCliStart({ repoRoot, rounds: quick ? 2 : 5, log: (line) => console.log(line) });
    if (!quick) {
      console.log('\nworker scaling of exp run on the momentum sweep:');
      results.sweepScaling = await measureSweepScaling({ repoRoot, log: (line) => console.log(line) });
      const disturbed = results.sweepScaling.disturbedRounds;
      if (disturbed.length > 0) console.log(`not a quiet run: the CPU loop gave under ${QUIET_PEER_RATIO}x in round(s) ${disturbed.join(', ')}; the scaling numbers say more about the machine there`);
    }
    if (!quick && torch) {
      console.log('\nthe momentum sweep per core, Descent (1 worker) against PyTorch (1 thread):');
      results.torchSweep = await measureTorchSweep({ repoRoot, python: torch, log: (line) => console.log(line) });
    }
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(outDir, 'index.html'), renderBenchReport(results));
    console.log(`\n${markdownTable(results)}\n`);
    for (const t of checkTargets(results)) console.log(`${t.met ? 'met    ' : 'NOT met'}  ${t.workload}: ${t.target} (vs ${t.versus}: ${formatRatio(t.ratio)}, needs ${formatRatio(t.needed)})`);
    console.log(`\nwrote ${join(outDir, 'index.html')} and results.json`);
  } catch (error) {
    if (error instanceof AgreementError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
