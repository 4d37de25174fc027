import { HELP_SECONDS_NEEDED } from './cliStart.js';
import type { BenchResults } from './runBenchmark.js';

/** One of issue 6's targets, as measured in a run: Descent's median over another contender's. */
export interface TargetCheck {
  workload: string;
  /** What the issue asks, in words. */
  target: string;
  versus: string;
  /** Descent's median rate divided by the other contender's. */
  ratio: number;
  /** The ratio the target needs. */
  needed: number;
  met: boolean;
}

/**
 * The issues' targets (6 and 20). Those against PyTorch count when bin.ts found a python3 with torch (it leaves
 * PyTorch out otherwise). Matmul has none against PyTorch: OpenBLAS's 8-lane AVX2 FMA is out of reach of
 * 4-lane WebAssembly SIMD; the bench prints every GFLOP/s against the machine's WebAssembly ceiling instead.
 */
const TARGETS: readonly { workload: string; versus: string; needed: number; target: string }[] = [
  { workload: 'lecture-b1', versus: 'hand', needed: 0.5, target: 'within 2x of hand-written loops' },
  { workload: 'lecture-b32', versus: 'hand', needed: 0.5, target: 'within 2x of hand-written loops' },
  { workload: 'lecture-b1024', versus: 'hand', needed: 0.5, target: 'within 2x of hand-written loops' },
  { workload: 'lecture-b1', versus: 'tfjs-cpu', needed: 100, target: '≥ 100x TF.js at batch 1' },
  { workload: 'lecture-b1', versus: 'tfjs-wasm', needed: 100, target: '≥ 100x TF.js at batch 1' },
  { workload: 'lecture-b32', versus: 'tfjs-cpu', needed: 10, target: '≥ 10x TF.js at batch 32' },
  { workload: 'lecture-b32', versus: 'tfjs-wasm', needed: 10, target: '≥ 10x TF.js at batch 32' },
  { workload: 'lecture-b1', versus: 'pytorch', needed: 100, target: '≥ 100x PyTorch (1 thread) at batch 1' },
  { workload: 'lecture-b32', versus: 'pytorch', needed: 10, target: '≥ 10x PyTorch (1 thread) at batch 32' },
  { workload: 'lecture-b1024', versus: 'pytorch', needed: 1, target: '≥ 1x PyTorch (1 thread) at batch 1024' },
  { workload: 'mnist-b32', versus: 'tfjs-wasm', needed: 3, target: '≥ 3x TF.js wasm' },
  { workload: 'mnist-b256', versus: 'tfjs-wasm', needed: 3, target: '≥ 3x TF.js wasm' },
  { workload: 'mnist-b32', versus: 'pytorch', needed: 1, target: '≥ 1x PyTorch (1 thread) at batch 32 (issue 20)' },
  { workload: 'mnist-b256', versus: 'pytorch', needed: 0.5, target: '≥ 0.5x PyTorch (1 thread) at batch 256 (issue 20)' },
  // Issue 20 asks for a margin: it measured 0.79–0.92x before the kernel packed A and B (1.12–1.57x in 10 runs since).
  { workload: 'matmul-512', versus: 'tfjs-wasm', needed: 1, target: '≥ TF.js wasm (XNNPACK), one thread, in every run' },
];

/** The sweep target: 2 workers' runs/s over 1 worker's, as `exp run` reports them, from a cold start. */
export const SWEEP_SCALING_NEEDED = 1.8;

/** Issue 20's first goal: the momentum sweep per core at least this many times PyTorch's runs/s on one thread. */
export const TORCH_SWEEP_NEEDED = 100;

/** Each target whose workload and contenders ran, with the measured ratio. Measured, never asserted. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const t of TARGETS) {
    const ratio = results.workloads.find((w) => w.id === t.workload)?.ratios.find((r) => r.contender === 'descent' && r.versus === t.versus)?.ratio;
    if (ratio === undefined) continue;
    checks.push({ workload: t.workload, target: t.target, versus: t.versus, ratio, needed: t.needed, met: ratio >= t.needed });
  }
  const sweep = results.sweepScaling;
  if (sweep) {
    const ratio = sweep.ratio.median;
    const needed = SWEEP_SCALING_NEEDED;
    checks.push({ workload: `${sweep.sweep} sweep`, target: `2 workers ≥ ${needed}x the runs/s of 1`, versus: '1 worker', ratio, needed, met: ratio >= needed });
    const shipped = sweep.shipped;
    if (shipped) {
      const together = shipped.ratio.median;
      const training = shipped.trainingSecondsOneWorker.median;
      checks.push({
        workload: `every shipped sweep in one exp run (${shipped.sweeps.length} sweeps, ${shipped.runs} runs, ${training.toFixed(0)} s of training on 1 worker)`,
        target: `2 workers ≥ ${needed}x 1 worker, whole process, cold start included`,
        versus: '1 worker',
        ratio: together,
        needed,
        met: together >= needed,
      });
    }
  }
  const torchSweep = results.torchSweep;
  if (torchSweep) {
    const ratio = torchSweep.ratio.median;
    const needed = TORCH_SWEEP_NEEDED;
    checks.push({ workload: `${torchSweep.sweep} sweep per core`, target: `≥ ${needed}x PyTorch (1 thread), runs/s of the whole sweep (${torchSweep.runs} runs)`, versus: 'pytorch', ratio, needed, met: ratio >= needed });
  }
  const help = results.cliStart?.pnpm;
  if (help) {
    // A time, not a rate: the ratio is the allowed time over the measured one, so that ≥ 1 is met.
    const ratio = HELP_SECONDS_NEEDED / help.median;
    checks.push({ workload: 'pnpm exp --help', target: `answers in ≤ ${HELP_SECONDS_NEEDED} s (here ${help.median.toFixed(2)} s)`, versus: `${HELP_SECONDS_NEEDED} s`, ratio, needed: 1, met: ratio >= 1 });
  }
  return checks;
}
