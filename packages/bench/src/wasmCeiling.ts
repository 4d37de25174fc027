import { PEAK_FLOPS_PER_ROUND, wasmPeak, wasmRelaxedSimdSupported, type KernelsModule } from '@descent/tensor';
import type { LocalTimedTask, Rate } from './measure.js';

/**
 * The WebAssembly ceiling of the machine, in GFLOP/s: how fast the matmul tile's multiply-adds run on
 * registers alone (tensor's wasmPeak), with plain SIMD (separate multiply and add, what the 'wasm-simd'
 * kernels and TF.js's XNNPACK build use) and, where the engine has it, relaxed SIMD's multiply-add. A matmul
 * reaching it would spend no time on loads, copies or loop control. Timed interleaved with each workload's
 * contenders (a shared machine's speed changes from minute to minute, and the ceiling with it).
 */
export interface WasmCeiling {
  simd: Rate;
  /** null where this Node has no relaxed SIMD. */
  relaxedSimd: Rate | null;
}

/** Rounds of the peak loop per timed unit: 6.4 MFLOP, about a third of a millisecond. */
const ROUNDS_PER_UNIT = 100_000;

const TASK_PREFIX = 'wasm-ceiling-';

/** The peak loop of each module this Node runs, as timed tasks whose work is in GFLOP. */
export function ceilingTasks(): LocalTimedTask[] {
  const modules: KernelsModule[] = wasmRelaxedSimdSupported() ? ['simd', 'relaxed-simd'] : ['simd'];
  const gigaflops = (ROUNDS_PER_UNIT * PEAK_FLOPS_PER_ROUND) / 1e9;
  return modules.map((module) => ({
    name: `${TASK_PREFIX}${module}`,
    runOnce() {
      wasmPeak(module, ROUNDS_PER_UNIT);
      return gigaflops;
    },
  }));
}

/** The ceiling out of measureInterleaved's rates for tasks that included ceilingTasks(). */
export function ceilingFrom(rates: ReadonlyMap<string, Rate>): WasmCeiling {
  return { simd: rates.get(`${TASK_PREFIX}simd`)!, relaxedSimd: rates.get(`${TASK_PREFIX}relaxed-simd`) ?? null };
}
