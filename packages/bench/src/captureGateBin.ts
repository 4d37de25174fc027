/**
 * `pnpm --filter @descent/bench capture-gate [--quick]`: issue 21's gate. Descent's training step through
 * capturedStep (the autograd engine, captured and replayed) against compileMlpStep (the hand-fused step),
 * interleaved in one run, on the 3-4-1 net at batch 1 and 32 and the 784-128-10 MNIST net at batch 32 and
 * 256. The gate holds where captured/compiled ≥ 0.9. Prints a table; writes nothing.
 */
import { descent, descentCaptured } from './contenders/index.js';
import { runBenchmark } from './runBenchmark.js';
import { formatRatio, markdownTable } from './summaryTable.js';
import { WORKLOADS } from './workloads.js';

/** The workloads issue 21 names, and the slowest the captured step may be relative to the compiled one. */
const GATE_WORKLOADS = ['lecture-b1', 'lecture-b32', 'mnist-b32', 'mnist-b256'];
const GATE_RATIO = 0.9;

const args = process.argv.slice(2);
if (args.some((a) => a !== '--quick')) {
  console.error(`capture-gate: unknown argument(s) ${args.filter((a) => a !== '--quick').join(' ')}; usage: capture-gate [--quick]`);
  process.exit(2);
}
const quick = args.includes('--quick');
const results = await runBenchmark({
  workloads: WORKLOADS.filter((w) => GATE_WORKLOADS.includes(w.id)),
  contenders: [descent, descentCaptured],
  rounds: quick ? 2 : 5,
  blockMs: quick ? 100 : 400,
  log: (line) => console.log(line),
});
console.log(`\n${markdownTable(results)}\n`);
for (const workload of results.workloads) {
  const ratio = workload.ratios.find((r) => r.contender === descentCaptured.name && r.versus === descent.name)?.ratio ?? NaN;
  console.log(`${ratio >= GATE_RATIO ? 'met    ' : 'NOT met'}  ${workload.id}: captured/compiled ${formatRatio(ratio)} (needs ${formatRatio(GATE_RATIO)})`);
}
